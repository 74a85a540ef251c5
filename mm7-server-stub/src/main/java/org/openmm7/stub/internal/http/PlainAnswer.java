package org.openmm7.stub.internal.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.openmm7.stub.Mm7StubServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A bare HTTP answer of one line of text: what the stub says where MM7 has nothing to say (404, 405, 408, 401...). */
final class PlainAnswer {
  private static final Logger log = LoggerFactory.getLogger(Mm7StubServer.class);

  private PlainAnswer() {}

  static void write(Response response, Callback callback, int status, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    try {
      response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    } catch (IllegalStateException e) {
      // Jetty throws this when the exchange already ended (a client that went away while its body
      // arrived): there is nobody to answer, and it is not a failure of the stub (was logged as
      // an ERROR with a 3000 answer attempted on the dead exchange)
      log.debug("no answer {}: the exchange had already ended ({})", status, e.getMessage());
    }
  }
}
