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
    String answer = drip(stub, head.getBytes(StandardCharsets.ISO_8859_1), 0, 1000);
    assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 4"), "a bare 4xx or nothing: " + answer);
  }

  /**
   * A body sent a byte a second to a stub whose idle timeout is 200 ms, with nothing else that could
   * end it (no minimum rate, a body deadline of 5 minutes): the idle timeout alone must cut it off,
   * long before its 100 bytes are there. Told by the bytes left unsent, not by the elapsed time: a
   * busy machine delays the cut and the writer alike (a bound of 3 s on the whole exchange failed
   * at load 33), while without the idle timeout the body would run to its end.
   */
  @Test
  void aBodyOneByteASecondIsCutOff() throws Exception {
    try (Mm7StubServer idleOnly = Mm7StubServer.builder().idleTimeout(Duration.ofMillis(200))
        .minRequestDataRate(0).bodyTimeout(Duration.ofMinutes(5)).build().start()) {
      String head = "POST /mm7 HTTP/1.1\r\nHost: relay.example.net\r\nContent-Type: text/xml\r\nContent-Length: 100\r\n\r\n";
      byte[] bytes = (head + "<".repeat(100)).getBytes(StandardCharsets.ISO_8859_1);
      String answer = drip(idleOnly, bytes, head.length(), 1000);
      assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 4"), "a bare 4xx or nothing: " + answer);
    }
  }

  /**
   * A body dripped in without ever going silent for the idle timeout (a byte every 100 ms, the idle
   * timeout 10 s) is cut off by the minimum data rate: 408 naming the rate, and the stub answers the
   * next request. With an idle timeout of 200 ms, as before, a writer delayed by a busy machine met
   * the idle timeout instead, and the test, taking any 4xx, passed without the rate check.
   */
  @Test
  void aBodyJustFasterThanTheIdleTimeoutIsCutOffByItsRate() throws Exception {
    try (Mm7StubServer rated = Mm7StubServer.builder().idleTimeout(Duration.ofSeconds(10))
        .bodyTimeout(Duration.ofMinutes(5)).minRequestDataRate(100).build().start()) {
      String head = "POST /mm7 HTTP/1.1\r\nHost: relay.example.net\r\nContent-Type: text/xml\r\nContent-Length: 200\r\n\r\n";
      byte[] bytes = (head + "<".repeat(200)).getBytes(StandardCharsets.ISO_8859_1);
      String answer = drip(rated, bytes, head.length(), 100);
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("below the minimum of 100"), answer);
    }
  }

  /**
   * The rate judges the sender's time, not the stub's: a SubmitReq whose head came at once and
   * whose body the sender held back for a moment, then sent whole (or its second half), against a
   * minimum far above what the pause allows, is accepted (1000): the body is all there when read,
   * and a 408 then would only make the VASP send it again. Before, the clock ran from the request's
   * arrival (a stub coming late to read on a busy machine saw the same) and the read completing the
   * body was judged as well. The drip test above shows the rate still cuts a drip off meanwhile.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "the body held back, then sent from byte {0} of 2")
  @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1})
  void aBodyThatArrivesWholeAfterAPauseIsAccepted(int half) throws Exception {
    try (Mm7StubServer rated = Mm7StubServer.builder().idleTimeout(Duration.ofSeconds(10))
        .bodyTimeout(Duration.ofMinutes(5)).minRequestDataRate(1_000_000).build().start()) {
      byte[] request = Files.readAllBytes(HostileRun.golden());
      int bodyStart = new String(request, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
      int split = bodyStart + half * (request.length - bodyStart) / 2;
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), rated.port())) {
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(request, 0, split);
        out.flush();
        Thread.sleep(1_300); // the sender's pause (the stimulus): longer than the rate check's first second
        out.write(request, split, request.length - split);
        out.flush();
        RawHttp.Response r = RawHttp.read(socket.getInputStream());
        assertTrue(r.http() == 200 && r.mm7Status() == 1000, "accepted: " + r);
      }
    }
  }

  /**
   * Sends the first {@code fast} bytes at once, then one every {@code pauseMillis} (the drip's pace:
   * the stimulus, not a synchronisation); the server must hang up before the last byte, and then
   * answer the next valid request. Returns what it answered the drip (empty if nothing). No bound
   * on the elapsed time: a busy machine slows the writer as much as the server, and the bytes left
   * unsent tell a cut-off sender from one that ran to its end.
   */
  private static String drip(Mm7StubServer stub, byte[] bytes, int fast, long pauseMillis) throws Exception {
    AtomicInteger sent = new AtomicInteger();
    long started = System.nanoTime();
    java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), stub.port())) {
      socket.setSoTimeout(60_000);
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
      // the server either answers (a 4xx) and closes, or just closes: read to the end; a drip never
      // cut off runs for 20 s (200 bytes at 100 ms) or 90 s (90 at one a second) and more
      assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
        for (int b; (b = in.read()) >= 0; ) {
          answer.write(b);
        }
      });
      writer.interrupt();
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    int remaining = bytes.length - sent.get();
    assertTrue(remaining > 5, "the bytes had almost all been sent: " + remaining + " left");
    System.out.println("slow sender cut off after " + ms + " ms, " + remaining + " of " + bytes.length + " bytes unsent");
    RawHttp.Response g = RawHttp.exchange(stub.port(),
        new ByteArrayInputStream(Files.readAllBytes(HostileRun.golden())), 10_000);
    assertTrue(g.http() == 200 && g.mm7Status() == 1000, "the next valid request: " + g);
    return answer.toString(StandardCharsets.ISO_8859_1);
  }
}
