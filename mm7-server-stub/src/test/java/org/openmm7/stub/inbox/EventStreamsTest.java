package org.openmm7.stub.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** {@link EventStreams} on a bare Jetty server: each stream's lifetime and the bound on open streams. */
class EventStreamsTest {
  private static Server serve(EventStreams streams) throws Exception {
    Server server = new Server();
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    c.setPort(0);
    server.addConnector(c);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        if (!streams.open(request, response, callback)) {
          response.setStatus(503);
          callback.succeeded();
        }
        return true;
      }
    });
    server.start();
    return server;
  }

  private static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  private static Socket get(int port) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(5_000);
    s.getOutputStream().write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
    return s;
  }

  /** Reads lines until the end of the chunked stream (the last chunk, "0"); the lines read. */
  private static String readToEnd(BufferedReader in) throws IOException {
    StringBuilder seen = new StringBuilder();
    for (String line; (line = in.readLine()) != null; ) {
      seen.append(line).append('\n');
      if (line.equals("0")) {
        return seen.toString();
      }
    }
    throw new IOException("closed before the last chunk: " + seen);
  }

  @Test
  void aStreamEndsAfterItsLifetimeAndReportsChanges() throws Exception {
    AtomicInteger count = new AtomicInteger();
    EventStreams streams = new EventStreams(() -> "{\"count\":" + count.get() + "}", 4, 1_000);
    Server server = serve(streams);
    try (Socket s = get(port(server))) {
      long start = System.nanoTime();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      for (String line; (line = in.readLine()) != null && !line.equals("data: {\"count\":0}"); ) {
        seen.append(line).append('\n');
      }
      count.set(1);
      String rest = readToEnd(in);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(seen.toString().startsWith("HTTP/1.1 200"), seen.toString());
      assertTrue(rest.contains("data: {\"count\":1}"), rest);
      assertTrue(ms >= 900 && ms < 4_000, "ended after " + ms + " ms, lifetime 1000 ms");
      long until = System.nanoTime() + 5_000_000_000L;
      while (streams.openCount() > 0 && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      assertEquals(0, streams.openCount());
    } finally {
      server.stop();
    }
  }

  private static void awaitOpen(EventStreams streams, int n) {
    long until = System.nanoTime() + 5_000_000_000L;
    while (streams.openCount() != n && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertEquals(n, streams.openCount());
  }

  private static String status(Socket s) throws IOException {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }

  /** The state changes every tick, so every stream is written to every tick. */
  @Test
  void streamsBeyondTheBoundAreRefusedAndSlotsComeBack() throws Exception {
    AtomicInteger ticks = new AtomicInteger();
    EventStreams streams = new EventStreams(() -> "{\"n\":" + ticks.incrementAndGet() + "}", 2, 60_000);
    Server server = serve(streams);
    try (Socket b = get(port(server))) {
      Socket a = get(port(server));
      assertEquals("HTTP/1.1 200 OK", status(a));
      assertEquals("HTTP/1.1 200 OK", status(b));
      try (Socket c = get(port(server))) {
        assertEquals("HTTP/1.1 503 Service Unavailable", status(c));
      }
      assertEquals(2, streams.openCount());
      a.close(); // a reader that went away: a write fails and frees its slot
      awaitOpen(streams, 1);
      try (Socket d = get(port(server))) {
        assertEquals("HTTP/1.1 200 OK", status(d));
        assertEquals(2, streams.openCount());
        streams.closeAll(); // what the inbox does when the stub stops
        assertEquals(0, streams.openCount());
      }
    } finally {
      server.stop();
    }
  }
}
