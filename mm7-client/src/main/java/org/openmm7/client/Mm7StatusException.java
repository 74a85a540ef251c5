package org.openmm7.client;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ResponseStatus;

/**
 * A peer answered with a non-success MM7 status, however it arrived: an RSErrorRsp or VASPErrorRsp
 * in a SOAP Fault (with HTTP 500 or 200), a bare Fault whose status was read from its faultstring,
 * or a regular response (a SubmitRsp, say) whose StatusCode is 2xxx, 3xxx, 4xxx or anything else
 * outside 1xxx. 1100 (partial success) is a success and never raises this.
 *
 * <p>Inbound handlers throw it to refuse a pushed request: the endpoint answers with a SOAP Fault
 * carrying a VASPErrorRsp with this status.
 */
public class Mm7StatusException extends Mm7Exception {
  private static final long serialVersionUID = 1L;

  private final ResponseStatus status;
  private final String transactionId;
  private final transient Mm7Response response;
  private final int httpStatus;

  /** A refusal with a status; for inbound handlers. */
  public Mm7StatusException(ResponseStatus status) {
    this(status, null, null, -1);
  }

  /** A refusal with a status code and text; for inbound handlers. */
  public Mm7StatusException(Mm7Status code, String text) {
    this(new ResponseStatus(code, text, null));
  }

  /** A refusal with a status code, text and details; for inbound handlers. */
  public Mm7StatusException(Mm7Status code, String text, String details) {
    this(new ResponseStatus(code, text, details));
  }

  /**
   * The status a peer answered with.
   *
   * @param status        the Status
   * @param transactionId the TransactionID of the exchange, or null
   * @param response      the decoded response (an ErrorResponse for a fault), or null
   * @param httpStatus    the HTTP status it came with, or -1
   */
  public Mm7StatusException(ResponseStatus status, String transactionId, Mm7Response response, int httpStatus) {
    super(describe(Objects.requireNonNull(status, "status"), transactionId));
    this.status = status;
    this.transactionId = transactionId;
    this.response = response;
    this.httpStatus = httpStatus;
  }

  private static String describe(ResponseStatus s, String transactionId) {
    StringBuilder b = new StringBuilder("MM7 status ").append(s.code()).append(' ').append(s.text());
    if (s.details() != null && !s.details().isBlank()) {
      b.append(" (").append(s.details()).append(')');
    }
    if (transactionId != null && !transactionId.isEmpty()) {
      b.append(" [TransactionID ").append(transactionId).append(']');
    }
    return b.toString();
  }

  /** The whole Status: code, text and details. */
  public ResponseStatus status() {
    return status;
  }

  /** The StatusCode as a number, e.g. {@code 2002}. */
  public int code() {
    return status.code();
  }

  /** The StatusCode as an open value with its meaning ({@link Mm7Status#isClientError()}, its constant, ...). */
  public Mm7Status mm7Status() {
    return status.mm7Status();
  }

  /** The StatusText as sent (or the code's standard text when none was). */
  public String statusText() {
    return status.text();
  }

  /** The Details element's text, or null. */
  public String details() {
    return status.details();
  }

  /** The TransactionID of the exchange, or null when unknown (e.g. thrown by a handler). */
  public String transactionId() {
    return transactionId;
  }

  /** The decoded response that carried the status, when there was one. */
  public Optional<Mm7Response> response() {
    return Optional.ofNullable(response);
  }

  /** The HTTP status the answer came with, when it came over HTTP. */
  public OptionalInt httpStatus() {
    return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }
}
