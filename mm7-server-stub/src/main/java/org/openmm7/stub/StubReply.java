package org.openmm7.stub;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ResponseStatus;

/**
 * A scripted answer: queue it with {@link Mm7StubServer#enqueue(StubReply)} or return it from a
 * {@link Dispatcher}. Immutable; the {@code with...} methods return modified copies.
 *
 * <pre>{@code
 * stub.enqueue(StubReply.status(Mm7Status.SERVICE_UNAVAILABLE).faultOverHttp200());
 * stub.enqueue(StubReply.relay().withDelay(Duration.ofSeconds(2)));
 * stub.enqueue(StubReply.connectionReset());
 * }</pre>
 */
public final class StubReply {
  /** What kind of answer. */
  public enum Kind {
    /** Answer as the relay does (the default behaviour); a status, if set, replaces the one it would send. */
    RELAY,
    /** Send the given MM7 response (an {@link ErrorResponse} goes in a SOAP Fault). */
    MESSAGE,
    /** HTTP status with an empty body. */
    EMPTY,
    /** Close the connection without answering. */
    CONNECTION_RESET,
    /** Send these bytes as they are. */
    RAW
  }

  private final Kind kind;
  private final Mm7Response message;
  private final Mm7Status status;
  private final int httpStatus;
  private final Duration delay;
  private final String contentType;
  private final byte[] body;

  private StubReply(Kind kind, Mm7Response message, Mm7Status status, int httpStatus, Duration delay,
      String contentType, byte[] body) {
    this.kind = kind;
    this.message = message;
    this.status = status;
    this.httpStatus = httpStatus;
    this.delay = delay;
    this.contentType = contentType;
    this.body = body;
  }

  /** The relay's own answer. */
  public static StubReply relay() {
    return RELAY;
  }

  /** Immutable, so one for every request the relay answers itself. */
  private static final StubReply RELAY = new StubReply(Kind.RELAY, null, null, 0, Duration.ZERO, null, null);

  /**
   * Any status code: below 2000 the stub's own answer carrying this status (a SubmitRsp for a
   * SubmitReq, ...); from 2000 on an error response in a SOAP Fault (HTTP 500), without touching
   * the store: an RSErrorRsp from a relay, a VASPErrorRsp from a stub in the VASP role.
   */
  public static StubReply status(Mm7Status status) {
    Objects.requireNonNull(status, "status");
    return new StubReply(Kind.RELAY, null, status, 0, Duration.ZERO, null, null);
  }

  /** {@link #status(Mm7Status)} for any integer code. */
  public static StubReply status(int code) {
    return status(Mm7Status.of(code));
  }

  /** This MM7 response, in the request's namespace and with its TransactionID (a fault with HTTP 500). */
  public static StubReply message(Mm7Response response) {
    Objects.requireNonNull(response, "response");
    return new StubReply(Kind.MESSAGE, response, null, response instanceof ErrorResponse ? 500 : 200,
        Duration.ZERO, null, null);
  }

  /** An HTTP status and no body at all (some peers answer 200 with nothing). */
  public static StubReply empty(int httpStatus) {
    return new StubReply(Kind.EMPTY, null, null, httpStatus, Duration.ZERO, null, null);
  }

  /** The connection is closed without an answer: the client sees a reset or end of stream. */
  public static StubReply connectionReset() {
    return new StubReply(Kind.CONNECTION_RESET, null, null, 0, Duration.ZERO, null, null);
  }

  /** These bytes as the body, with this status and Content-Type (nothing is checked). */
  public static StubReply raw(int httpStatus, String contentType, byte[] body) {
    return new StubReply(Kind.RAW, null, null, httpStatus, Duration.ZERO, contentType, body.clone());
  }

  /** The same reply, sent after this delay (the request is recorded at once). */
  public StubReply withDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay " + delay);
    }
    return new StubReply(kind, message, status, httpStatus, delay, contentType, body);
  }

  /** The same reply with another HTTP status (e.g. a SOAP Fault over HTTP 200, as some relays send it). */
  public StubReply withHttpStatus(int httpStatus) {
    if (httpStatus < 100 || httpStatus > 599) {
      throw new IllegalArgumentException("HTTP status " + httpStatus);
    }
    return new StubReply(kind, message, status, httpStatus, delay, contentType, body);
  }

  /** A fault sent with HTTP 200 instead of 500. */
  public StubReply faultOverHttp200() {
    return withHttpStatus(200);
  }

  public Kind kind() {
    return kind;
  }

  /** The response to send ({@link Kind#MESSAGE}), or null. */
  public Mm7Response message() {
    return message;
  }

  /** The status replacing the relay's own ({@link Kind#RELAY}), or null. */
  public Mm7Status status() {
    return status;
  }

  /** The HTTP status, 0 for "what the reply's kind implies". */
  public int httpStatus() {
    return httpStatus;
  }

  public Duration delay() {
    return delay;
  }

  /** Not API: public for the stub's internal packages only. */
  public String contentType() {
    return contentType;
  }

  /** Not API: public for the stub's internal packages only. */
  public byte[] body() {
    return body;
  }

  @Override
  public String toString() {
    return "StubReply[" + kind + (message != null ? " " + message : "") + (status != null ? " " + status : "")
        + (httpStatus != 0 ? " http=" + httpStatus : "") + (delay.isZero() ? "" : " delay=" + delay)
        + (body != null ? " " + body.length + " bytes" : "") + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StubReply r && kind == r.kind && Objects.equals(message, r.message)
        && Objects.equals(status, r.status) && httpStatus == r.httpStatus && delay.equals(r.delay)
        && Objects.equals(contentType, r.contentType) && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, message, status, httpStatus, delay);
  }
}
