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
 * is the stub's.
 */
public final class StartupProbe {
  private StartupProbe() {}

  /** args[0]: a file holding the whole HTTP request (see {@link #request()}), written by the bench. */
  public static void main(String[] args) throws Exception {
    byte[] request = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(args[0]));
    long[] took = new long[2];
    for (int i = 0; i < 2; i++) {
      long t0 = System.nanoTime();
      try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
        String status = exchange(stub.endpoint(), request);
        took[i] = System.nanoTime() - t0;
        if (!status.startsWith("HTTP/1.1 200")) {
          throw new IOException("the stub answered " + status);
        }
      }
    }
    System.out.println("RESULT cold=" + took[0] + " warm=" + took[1]);
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
