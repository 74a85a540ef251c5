package org.openmm7.client.internal.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error handler of last resort for the MM7 servers: what Jetty answers on its own (broken
 * HTTP framing, a header too long, a handler that failed) is a short {@code text/plain} line with
 * the status and its standard reason phrase, never an HTML page, and never the failure's message
 * (which may name a Java class). Not part of the public API.
 */
public final class PlainErrorHandler extends ErrorHandler {
  /** The body of every error answer: e.g. {@code "400 Bad Request\n"}. */
  public static String text(int status) {
    String reason = HttpStatus.getMessage(status);
    return status + " " + (reason == null ? "Error" : reason) + "\n";
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    write(response.getHeaders(), response, code, callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    // a message Jetty could not parse: there is no request, only the connection
    fields.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    return ByteBuffer.wrap(text(status).getBytes(StandardCharsets.UTF_8));
  }

  private static void write(HttpFields.Mutable headers, Response response, int code, Callback callback) {
    byte[] body = text(code).getBytes(StandardCharsets.UTF_8);
    headers.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    headers.put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
