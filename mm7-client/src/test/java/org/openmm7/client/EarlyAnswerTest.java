package org.openmm7.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;

/**
 * A relay that answers before it has the whole body (its size limit, as a relay refusing a 40 MB
 * submit with 2004) is heard: with {@code Expect: 100-continue} (sent by default above 1 MiB) the
 * body is not sent at all; without it, the answer is read after the write that the relay's close
 * made fail. The relay is a raw socket scripted byte by byte.
 */
class EarlyAnswerTest {
  private static final int BIG = 40 * 1024 * 1024;

  /** What the scripted relay does with one connection, after reading the request head. */
  interface Script {
    void serve(String head, InputStream in, OutputStream out, Socket s) throws IOException;
  }

  /** What one connection saw: the request head, and how many body bytes arrived. */
  record Seen(String head, long bodyBytes) {}

  private ServerSocket listener;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  private volatile Script script;
  private Mm7Client client;

  @BeforeEach
  void listen() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!listener.isClosed()) {
        try {
          Socket s = listener.accept();
          accepted.add(s);
          Thread t = new Thread(() -> {
            try (s) {
              InputStream in = s.getInputStream();
              String head = readHead(in);
              script.serve(head, in, s.getOutputStream(), s);
            } catch (IOException e) {
              // the client went away
            }
          }, "early-answer-relay");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "early-answer-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void close() throws IOException {
    if (client != null) {
      assertEquals(0, client.leasedConnections(), "the connection is back in the pool");
      client.close();
    }
    listener.close();
    for (Socket s : accepted) {
      s.close();
    }
  }

  private Mm7Client client(Mm7Client.Builder b) {
    client = b.callTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofSeconds(20)).build();
    return client;
  }

  private Mm7Client.Builder builder() {
    return Mm7Client.builder(URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/mm7")).vaspId("acme");
  }

  private static SubmitRequest submit(int attachmentBytes) {
    return SubmitRequest.builder().recipients(Recipients.to(Address.number("+447700900123")))
        .content(BinaryPart.ofBytes(new byte[attachmentBytes], "video/mp4")).build();
  }

  private static String readHead(InputStream in) throws IOException {
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
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        return Long.parseLong(line.substring(15).trim());
      }
    }
    return -1;
  }

  private static boolean expectsContinue(String head) {
    return head.toLowerCase(Locale.ROOT).contains("\r\nexpect: 100-continue\r\n");
  }

  /** Reads and drops up to {@code max} bytes; returns how many came (the end, or silence for 2 s, stops it). */
  private static long drain(InputStream in, Socket s, long max) throws IOException {
    s.setSoTimeout(2000);
    byte[] buf = new byte[64 * 1024];
    long n = 0;
    try {
      for (int r; n < max && (r = in.read(buf, 0, (int) Math.min(buf.length, max - n))) > 0; ) {
        n += r;
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // silence: the client sends nothing more
    }
    return n;
  }

  private static void answer(OutputStream out, int http, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    out.write(("HTTP/1.1 " + http + (http == 200 ? " OK" : " Internal Server Error")
        + "\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: " + b.length
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(b);
    out.flush();
  }

  private static String refusal() {
    return Replies.rsError("tx-1", 2004, "Multimedia content refused", "the message is larger than 5242880 bytes");
  }

  private static Mm7StatusException refused(Mm7Client c) {
    return assertThrows(Mm7StatusException.class, () -> c.submit(submit(BIG), "tx-1"));
  }

  /**
   * Without Expect: the relay reads the head (and maybe some of the body), answers 2004 and
   * closes. The client's write then fails; the 2004 is what it reports, not a broken pipe.
   */
  @Test
  void anAnswerSentBeforeTheBodyArrivedIsReadAfterTheWriteFails() throws Exception {
    for (long readFirst : new long[] {0, 1024 * 1024}) {
      script = (head, in, out, s) -> {
        long got = readFirst == 0 ? 0 : drain(in, s, readFirst);
        answer(out, 500, refusal());
        seen.add(new Seen(head, got));
        // closing with the body unread: the client's writes meet a reset
      };
      Mm7Client c = client == null ? client(builder().expectContinueAbove(Long.MAX_VALUE)) : client;
      long t0 = System.nanoTime();
      Mm7StatusException e = refused(c);
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(2004, e.code());
      assertEquals(500, e.httpStatus().orElse(0));
      Seen s = seen.poll(5, TimeUnit.SECONDS);
      assertFalse(expectsContinue(s.head()), s.head());
      System.out.printf("40 MB, no Expect, relay answers after %d body bytes and closes: 2004 in %d ms%n",
          readFirst, millis);
    }
  }

  /** By default a 40 MB body asks first: a relay answering 2004 at once receives none of it. */
  @Test
  void aLargeBodyWaitsForContinueAndARefusalLeavesItUnsent() throws Exception {
    script = (head, in, out, s) -> {
      answer(out, 500, refusal());
      seen.add(new Seen(head, drain(in, s, Long.MAX_VALUE)));
    };
    Mm7Client c = client(builder());
    long t0 = System.nanoTime();
    Mm7StatusException e = refused(c);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(2004, e.code());
    Seen s = seen.poll(10, TimeUnit.SECONDS);
    assertTrue(expectsContinue(s.head()), s.head());
    assertEquals(0, s.bodyBytes(), "no byte of the refused body was sent");
    System.out.printf("40 MB with Expect, refused at once: 2004 in %d ms, %d body bytes sent%n", millis,
        s.bodyBytes());
  }

  /** A relay that says "100 Continue" gets the body; a small body carries no Expect at all. */
  @Test
  void aRelayThatSaysContinueGetsTheBodyAndSmallBodiesDoNotAsk() throws Exception {
    script = (head, in, out, s) -> {
      if (expectsContinue(head)) {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
      long length = contentLength(head);
      assertEquals(length, in.readNBytes((int) length).length);
      seen.add(new Seen(head, length));
      answer(out, 200, Replies.submitRsp("tx-1", 1000, "msg-1"));
    };
    Mm7Client c = client(builder());
    for (int size : new int[] {BIG, 100 * 1024}) {
      SubmitResponse r = c.submit(submit(size), "tx-1");
      assertEquals("msg-1", r.messageId());
      Seen s = seen.poll(5, TimeUnit.SECONDS);
      assertEquals(size > Mm7Client.Builder.DEFAULT_EXPECT_CONTINUE_ABOVE, expectsContinue(s.head()), s.head());
      assertTrue(s.bodyBytes() > size);
    }
  }

  /** A relay that ignores Expect gets the body after a short wait (1 s, not HttpCore's 3 s). */
  @Test
  void aRelayThatIgnoresExpectGetsTheBodyAfterAShortWait() throws Exception {
    script = (head, in, out, s) -> {
      long length = contentLength(head);
      assertEquals(length, in.readNBytes((int) length).length);
      seen.add(new Seen(head, length));
      answer(out, 200, Replies.submitRsp("tx-1", 1000, "msg-1"));
    };
    Mm7Client c = client(builder().expectContinueAbove(1000));
    long t0 = System.nanoTime();
    assertEquals("msg-1", c.submit(submit(2000), "tx-1").messageId());
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(expectsContinue(seen.poll(5, TimeUnit.SECONDS).head()));
    assertTrue(millis >= 900 && millis < 2900, "sent after " + millis + " ms");
  }

  /** A write that fails with no answer waiting is still a transport failure (nothing made up). */
  @Test
  void aResetWithoutAnAnswerStaysATransportFailure() throws Exception {
    script = (head, in, out, s) -> {
      s.setSoLinger(true, 0);
      s.close();
    };
    Mm7Client c = client(builder().expectContinueAbove(Long.MAX_VALUE));
    Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> c.submit(submit(BIG), "tx-1"));
    assertInstanceOf(Mm7TransportException.Kind.class, e.kind());
    assertEquals(Mm7TransportException.Kind.IO, e.kind());
  }
}
