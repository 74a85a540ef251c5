package org.openmm7.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.Mm7StubServer;

/**
 * Case 5: from {@code Mm7StubServer.builder()...start()} to the first answered request, in a
 * fresh JVM (cold: the figure a test suite pays once) and then again in the same JVM (warm). The
 * request is prepared before the clock starts and sent over a plain socket, so that the figure
 * is the stub's. With {@code jetty} as the second argument, the same for an empty Jetty server
 * (the stub's thread pool, connector and HTTP settings, a handler that reads the body and answers
 * 200): the floor under the stub's figure on the machine at that moment, which the bench
 * measures alternately with it.
 */
public final class StartupProbe {
  private StartupProbe() {}

  /** args[0]: a file holding the whole HTTP request (see {@link #request()}), written by the bench. */
  public static void main(String[] args) throws Exception {
    byte[] request = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(args[0]));
    boolean emptyJetty = args.length > 1 && args[1].equals("jetty");
    long[] took = new long[2];
    for (int i = 0; i < 2; i++) {
      long t0 = System.nanoTime();
      String status = emptyJetty ? EmptyJetty.firstAnswer(request) : stubFirstAnswer(request);
      took[i] = System.nanoTime() - t0;
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IOException((emptyJetty ? "the empty Jetty server" : "the stub") + " answered " + status);
      }
    }
    System.out.println("RESULT cold=" + took[0] + " warm=" + took[1]);
  }

  private static String stubFirstAnswer(byte[] request) throws IOException {
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      return exchange(stub.endpoint(), request);
    }
  }

  /** A Jetty server set up as the stub's listeners are, with nothing of MM7: start, one POST, stop. */
  static final class EmptyJetty extends org.eclipse.jetty.server.Handler.Abstract {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    static String firstAnswer(byte[] request) throws Exception {
      org.eclipse.jetty.util.thread.QueuedThreadPool pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(64, 2);
      pool.setName("empty-jetty");
      pool.setDaemon(true);
      org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server(pool);
      org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
      http.setSendServerVersion(false);
      http.setSendDateHeader(true);
      org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server,
          new org.eclipse.jetty.server.HttpConnectionFactory(http));
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      server.setHandler(new EmptyJetty());
      server.setStopTimeout(0);
      server.start();
      try {
        return exchange(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mm7"), request);
      } finally {
        server.stop();
      }
    }

    @Override
    public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
        org.eclipse.jetty.util.Callback callback) throws Exception {
      try (InputStream body = org.eclipse.jetty.server.Request.asInputStream(request)) {
        body.transferTo(OutputStream.nullOutputStream());
      }
      response.setStatus(200);
      response.write(true, java.nio.ByteBuffer.wrap(OK), callback);
      return true;
    }
  }

  /**
   * A text-1k SubmitReq as a whole HTTP/1.1 request to 127.0.0.1/mm7, made by the bench before a
   * probe starts, so that the probe's JVM has not run the codec before the stub does.
   */
  static byte[] request() throws IOException {
    BenchMessages m = BenchMessages.TEXT_1K;
    EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of("startup-1", Mm7Release.REL_6_MM7_1_4,
        m.submit(m.payload())));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    e.writeTo(body);
    String head = "POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1"
        + "\r\nContent-Type: " + e.contentType() + "\r\nSOAPAction: \"\"\r\nContent-Length: " + body.size()
        + "\r\nConnection: close\r\n\r\n";
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.write(head.getBytes(StandardCharsets.ISO_8859_1));
    body.writeTo(all);
    return all.toByteArray();
  }

  /** Sends the request, reads the whole answer; returns its status line. */
  static String exchange(URI endpoint, byte[] request) throws IOException {
    try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = s.getInputStream();
      byte[] all = in.readAllBytes();
      String text = new String(all, StandardCharsets.ISO_8859_1);
      int eol = text.indexOf("\r\n");
      return eol < 0 ? text : text.substring(0, eol);
    }
  }
}
