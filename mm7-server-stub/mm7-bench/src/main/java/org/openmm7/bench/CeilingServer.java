package org.openmm7.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;

/**
 * Case 2's server: the stub's server stack (Jetty 12, the same thread pool and connector set-up)
 * with a handler that reads the whole body, through the same InputStream view the stub reads,
 * and answers a fixed SubmitRsp prepared once. With {@code -Dopenmm7.bench.ceilingSpinNanos=N} it
 * also spends N nanoseconds of CPU per request before answering: a ceiling as slow as the stub, to
 * measure what a slower server costs the sockets and the client's threads by itself
 * ({@link SubmitProfile}).
 */
final class CeilingServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final byte[] answer;
  private final String answerType;
  private final long spinNanos = Long.getLong("openmm7.bench.ceilingSpinNanos", 0L);

  CeilingServer() throws Exception {
    EncodedMessage rsp = Mm7Codec.lenient().encode(Mm7Envelope.of("bench-1", Mm7Release.REL_6_MM7_1_4,
        SubmitResponse.builder().status(ResponseStatus.SUCCESS).messageId("ceiling-1").build()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    rsp.writeTo(out);
    answer = out.toByteArray();
    answerType = rsp.contentType();
    QueuedThreadPool pool = new QueuedThreadPool(64, 2);
    pool.setName("bench-ceiling");
    pool.setDaemon(true);
    server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws IOException {
        try (InputStream in = Request.asInputStream(request)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
        if (spinNanos > 0) {
          spin(spinNanos);
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answerType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.length);
        response.write(true, ByteBuffer.wrap(answer), callback);
        return true;
      }
    });
    server.setStopTimeout(0);
    server.start();
  }

  /** Keeps this thread busy for about {@code nanos}. */
  private static long spin(long nanos) {
    long end = System.nanoTime() + nanos;
    long turns = 0;
    while (System.nanoTime() < end) {
      turns++;
    }
    return turns;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mm7");
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
