package org.openmm7.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;

/**
 * The client against a relay scripted on a raw socket that misbehaves at the byte level: resets,
 * stalls (before and after the request), half a response, random bytes, an HTTP/0.9-style reply,
 * responses and headers that never end. Every call ends within its bound with an
 * {@link Mm7TransportException} or {@link Mm7ProtocolException}, the connection goes back to
 * the pool, and closing the client leaves none of its threads behind.
 */
class MisbehavingRelayTest {
  /** What the scripted relay does with one accepted connection. */
  interface Script {
    void serve(Socket s, InputStream in, OutputStream out) throws Exception;
  }

  private ServerSocket listener;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private volatile Script script;
  private Thread acceptor;
  private Set<Thread> threadsBefore;
  private Mm7Client client;

  @BeforeEach
  void listen() throws IOException {
    threadsBefore = Thread.getAllStackTraces().keySet();
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!listener.isClosed()) {
        try {
          Socket s = listener.accept();
          accepted.add(s);
          Thread t = new Thread(() -> {
            try (s) {
              script.serve(s, s.getInputStream(), s.getOutputStream());
            } catch (Exception e) {
              // the client went away: expected in most scripts
            }
          }, "scripted-relay-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "scripted-relay");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void noLeaks() throws Exception {
    if (client != null) {
      assertEquals(0, client.leasedConnections(), "the connection is back in the pool: " + client.poolStats());
      client.close();
      // every thread the client started ends once it is closed
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      List<String> left;
      do {
        left = clientThreads();
        if (left.isEmpty()) {
          break;
        }
        Thread.sleep(20);
      } while (System.nanoTime() < deadline);
      assertEquals(List.of(), left, "client threads still running after close()");
    }
    listener.close();
    for (Socket s : accepted) {
      s.close();
    }
  }

  private List<String> clientThreads() {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && !threadsBefore.contains(t) && !t.getName().startsWith("scripted-relay")
          && (t.getName().startsWith("mm7-client") || t.getName().contains("connection-evictor")
          || t.getName().startsWith("httpclient"))) {
        names.add(t.getName());
      }
    }
    return names;
  }

  private Mm7Client client(Duration callTimeout) {
    client = Mm7Client.builder(URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/mm7"))
        .vaspId("acme").vasId("alerts").senderAddress(Address.shortCode("12345"))
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(30)).callTimeout(callTimeout)
        .build();
    return client;
  }

  /** Submits and returns what it threw, failing if it took longer than {@code bound}. */
  private Mm7Exception failure(Duration callTimeout, Duration bound, SubmitRequest request) {
    Mm7Client c = client(callTimeout);
    return assertTimeoutPreemptively(bound, () -> {
      try {
        c.submit(request, "tx-1");
      } catch (Mm7Exception e) {
        return e;
      }
      return fail("a misbehaving relay's reply was taken as a success");
    });
  }

  private Mm7Exception failure(Duration callTimeout, Duration bound) {
    return failure(callTimeout, bound, Replies.submit());
  }

  private static Mm7TransportException.Kind kind(Mm7Exception e) {
    assertTrue(e instanceof Mm7TransportException, "a transport failure: " + e);
    return ((Mm7TransportException) e).kind();
  }

  /** Reads the request head and its Content-Length body. */
  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the client closed the connection");
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String h = head.toString(StandardCharsets.ISO_8859_1);
    for (String line : h.split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        in.readNBytes(Integer.parseInt(line.substring(15).trim()));
      }
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  // ---- resets ----

  @Test
  void resetAfterTheRequest() {
    script = (s, in, out) -> {
      readRequest(in);
      s.setSoLinger(true, 0);
      s.close();
    };
    assertEquals(Mm7TransportException.Kind.IO, kind(failure(Duration.ofSeconds(5), Duration.ofSeconds(10))));
  }

  @Test
  void resetInTheMiddleOfALargeRequest() {
    script = (s, in, out) -> {
      in.readNBytes(10_000);
      s.setSoLinger(true, 0);
      s.close();
    };
    SubmitRequest big = SubmitRequest.builder().recipients(Recipients.to(Address.number("+447000000001")))
        .content(BinaryPart.ofBytes(new byte[2 * 1024 * 1024], "image/jpeg")).build();
    assertEquals(Mm7TransportException.Kind.IO,
        kind(failure(Duration.ofSeconds(5), Duration.ofSeconds(10), big)));
  }

  @Test
  void resetInTheMiddleOfTheResponse() {
    script = (s, in, out) -> {
      readRequest(in);
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5000\r\n\r\n<env:Envelope"));
      out.flush();
      s.setSoLinger(true, 0);
      s.close();
    };
    assertEquals(Mm7TransportException.Kind.IO, kind(failure(Duration.ofSeconds(5), Duration.ofSeconds(10))));
  }

  // ---- stalls: the call timeout is honoured ----

  @Test
  void stallAfterReadingTheRequest() {
    script = (s, in, out) -> {
      readRequest(in);
      Thread.sleep(20_000);
    };
    long t0 = System.nanoTime();
    Mm7Exception e = failure(Duration.ofMillis(500), Duration.ofSeconds(5));
    assertEquals(Mm7TransportException.Kind.TIMEOUT, kind(e));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 3000, "gave up after " + ms + " ms");
  }

  @Test
  void stallWithoutReadingALargeRequest() {
    script = (s, in, out) -> Thread.sleep(20_000); // the socket buffers fill and the client's write blocks
    SubmitRequest big = SubmitRequest.builder().recipients(Recipients.to(Address.number("+447000000001")))
        .content(BinaryPart.ofBytes(new byte[8 * 1024 * 1024], "image/jpeg")).build();
    Mm7Exception e = failure(Duration.ofMillis(800), Duration.ofSeconds(6), big);
    assertEquals(Mm7TransportException.Kind.TIMEOUT, kind(e));
  }

  @Test
  void stallInTheMiddleOfTheHeaders() {
    script = (s, in, out) -> {
      readRequest(in);
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: te"));
      out.flush();
      Thread.sleep(20_000);
    };
    assertEquals(Mm7TransportException.Kind.TIMEOUT, kind(failure(Duration.ofMillis(500), Duration.ofSeconds(5))));
  }

  @Test
  void aResponseThatTricklesForeverHitsTheCallTimeout() {
    script = (s, in, out) -> {
      readRequest(in);
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n"));
      for (int i = 0; i < 2000; i++) {
        out.write(' ');
        out.flush();
        Thread.sleep(10);
      }
    };
    assertEquals(Mm7TransportException.Kind.TIMEOUT, kind(failure(Duration.ofMillis(700), Duration.ofSeconds(6))));
  }

  // ---- half a response ----

  @Test
  void contentLengthLargerThanWhatIsSentThenClose() {
    script = (s, in, out) -> {
      readRequest(in);
      byte[] reply = ascii(Replies.submitRsp("tx-1", 1000, "msg-1"));
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: "
          + (reply.length + 500) + "\r\n\r\n"));
      out.write(reply);
      out.flush();
    };
    Mm7Exception e = failure(Duration.ofSeconds(5), Duration.ofSeconds(10));
    assertEquals(Mm7TransportException.Kind.IO, kind(e), "a whole envelope in a truncated body is not a success");
  }

  @Test
  void chunkedResponseThatEndsWithoutTheLastChunk() {
    script = (s, in, out) -> {
      readRequest(in);
      byte[] reply = ascii(Replies.submitRsp("tx-1", 1000, "msg-1"));
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(reply.length) + "\r\n"));
      out.write(reply);
      out.write(ascii("\r\n"));
      out.flush();
    };
    assertEquals(Mm7TransportException.Kind.IO, kind(failure(Duration.ofSeconds(5), Duration.ofSeconds(10))));
  }

  @Test
  void closedAfterTheStatusLine() {
    script = (s, in, out) -> {
      readRequest(in);
      out.write(ascii("HTTP/1.1 200 OK\r\n"));
      out.flush();
    };
    // HttpClient takes the end of the stream as the end of the headers: an empty reply
    Mm7Exception e = failure(Duration.ofSeconds(5), Duration.ofSeconds(10));
    assertTrue(e instanceof Mm7TransportException || e instanceof Mm7ProtocolException, e.toString());
  }

  // ---- garbage ----

  @Test
  void randomBytes() {
    byte[] junk = new byte[4096];
    new Random(7).nextBytes(junk);
    junk[0] = 0x16; // not 'H': no status line
    script = (s, in, out) -> {
      readRequest(in);
      out.write(junk);
      out.flush();
    };
    Mm7Exception e = failure(Duration.ofSeconds(5), Duration.ofSeconds(10));
    assertTrue(e instanceof Mm7TransportException || e instanceof Mm7ProtocolException, e.toString());
  }

  @Test
  void http09StyleReplyWithoutAStatusLine() {
    script = (s, in, out) -> {
      readRequest(in);
      out.write(ascii(Replies.submitRsp("tx-1", 1000, "msg-1")));
      out.flush();
    };
    Mm7Exception e = failure(Duration.ofSeconds(5), Duration.ofSeconds(10));
    assertTrue(e instanceof Mm7TransportException || e instanceof Mm7ProtocolException, e.toString());
  }

  @Test
  void aResponseThatNeverEndsIsCutAtMaxResponseSize() {
    script = (s, in, out) -> {
      readRequest(in);
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n<x>"));
      byte[] chunk = ascii("a".repeat(64 * 1024));
      for (int i = 0; i < 10_000; i++) { // 640 MB at most: the client stops reading long before
        out.write(chunk);
      }
    };
    Mm7Exception e = failure(Duration.ofSeconds(20), Duration.ofSeconds(25));
    assertTrue(e instanceof Mm7ProtocolException, e.toString());
    assertTrue(e.getMessage().contains("larger than"), e.getMessage());
  }

  /** Cut off at 256 header fields, long before the call timeout: nothing unbounded is buffered. */
  @Test
  void headersThatNeverEnd() {
    script = (s, in, out) -> {
      readRequest(in);
      out.write(ascii("HTTP/1.1 200 OK\r\n"));
      byte[] line = ascii("X-Filler: " + "f".repeat(100) + "\r\n");
      for (int i = 0; i < 10_000_000; i++) {
        out.write(line);
      }
    };
    long t0 = System.nanoTime();
    Mm7Exception e = failure(Duration.ofSeconds(20), Duration.ofSeconds(25));
    assertEquals(Mm7TransportException.Kind.IO, kind(e));
    assertTrue((System.nanoTime() - t0) < TimeUnit.SECONDS.toNanos(5), "cut off, not timed out: " + e);
  }

  /** Cut off at 64 KB. */
  @Test
  void aHeaderLineThatNeverEnds() {
    script = (s, in, out) -> {
      readRequest(in);
      out.write(ascii("HTTP/1.1 200 OK\r\nX-Filler: "));
      byte[] chunk = ascii("f".repeat(64 * 1024));
      for (int i = 0; i < 10_000; i++) {
        out.write(chunk);
      }
    };
    long t0 = System.nanoTime();
    Mm7Exception e = failure(Duration.ofSeconds(20), Duration.ofSeconds(25));
    assertEquals(Mm7TransportException.Kind.IO, kind(e));
    assertTrue((System.nanoTime() - t0) < TimeUnit.SECONDS.toNanos(5), "cut off, not timed out: " + e);
  }

  // ---- many at once ----

  @Test
  void concurrentCallsToAStallingRelayAllEndAndReturnTheirConnections() throws Exception {
    script = (s, in, out) -> {
      readRequest(in);
      Thread.sleep(20_000);
    };
    Mm7Client c = client(Duration.ofMillis(600));
    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      calls.add(c.submitAsync(Replies.submit(), "tx-" + i));
    }
    for (CompletableFuture<?> f : calls) {
      try {
        f.get(10, TimeUnit.SECONDS);
        fail("a stalling relay gave an answer");
      } catch (java.util.concurrent.ExecutionException e) {
        assertTrue(e.getCause() instanceof Mm7TransportException t && t.kind() == Mm7TransportException.Kind.TIMEOUT,
            String.valueOf(e.getCause()));
      }
    }
    assertEquals(0, c.leasedConnections(), c.poolStats());
    String names = clientThreads().stream().collect(Collectors.joining(", "));
    assertTrue(!names.isEmpty(), "the async executor's threads are running before close");
  }
}
