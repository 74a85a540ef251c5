package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.stub.hostile.HostileRun;
import org.openmm7.stub.hostile.RawHttp;
import org.openmm7.stub.internal.http.StreamedBodyTest;

/**
 * The stub's resources are bounded by construction (issue 12): slow bodies hold no thread, every
 * recorded byte counts against one memory budget, a body must arrive within a deadline, a request
 * declared over the limit is answered before its body is read. Each test prints its figures.
 */
class ServerBoundsTest {
  @TempDir Path temp;

  private static byte[] golden() throws IOException {
    return Files.readAllBytes(HostileRun.golden());
  }

  /** Threads of the stub's pool that are inside the MM7 handler now (waiting for a body, say). */
  /**
   * The fewest threads seen in the handler over a few samples: a thread held by a slow body is in
   * every sample, one that is only handling a byte that just arrived (a read callback) is not.
   * One snapshot alone made the test fail now and then on a loaded machine.
   */
  private static int fewestHeld() {
    int fewest = Integer.MAX_VALUE;
    long until = System.nanoTime() + 1_000_000_000L;
    for (int i = 0; i < 50 && fewest > 0 && System.nanoTime() < until; i++) {
      fewest = Math.min(fewest, threadsInHandler());
      Thread.yield();
    }
    return fewest;
  }

  private static int threadsInHandler() {
    int n = 0;
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (!e.getKey().getName().startsWith("mm7-stub")) {
        continue;
      }
      for (StackTraceElement f : e.getValue()) {
        if (f.getClassName().startsWith(Mm7StubServer.class.getName())) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  /** Opens connections that send a head and the start of a body, then nothing more (for now). */
  private static List<Socket> slowBodies(int port, int count, int declared) throws IOException {
    List<Socket> sockets = new ArrayList<>();
    byte[] head = ("POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: " + declared
        + "\r\n\r\n<?xml version=\"1.0\"?>").getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < count; i++) {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
      s.getOutputStream().write(head);
      s.getOutputStream().flush();
      sockets.add(s);
    }
    return sockets;
  }

  /** One more byte on each connection (they stay just alive). */
  private static void drip(List<Socket> sockets) {
    for (Socket s : sockets) {
      try {
        s.getOutputStream().write(' ');
        s.getOutputStream().flush();
      } catch (IOException e) {
        // cut off: fine
      }
    }
  }

  private static void closeAll(List<Socket> sockets) {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  /**
   * More slow-body connections than the stub has threads: a valid SubmitReq and the inbox are
   * still answered at once, and no thread waits for the slow bodies.
   */
  @Test
  void slowBodiesHoldNoThread() throws Exception {
    int threads = 10;
    int slow = 16;
    try (Mm7StubServer stub = Mm7StubServer.builder().maxThreads(threads).minRequestDataRate(0).build().start()) {
      List<Socket> sockets = slowBodies(stub.port(), slow, 1_000_000);
      try {
        drip(sockets);
        // wait until the stub has seen every head (the requests are then in the handler's hands)
        long until = System.nanoTime() + 5_000_000_000L;
        while (stub.activeBodies() < slow && System.nanoTime() < until) {
          drip(sockets);
          Thread.onSpinWait();
        }
        assertEquals(slow, stub.activeBodies(), "every slow body is arriving");
        int held = fewestHeld();
        long start = System.nanoTime();
        RawHttp.Response valid = RawHttp.exchange(stub.port(), new ByteArrayInputStream(golden()), 5_000);
        long validMs = (System.nanoTime() - start) / 1_000_000;
        drip(sockets);
        start = System.nanoTime();
        RawHttp.Response inbox = RawHttp.exchange(stub.port(), new ByteArrayInputStream(
            "GET /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1)), 5_000);
        long inboxMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("slow bodies: %d connections, %d threads: threads held in the handler %d, valid SubmitReq"
            + " answered in %d ms, inbox in %d ms%n", slow, threads, held, validMs, inboxMs);
        assertEquals(200, valid.http(), valid.toString());
        assertEquals(1000, valid.mm7Status(), valid.toString());
        assertEquals(200, inbox.http(), inbox.toString());
        assertEquals(0, held, "threads waiting for slow bodies");
        assertTrue(validMs < 3000, "answered after " + validMs + " ms");
      } finally {
        closeAll(sockets);
      }
    }
  }

  /**
   * The fewest threads of the stub's pool seen inside the stub's own code (the inbox included) over
   * a few samples: a thread held by a stream is in every sample, one completing a write is not.
   */
  private static int fewestInStubCode() {
    int fewest = Integer.MAX_VALUE;
    long until = System.nanoTime() + 1_000_000_000L;
    for (int i = 0; i < 50 && fewest > 0 && System.nanoTime() < until; i++) {
      fewest = Math.min(fewest, threadsInStubCode());
      Thread.yield();
    }
    return fewest;
  }

  private static int threadsInStubCode() {
    int n = 0;
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (!e.getKey().getName().startsWith("mm7-stub")) {
        continue;
      }
      for (StackTraceElement f : e.getValue()) {
        if (f.getClassName().startsWith("org.openmm7.stub.")) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  /** An open event stream: its reader and the last {@code data:} line read. */
  private record EventStream(Socket socket, java.io.BufferedReader in) {
    static EventStream open(int port) throws IOException {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
      s.setSoTimeout(5_000);
      s.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new EventStream(s, new java.io.BufferedReader(
          new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)));
    }

    /** Reads until a {@code data:} line holding {@code text}; the lines read (fails on timeout). */
    String awaitData(String text) throws IOException {
      StringBuilder seen = new StringBuilder();
      for (String line; (line = in.readLine()) != null; ) {
        seen.append(line).append('\n');
        if (line.startsWith("data: ") && line.contains(text)) {
          return seen.toString();
        }
      }
      throw new IOException("stream ended before " + text + ": " + seen);
    }
  }

  /**
   * More inbox event streams open than the stub has threads: a valid SubmitReq and an inbox page
   * are still answered at once, no thread of the pool is held by the streams, the event of the
   * new recording reaches every stream, and one stream beyond the bound is answered 503 in bare text.
   */
  @Test
  void eventStreamsHoldNoThread() throws Exception {
    int threads = 10;
    int streams = 16;
    try (Mm7StubServer stub = Mm7StubServer.builder().maxThreads(threads).build().start()) {
      List<EventStream> open = new ArrayList<>();
      try {
        for (int i = 0; i < streams; i++) {
          open.add(EventStream.open(stub.port()));
        }
        for (EventStream e : open) {
          String first = e.awaitData("\"count\":0");
          assertTrue(first.startsWith("HTTP/1.1 200"), first);
          assertTrue(first.toLowerCase(java.util.Locale.ROOT).contains("content-type: text/event-stream"), first);
        }
        int held = fewestInStubCode();
        long start = System.nanoTime();
        RawHttp.Response valid = RawHttp.exchange(stub.port(), new ByteArrayInputStream(golden()), 5_000);
        long validMs = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        RawHttp.Response inbox = RawHttp.exchange(stub.port(), new ByteArrayInputStream(
            "GET /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1)), 5_000);
        long inboxMs = (System.nanoTime() - start) / 1_000_000;
        RawHttp.Response beyond = RawHttp.exchange(stub.port(), new ByteArrayInputStream(
            "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1)), 5_000);
        System.out.printf("event streams: %d open, %d threads: threads held in the stub %d, valid SubmitReq"
            + " answered in %d ms, inbox in %d ms%n", streams, threads, held, validMs, inboxMs);
        assertEquals(0, held, "threads held by open event streams");
        assertEquals(200, valid.http(), valid.toString());
        assertEquals(1000, valid.mm7Status(), valid.toString());
        assertEquals(200, inbox.http(), inbox.toString());
        assertTrue(validMs < 3000, "answered after " + validMs + " ms");
        assertEquals(503, beyond.http(), beyond.toString());
        assertTrue(beyond.contentType().startsWith("text/plain"), beyond.toString());
        for (EventStream e : open) {
          e.awaitData("\"count\":1"); // the new recording reaches every stream
        }
        assertEquals(0, fewestInStubCode(), "threads held by open event streams");
      } finally {
        for (EventStream e : open) {
          e.socket().close();
        }
      }
    }
  }

  /** A body still arriving at its deadline is answered 408 and its connection closed, whatever its rate. */
  @Test
  void aBodyMustArriveWithinItsDeadline() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().minRequestDataRate(0).bodyTimeout(Duration.ofMillis(1500))
        .build().start()) {
      List<Socket> sockets = slowBodies(stub.port(), 1, 100_000);
      Socket s = sockets.get(0);
      try {
        s.setSoTimeout(200);
        long start = System.nanoTime();
        InputStream in = s.getInputStream();
        byte[] status = null;
        while (status == null && System.nanoTime() - start < 5_000_000_000L) {
          drip(sockets); // a byte every 200 ms: never idle
          try {
            status = in.readNBytes(12);
          } catch (java.net.SocketTimeoutException e) {
            // not yet
          }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("a body dripped past its 1500 ms deadline: answered after " + ms + " ms");
        assertNotNull(status, "no answer in 5 s");
        assertEquals("HTTP/1.1 408", new String(status, StandardCharsets.ISO_8859_1));
        assertTrue(ms >= 1400 && ms < 4000, ms + " ms");
      } finally {
        closeAll(sockets);
      }
      assertEquals(0, stub.requests().size());
      assertEquals(0, stub.activeBodies());
    }
  }

  /**
   * A request whose Content-Length is over the limit is answered 2004 before a byte of its body is
   * read: the client here sends none and waits.
   */
  @Test
  void aDeclaredOversizeIsAnsweredBeforeItsBodyIsRead() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().maxMessageSize(100_000).build().start();
        Socket s = new Socket(InetAddress.getLoopbackAddress(), stub.port())) {
      s.setSoTimeout(5_000);
      long start = System.nanoTime();
      s.getOutputStream().write(("POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
          + "Content-Length: 100001\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      RawHttp.Response r = readResponse(s.getInputStream());
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.println("declared over the limit, no body sent: answered after " + ms + " ms");
      assertEquals(500, r.http(), r.toString());
      assertEquals(2004, r.mm7Status(), r.toString());
      RecordedRequest rec = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      assertEquals("size-limit-exceeded", rec.rejection());
      assertEquals(0, rec.bodySize());
    }
  }

  private static RawHttp.Response readResponse(InputStream in) throws IOException {
    try {
      var m = RawHttp.class.getDeclaredMethod("read", InputStream.class);
      m.setAccessible(true);
      return (RawHttp.Response) m.invoke(null, in);
    } catch (ReflectiveOperationException e) {
      throw new IOException(e);
    }
  }

  /**
   * A budget of 4 MB and 50 requests of 0.95 MB: the bytes kept in memory never pass the budget,
   * every request is answered, and every recording (the latest in memory, the others spilled to
   * the spool directory) stays readable byte for byte.
   */
  @Test
  void recordingsStayWithinTheirMemoryBudget() throws Exception {
    long budget = 4L * 1024 * 1024;
    StreamedBodyTest.Wire w = StreamedBodyTest.submit(950_000);
    long maxHeld = 0;
    try (Mm7StubServer stub = Mm7StubServer.builder().recordingMemory(budget).storeDirectory(temp).build().start()) {
      for (int i = 0; i < 50; i++) {
        Http.Answer a = Http.post(stub.endpoint(), w.contentType(), w.body(), null);
        assertEquals(1000, a.statusCode(), a.toString());
        maxHeld = Math.max(maxHeld, stub.recordingMemoryHeld());
        assertTrue(stub.recordingMemoryHeld() <= budget, "held " + stub.recordingMemoryHeld());
      }
      List<RecordedRequest> all = stub.requests();
      assertEquals(50, all.size());
      long inMemory = all.stream().mapToLong(r -> r.bodyHeld()).sum();
      long spilled;
      try (Stream<Path> files = Files.walk(temp.resolve("spool"))) {
        spilled = files.filter(f -> f.getFileName().toString().endsWith(".body")).count();
      }
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      System.out.printf("50 x %d bytes, budget %d: most held %d, held at the end %d, bodies in files %d, heap used"
          + " after gc %d MB%n", w.body().length, budget, maxHeld, inMemory, spilled, heap >> 20);
      assertTrue(inMemory <= budget);
      assertTrue(spilled >= 45, spilled + " spilled");
      for (RecordedRequest r : List.of(all.get(0), all.get(all.size() - 1))) {
        assertArrayEquals(w.body(), r.body());
        assertArrayEquals(w.image(), ((BinaryPart) ((SubmitRequest) r.message()).content()).bytes());
      }
    }
  }

  /** Small bodies count too: a budget of 10 KB holds at most 10 KB of them, the rest go to files. */
  @Test
  void smallBodiesCountAgainstTheBudget() throws Exception {
    byte[] body = Http.read(HostileRun.golden()).body();
    String type = Http.read(HostileRun.golden()).contentType();
    try (Mm7StubServer stub = Mm7StubServer.builder().recordingMemory(10_000).build().start()) {
      for (int i = 0; i < 20; i++) {
        assertEquals(1000, Http.post(stub.endpoint(), type, body, null).statusCode());
        assertTrue(stub.recordingMemoryHeld() <= 10_000, "held " + stub.recordingMemoryHeld());
      }
      long inMemory = stub.requests().stream().mapToLong(RecordedRequest::bodyHeld).sum();
      assertEquals(stub.recordingMemoryHeld(), inMemory);
      assertEquals(10_000 / body.length * body.length, inMemory, "as many as fit, each exactly its size");
      for (RecordedRequest r : stub.requests()) {
        assertArrayEquals(body, r.body());
      }
      stub.reset();
      assertEquals(0, stub.recordingMemoryHeld(), "reset gives it all back");
      assertFalse(stub.requests().iterator().hasNext());
    }
  }

  /**
   * A head dripped a byte every 100 ms (never idle) is cut off at its deadline: the connection
   * is closed, having held only a socket; keep-alive connections between requests are not.
   */
  @Test
  void aHeadMustArriveWithinItsDeadline() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().headTimeout(Duration.ofMillis(1000)).build().start()) {
      long ms = dripHeadUntilClosed(stub.port(), 6_000);
      System.out.println("a head dripped past its 1000 ms deadline: closed after " + ms + " ms");
      assertTrue(ms >= 900 && ms < 3000, ms + " ms");
      // a kept-alive connection idle between two requests for longer than the deadline stays usable
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), stub.port())) {
        s.setSoTimeout(5_000);
        byte[] request = golden();
        for (int i = 0; i < 2; i++) {
          s.getOutputStream().write(request);
          s.getOutputStream().flush();
          RawHttp.Response r = readResponse(s.getInputStream());
          assertEquals(1000, r.mm7Status(), r.toString());
          Thread.sleep(1600);
        }
      }
    }
  }

  /** Sends a head a byte every 100 ms; how long until the server closed the connection. */
  static long dripHeadUntilClosed(int port, long maxMillis) throws IOException {
    byte[] head = "POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Drip: ".getBytes(StandardCharsets.ISO_8859_1);
    long start = System.nanoTime();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(100);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(head);
      while ((System.nanoTime() - start) / 1_000_000 < maxMillis) {
        try {
          out.write('a');
          out.flush();
          if (in.read() < 0) {
            break;
          }
        } catch (java.net.SocketTimeoutException e) {
          // still open
        } catch (IOException e) {
          break; // reset: closed
        }
      }
    }
    return (System.nanoTime() - start) / 1_000_000;
  }
}
