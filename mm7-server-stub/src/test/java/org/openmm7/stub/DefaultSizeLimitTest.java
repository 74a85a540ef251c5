package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The stub's size limit is on by default (5 MB): a client streaming a 200 MB body gets 2004 after
 * the stub has read a bounded part of it (the limit's worth of the declared length is never read;
 * a bounded rest is drained so that the client sees the answer), and nothing is kept.
 */
class DefaultSizeLimitTest {
  @Test
  void aHugeDeclaredBodyGets2004AfterABoundedRead() throws Exception {
    long limit = Mm7StubServer.builder().maxMessageSize();
    assertEquals(5L * 1024 * 1024, limit, "on by default");
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start();
         Socket s = new Socket(stub.endpoint().getHost(), stub.port())) {
      s.setSoTimeout(20_000);
      long declared = 200L * 1024 * 1024;
      OutputStream out = s.getOutputStream();
      out.write(("POST /mm7 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: " + declared
          + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      AtomicLong written = new AtomicLong();
      Thread writer = new Thread(() -> {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        try {
          while (written.get() < declared) {
            out.write(chunk);
            written.addAndGet(chunk.length);
          }
        } catch (Exception e) {
          // the stub answered and closed
        }
      });
      writer.setDaemon(true);
      writer.start();
      String answer = readResponse(s.getInputStream());
      long sent = written.get();
      assertTrue(answer.startsWith("HTTP/1.1 500"), answer);
      assertTrue(answer.contains(">2004<"), answer);
      assertTrue(sent < 64L * 1024 * 1024, "answered after " + sent + " bytes of " + declared);
      RecordedRequest r = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      assertEquals("size-limit-exceeded", r.rejection());
      assertTrue(r.rawBytes().length <= 64 * 1024 + 4096, "kept " + r.rawBytes().length + " bytes");
      assertTrue(stub.storedMessages().isEmpty());
    }
  }

  private static String readResponse(InputStream in) throws java.io.IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String h = head.toString(StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(h);
    return h + (m.find() ? new String(in.readNBytes(Integer.parseInt(m.group(1))), StandardCharsets.UTF_8) : "");
  }
}
