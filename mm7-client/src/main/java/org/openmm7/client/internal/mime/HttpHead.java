package org.openmm7.client.internal.mime;

import java.util.Optional;

/**
 * The start line and headers of a captured HTTP message (or just the headers of a MIME file, when
 * {@link #hasStartLine()} is false).
 *
 * @param isRequest whether the start line is a request line
 * @param method the request method (null for a response)
 * @param target the request target (null for a response)
 * @param version the protocol, e.g. {@code HTTP/1.1} (null without a start line)
 * @param statusCode the response status (-1 for a request or without a start line)
 * @param reason the response reason phrase (possibly empty; null for a request)
 * @param headers the header fields
 */
public record HttpHead(
    boolean isRequest,
    String method,
    String target,
    String version,
    int statusCode,
    String reason,
    HttpHeaders headers) {

  /** Whether there was an HTTP start line (a MIME file has none). */
  public boolean hasStartLine() {
    return version != null;
  }

  /** The first value of a header, case-insensitive. */
  public Optional<String> first(String name) {
    return headers.first(name);
  }
}
