package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --head-timeout} and {@code --body-timeout} of {@code mm7 stub} and {@code mm7 listen}
 * reach the server: a head or a body still arriving (steadily, above any minimum rate) is cut off
 * after the configured time, far sooner than the defaults (10 s and 60 s).
 */
class TimeoutOptionsTest {
  /** Runs {@code mm7 args...} until it prints "Press Ctrl-C"; the port it listens on. */
  private static int start(CommandLine cl, String... args) throws Exception {
    cl.setErr(new PrintWriter(new StringWriter()));
    return Started.run(cl, args).port();
  }

  /**
   * Sends {@code head}, then {@code drip} every 50 ms until the server answers or closes; the
   * milliseconds that took and the answer's first line (empty when it just closed).
   */
  private static Object[] dripUntilCutOff(int port, String head, byte[] drip, long maxMillis) throws IOException {
    long start = System.nanoTime();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(50);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      StringBuilder answer = new StringBuilder();
      while ((System.nanoTime() - start) / 1_000_000 < maxMillis) {
        try {
          out.write(drip);
          out.flush();
          int b = in.read();
          if (b < 0) {
            break;
          }
          answer.append((char) b);
          while ((b = in.read()) >= 0 && b != '\r') {
            answer.append((char) b);
          }
          break;
        } catch (SocketTimeoutException e) {
          // nothing yet: still open
        } catch (IOException e) {
          break; // reset: closed
        }
      }
      return new Object[] {(System.nanoTime() - start) / 1_000_000, answer.toString()};
    }
  }

  private static final String SLOW_HEAD = "POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Drip: ";
  /** A body declared at 1 MB and sent at 10 KB/s: above the minimum rate, never complete in time. */
  private static final String SLOW_BODY = "POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
      + "Content-Length: 1000000\r\n\r\n";
  private static final byte[] BODY_DRIP = " ".repeat(512).getBytes(StandardCharsets.ISO_8859_1);

  private static void assertCutOffBetween(Object[] r, long configured, String what) {
    long ms = (Long) r[0];
    System.out.printf("%s: cut off after %d ms (configured %d ms), answer \"%s\"%n", what, ms, configured, r[1]);
    assertTrue(ms >= configured - 100, what + " cut off after " + ms + " ms, before its " + configured + " ms");
    assertTrue(ms < 6_000, what + " still open after " + ms + " ms: the option did not reach the server");
  }

  @Test
  void stubHeadAndBodyTimeoutsReachTheServer() throws Exception {
    StubCommand stub = new StubCommand();
    int port = start(new CommandLine(stub), "--port", "0", "--no-inbox", "--head-timeout", "1500",
        "--body-timeout", "1500");
    try {
      assertEquals(java.time.Duration.ofMillis(1500), stub.running().options().headTimeout());
      assertCutOffBetween(dripUntilCutOff(port, SLOW_HEAD, new byte[] {'a'}, 20_000), 1500, "stub: dripped head");
      Object[] body = dripUntilCutOff(port, SLOW_BODY, BODY_DRIP, 20_000);
      assertCutOffBetween(body, 1500, "stub: dripped body");
      assertTrue(((String) body[1]).startsWith("HTTP/1.1 408"), "answer " + body[1]);
    } finally {
      stub.stop();
    }
  }

  @Test
  void listenHeadAndBodyTimeoutsReachTheServer() throws Exception {
    CommandLine cl = new CommandLine(new Mm7Command());
    int port = start(cl, "listen", "--port", "0", "--head-timeout", "1500", "--body-timeout", "1500");
    ListenCommand listen = cl.getSubcommands().get("listen").getCommand();
    try {
      assertCutOffBetween(dripUntilCutOff(port, SLOW_HEAD, new byte[] {'a'}, 20_000), 1500, "listen: dripped head");
      Object[] body = dripUntilCutOff(port, SLOW_BODY, BODY_DRIP, 20_000);
      assertCutOffBetween(body, 1500, "listen: dripped body");
      assertTrue(((String) body[1]).startsWith("HTTP/1.1 408"), "answer " + body[1]);
    } finally {
      listen.stop();
    }
  }
}
