package org.openmm7.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's side of the outbound bounds: a relay answering 2 GB (declared or streamed) is cut
 * off at {@code maxResponseSize} with a clear exception and its connection closed; a relay
 * dripping its answer ends at {@code callTimeout}. The relay is a raw socket.
 */
class ReplyBoundsTest {
  private static final long TWO_GB = 2L * 1024 * 1024 * 1024;

  interface Answer {
    void write(OutputStream out) throws IOException, InterruptedException;
  }

  private ServerSocket listener;
  private volatile Answer answer;
  /** Bytes of the answer written before the connection ended, per connection. */
  private final BlockingQueue<Long> written = new LinkedBlockingQueue<>();

  @BeforeEach
  void listen() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!listener.isClosed()) {
        try {
          Socket s = listener.accept();
          Thread t = new Thread(() -> serve(s), "reply-bounds-relay");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "reply-bounds-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void serve(Socket s) {
    long[] count = {0};
    try (s) {
      InputStream in = s.getInputStream();
      int matched = 0;
      long length = 0;
      StringBuilder head = new StringBuilder();
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.append((char) b);
        matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      for (String line : head.toString().split("\r\n")) {
        if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          length = Long.parseLong(line.substring(15).trim());
        }
      }
      in.readNBytes((int) length);
      OutputStream raw = s.getOutputStream();
      answer.write(new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          raw.write(b);
          count[0]++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          raw.write(b, off, len);
          count[0] += len;
        }

        @Override
        public void flush() throws IOException {
          raw.flush();
        }
      });
    } catch (IOException | InterruptedException e) {
      // the client closed the connection
    } finally {
      written.add(count[0]);
    }
  }

  @AfterEach
  void close() throws IOException {
    listener.close();
  }

  private Mm7Client client(Duration callTimeout) {
    return Mm7Client.builder(URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/mm7"))
        .callTimeout(callTimeout).readTimeout(Duration.ofSeconds(30)).build();
  }

  private static void stream(OutputStream out, String head, long bytes) throws IOException {
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    for (long left = bytes; left > 0; left -= chunk.length) {
      out.write(chunk, 0, (int) Math.min(chunk.length, left));
    }
  }

  @Test
  void aTwoGigabyteSuccessReplyIsAProtocolExceptionNamingTheBound() throws Exception {
    for (String framing : new String[] {"Content-Length: " + TWO_GB, "Connection: close"}) {
      answer = out -> stream(out, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n" + framing + "\r\n\r\n", TWO_GB);
      try (Mm7Client c = client(Duration.ofSeconds(30))) {
        long t0 = System.nanoTime();
        Mm7ProtocolException e = assertThrows(Mm7ProtocolException.class, () -> c.submit(Replies.submit(), "tx-1"));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().contains("larger than 4194304 bytes"), e.getMessage());
        long sent = written.poll(10, TimeUnit.SECONDS);
        assertTrue(sent < 64L * 1024 * 1024, "the relay could write " + sent + " bytes");
        System.out.printf("client, 2 GB reply (%s): %s in %d ms, the relay wrote %d bytes%n", framing,
            e.getClass().getSimpleName(), millis, sent);
      }
    }
  }

  @Test
  void aTwoGigabyteErrorPageIsATransportExceptionNamingTheBound() throws Exception {
    answer = out -> stream(out, "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n",
        TWO_GB);
    try (Mm7Client c = client(Duration.ofSeconds(30))) {
      Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> c.submit(Replies.submit(), "tx-1"));
      assertEquals(Mm7TransportException.Kind.HTTP_STATUS, e.kind());
      assertTrue(e.getMessage().contains("larger than 4194304 bytes"), e.getMessage());
      assertTrue(written.poll(10, TimeUnit.SECONDS) < 64L * 1024 * 1024);
    }
  }

  @Test
  void aDrippedReplyEndsAtTheCallTimeout() throws Exception {
    answer = out -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      for (int i = 0; i < 100_000; i++) {
        out.write('<');
        out.flush();
        Thread.sleep(20); // the drip itself, not synchronisation
      }
    };
    try (Mm7Client c = client(Duration.ofMillis(1000))) {
      long t0 = System.nanoTime();
      Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> c.submit(Replies.submit(), "tx-1"));
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(Mm7TransportException.Kind.TIMEOUT, e.kind());
      assertTrue(millis < 5000, "ended after " + millis + " ms");
      written.poll(10, TimeUnit.SECONDS); // the relay saw the connection closed
      System.out.printf("client, dripped reply: TIMEOUT after %d ms (call timeout 1000 ms)%n", millis);
    }
  }
}
