package org.openmm7.stub.hostile;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmm7.stub.Mm7StubServer;

/**
 * Slow senders (slowloris): headers, then a body, sent one byte a second to a stub whose idle
 * timeout is 200 ms. The connection is closed after about 200 ms, long before the bytes end, and
 * the stub serves the next valid request.
 */
class SlowSenderTest {
  private static Mm7StubServer stub;

  @BeforeAll
  static void start() throws Exception {
    stub = Mm7StubServer.builder().idleTimeout(Duration.ofMillis(200)).build().start();
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  @Test
  void headersOneByteASecondAreCutOff() throws Exception {
    String head = "POST /mm7 HTTP/1.1\r\nHost: relay.example.net\r\nContent-Type: text/xml\r\nContent-Length: 10\r\n\r\n";
    dripAndExpectClose(head.getBytes(StandardCharsets.ISO_8859_1), 0);
  }

  @Test
  void aBodyOneByteASecondIsCutOff() throws Exception {
    String head = "POST /mm7 HTTP/1.1\r\nHost: relay.example.net\r\nContent-Type: text/xml\r\nContent-Length: 100\r\n\r\n";
    byte[] bytes = (head + "<".repeat(100)).getBytes(StandardCharsets.ISO_8859_1);
    dripAndExpectClose(bytes, head.length());
  }

  /**
   * A body dripped in just faster than the idle timeout (a byte every 100 ms against 200 ms) is
   * cut off by the minimum data rate, and the stub answers the next request.
   */
  @Test
  void aBodyJustFasterThanTheIdleTimeoutIsCutOffByItsRate() throws Exception {
    try (Mm7StubServer rated = Mm7StubServer.builder().idleTimeout(Duration.ofMillis(200))
        .minRequestDataRate(100).build().start()) {
      String head = "POST /mm7 HTTP/1.1\r\nHost: relay.example.net\r\nContent-Type: text/xml\r\nContent-Length: 200\r\n\r\n";
      byte[] bytes = (head + "<".repeat(200)).getBytes(StandardCharsets.ISO_8859_1);
      drip(rated, bytes, head.length(), 100, 5000);
    }
  }

  /** Sends the first {@code fast} bytes at once, the rest one a second; the server must hang up within 3 s. */
  private static void dripAndExpectClose(byte[] bytes, int fast) throws Exception {
    drip(stub, bytes, fast, 1000, 3000);
  }

  private static void drip(Mm7StubServer stub, byte[] bytes, int fast, long pauseMillis, long withinMillis)
      throws Exception {
    AtomicInteger sent = new AtomicInteger();
    long started = System.nanoTime();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), stub.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      Thread writer = new Thread(() -> {
        try {
          out.write(bytes, 0, fast);
          out.flush();
          sent.set(fast);
          for (int i = fast; i < bytes.length; i++) {
            out.write(bytes[i]);
            out.flush();
            sent.incrementAndGet();
            Thread.sleep(pauseMillis);
          }
        } catch (Exception e) {
          // closed by the server: expected
        }
      });
      writer.setDaemon(true);
      writer.start();
      InputStream in = socket.getInputStream();
      // the server either answers (a 4xx) and closes, or just closes: read to the end
      assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
        while (in.read() >= 0) {
          // drain
        }
      });
      writer.interrupt();
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    int remaining = bytes.length - sent.get();
    assertTrue(ms < withinMillis, "the connection stayed open " + ms + " ms");
    assertTrue(remaining > 5, "the bytes had almost all been sent: " + remaining + " left");
    System.out.println("slow sender cut off after " + ms + " ms, " + remaining + " of " + bytes.length + " bytes unsent");
    RawHttp.Response g = RawHttp.exchange(stub.port(),
        new ByteArrayInputStream(Files.readAllBytes(HostileRun.golden())), 10_000);
    assertTrue(g.http() == 200 && g.mm7Status() == 1000, "the next valid request: " + g);
  }
}
