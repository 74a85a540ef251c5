package org.openmm7.client.inbound;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.openmm7.client.internal.transport.PlainErrorHandler;

/**
 * The servlet context's error handler in {@link Mm7InboundServer}: an error the servlet container
 * answers itself ({@code sendError}, a servlet that threw) is a short {@code text/plain} line,
 * never Jetty's HTML page or a Java class name.
 */
final class PlainServletErrorHandler extends ErrorHandler {
  @Override
  protected void generateAcceptableResponse(ServletContextRequest baseRequest, HttpServletRequest request,
      HttpServletResponse response, int code, String message) throws IOException {
    byte[] body = PlainErrorHandler.text(code).getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/plain; charset=utf-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    return ByteBuffer.wrap(PlainErrorHandler.text(status).getBytes(StandardCharsets.UTF_8));
  }
}
