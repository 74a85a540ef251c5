package org.openmm7.client;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The exchange failed below MM7: the relay could not be reached, TLS failed, a timeout expired,
 * the connection was reset, or the relay answered with an HTTP error and no SOAP body (a 401, a
 * proxy's HTML 502 page, an empty 404). {@link #httpStatus()} holds the HTTP status where there
 * was one, and {@link #excerpt()} a bounded excerpt of the body that came with it.
 *
 * <p>Whether the relay processed a request that failed this way is unknown: the client never
 * resends a SubmitReq by itself.
 */
public class Mm7TransportException extends Mm7Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of failure it was. */
  public enum Kind {
    /** The TCP connection could not be made (refused, unknown host, unreachable). */
    CONNECT,
    /** The TLS handshake failed (untrusted certificate, hostname mismatch, no client certificate). */
    TLS,
    /** The connect, read or call timeout expired. */
    TIMEOUT,
    /** The relay answered with an HTTP error status and no SOAP body. */
    HTTP_STATUS,
    /** Any other I/O failure: connection reset, closed without a response, a broken stream. */
    IO,
    /** The call was cancelled or its thread interrupted, or the client was closed. */
    CANCELLED
  }

  private final Kind kind;
  private final int httpStatus;
  private final String excerpt;

  public Mm7TransportException(Kind kind, String message, Throwable cause) {
    this(kind, message, -1, null, cause);
  }

  /**
   * @param kind       what failed
   * @param message    what happened
   * @param httpStatus the HTTP status, or -1 when there was no response
   * @param excerpt    a bounded excerpt of the response body, or null
   * @param cause      the underlying exception, or null
   */
  public Mm7TransportException(Kind kind, String message, int httpStatus, String excerpt, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.httpStatus = httpStatus;
    String e = excerpt == null ? "" : excerpt;
    this.excerpt = e.length() <= Mm7ProtocolException.MAX_EXCERPT ? e
        : e.substring(0, Mm7ProtocolException.MAX_EXCERPT) + "...";
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status of the response, when one came back. */
  public OptionalInt httpStatus() {
    return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  /** Up to {@link Mm7ProtocolException#MAX_EXCERPT} characters of the response body, or empty. */
  public String excerpt() {
    return excerpt;
  }
}
