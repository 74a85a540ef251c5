package org.openmm7.client.inbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openmm7.client.Credentials;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7StatusException;
import org.openmm7.client.TestCertificates;
import org.openmm7.client.TlsOptions;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.codec.SampleMessages;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.schema.Mm7Release;

/** The inbound endpoint on its embedded Jetty: pushes in every namespace, de-duplication, faults, credentials. */
class Mm7InboundServerTest {
  static final Mm7Codec CODEC = Mm7Codec.lenient();
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** Accepts everything and records what it saw. */
  static class Recorder implements Mm7InboundHandler {
    final List<Mm7Message> seen = new CopyOnWriteArrayList<>();
    final List<InboundContext> contexts = new CopyOnWriteArrayList<>();
    final List<Long> contentSizes = new CopyOnWriteArrayList<>();

    @Override
    public DeliverResponse deliver(DeliverRequest request, InboundContext context) {
      seen.add(request);
      contexts.add(context);
      contentSizes.add(size(request.content()));
      return new DeliverResponse(ResponseStatus.SUCCESS, "svc-1");
    }

    @Override
    public StatusResponse deliveryReport(DeliveryReportRequest request, InboundContext context) {
      seen.add(request);
      contexts.add(context);
      return StatusResponse.deliveryReport(ResponseStatus.SUCCESS);
    }

    @Override
    public StatusResponse readReply(ReadReplyRequest request, InboundContext context) {
      seen.add(request);
      contexts.add(context);
      return StatusResponse.readReply(ResponseStatus.SUCCESS);
    }

    private static long size(MimePart content) {
      if (content == null) {
        return -1;
      }
      long n = 0;
      for (MimePart leaf : content instanceof org.openmm7.client.content.Multipart m ? m.leaves() : List.of(content)) {
        try (var in = ((leaf instanceof org.openmm7.client.content.BinaryPart b) ? b.openStream()
            : ((org.openmm7.client.content.TextPart) leaf).openStream())) {
          n += in.readAllBytes().length;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
      return n;
    }
  }

  private Mm7InboundServer start(Mm7InboundServer.Builder b) throws Exception {
    Mm7InboundServer s = b.host("127.0.0.1").start();
    open.add(s);
    return s;
  }

  private Mm7InboundServer start(Mm7InboundHandler handler) throws Exception {
    return start(Mm7InboundServer.builder(handler));
  }

  /** An HTTP answer: status, headers we care about, body. */
  record Answer(int status, String contentType, String wwwAuthenticate, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    DecodedMessage decode() throws Exception {
      return CODEC.decode(contentType, new ByteArrayInputStream(body));
    }

    Mm7Response response() throws Exception {
      try (DecodedMessage d = decode()) {
        return (Mm7Response) d.message();
      }
    }

    ResponseStatus statusElement() throws Exception {
      return response().status();
    }
  }

  static Answer post(URI uri, String contentType, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType).header("SOAPAction", "\"\"")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
        r.headers().firstValue("WWW-Authenticate").orElse(null), r.body());
  }

  static Answer push(URI uri, String txId, Mm7Release release, Mm7Message m, String... headers) throws Exception {
    EncodedMessage e = CODEC.encode(Mm7Envelope.of(txId, release, m));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    return post(uri, e.contentType(), out.toByteArray(), headers);
  }

  static Answer xml(URI uri, String body) throws Exception {
    return post(uri, "text/xml; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  static Stream<Arguments> pushes() {
    List<Arguments> out = new ArrayList<>();
    for (Mm7Release r : Mm7Release.values()) {
      for (Mm7Operation op : List.of(Mm7Operation.DELIVER_REQ, Mm7Operation.DELIVERY_REPORT_REQ,
          Mm7Operation.READ_REPLY_REQ)) {
        if (r.hasOperation(op.elementName())) {
          out.add(Arguments.of(r, op));
        }
      }
    }
    return out.stream();
  }

  // ---- pushes ----

  @ParameterizedTest(name = "{1} in {0}")
  @MethodSource("pushes")
  void pushesInEveryNamespaceAreAnsweredInTheirOwn(Mm7Release release, Mm7Operation op) throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder);
    Mm7Message request = SampleMessages.of(op, release);
    Answer a = push(server.endpoint(), "tx-" + release.releaseName(), release, request);

    assertEquals(200, a.status(), a.text());
    try (DecodedMessage d = a.decode()) {
      assertEquals(op.response(), d.message().operation());
      assertEquals(Mm7Status.SUCCESS, ((Mm7Response) d.message()).status().mm7Status());
      assertEquals("tx-" + release.releaseName(), d.transactionId());
      assertEquals(release, d.envelope().release());
      assertEquals(release.namespace(), d.namespace());
    }
    assertEquals(1, recorder.seen.size());
    assertEquals(request.operation(), recorder.seen.get(0).operation());
    InboundContext ctx = recorder.contexts.get(0);
    assertEquals(release, ctx.release());
    assertEquals("tx-" + release.releaseName(), ctx.transactionId());
    assertEquals("127.0.0.1", ctx.remoteAddress());
    if (op == Mm7Operation.DELIVER_REQ) {
      assertTrue(recorder.contentSizes.get(0) > 0, "the handler could read the content");
    }
  }

  /**
   * A push dripped in without ever going silent for the idle timeout (a byte every 100 ms, at 10
   * bytes/s) is answered 408 once its rate is below the minimum of 100 bytes/s, long before its 300
   * bytes are all there. The idle timeout is 100 times the drip's pause: the writer, delayed by a
   * busy machine, never reaches it, so the rate check alone is what can end the push (a stall only
   * lowers the rate; at 300 ms, as before, a writer late by 200 ms met the idle timeout and was
   * answered 400). No bound on the elapsed time: the answer and the bytes left unsent say it.
   */
  @Test
  void aPushDrippedJustInsideTheIdleTimeoutIsCutOffByItsRate() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(Mm7InboundServer.builder(recorder).idleTimeout(Duration.ofSeconds(10))
        .bodyTimeout(Duration.ofMinutes(5)).minRequestDataRate(100));
    String head = "POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: 300\r\n\r\n";
    AtomicInteger sent = new AtomicInteger();
    try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(60_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; i < 300; i++) {
            out.write('<');
            out.flush();
            sent.incrementAndGet();
            Thread.sleep(100); // the drip's pace: the stimulus, not a synchronisation
          }
        } catch (Exception e) {
          // cut off: expected
        }
      });
      writer.setDaemon(true);
      writer.start();
      // the whole body would take 30 s or more; the rate check ends it after about a second
      byte[] answer = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(25),
          () -> socket.getInputStream().readAllBytes());
      writer.interrupt();
      String text = new String(answer, StandardCharsets.ISO_8859_1);
      assertTrue(text.startsWith("HTTP/1.1 408"), text);
      assertTrue(text.contains("below the minimum of 100"), text);
    }
    assertTrue(sent.get() < 300, "cut off before the body's end: " + sent.get() + " of 300 bytes sent");
    assertEquals(0, recorder.seen.size());
    Answer a = push(server.endpoint(), "tx-after", Mm7Release.latest(),
        SampleMessages.of(Mm7Operation.DELIVERY_REPORT_REQ, Mm7Release.latest()));
    assertEquals(200, a.status(), "the next push");
  }

  /**
   * The rate judges the sender, not the receiver: a push whose head came at once and whose body
   * the sender held back for a moment and then sent (whole, or its second half), against a
   * minimum far above what a pause allows. The body is all there when it is read; refusing it then
   * would only have the relay push it again. Before, the read that completed the body was judged
   * too: the second half's case was answered 408 (the whole body's passed only because Jetty
   * dispatches a request once its first body bytes are there; the clock ran from the dispatch, so
   * a receiver coming late to read on a busy machine was refused alike). The drip test above shows
   * the rate is still enforced meanwhile.
   */
  @ParameterizedTest(name = "the body held back, then sent from byte {0} of 2")
  @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1})
  void aBodyThatArrivesWholeAfterAPauseIsNotTooSlow(int half) throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(Mm7InboundServer.builder(recorder).idleTimeout(Duration.ofSeconds(10))
        .bodyTimeout(Duration.ofMinutes(5)).minRequestDataRate(1_000_000));
    EncodedMessage e = CODEC.encode(Mm7Envelope.of("tx-late", Mm7Release.latest(),
        SampleMessages.of(Mm7Operation.DELIVERY_REPORT_REQ, Mm7Release.latest())));
    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    e.writeTo(encoded);
    byte[] body = encoded.toByteArray();
    String head = "POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + e.contentType()
        + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    int first = half * body.length / 2;
    try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(30_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, 0, first);
      out.flush();
      Thread.sleep(1_300); // the sender's pause (the stimulus): longer than the rate check's first second
      out.write(body, first, body.length - first);
      out.flush();
      String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertTrue(text.startsWith("HTTP/1.1 200"), text);
    }
    assertEquals(1, recorder.seen.size());
  }

  @Test
  void oneLineStartOnAFreePort() throws Exception {
    try (Mm7InboundServer server = Mm7InboundServer.start(new Recorder())) {
      assertTrue(server.port() > 0);
      assertEquals("/mm7", server.endpoint().getPath());
      Answer a = push(server.endpoint(), "tx", Mm7Release.latest(),
          SampleMessages.of(Mm7Operation.DELIVERY_REPORT_REQ, Mm7Release.latest()));
      assertEquals(200, a.status());
    }
  }

  @Test
  void theClientCanPushToTheEndpoint() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder);
    try (Mm7Client relay = Mm7Client.builder(server.endpoint()).release(Mm7Release.REL_5_MM7_1_2).build()) {
      Mm7Response r = relay.send((org.openmm7.client.message.Mm7Request) SampleMessages.of(Mm7Operation.DELIVER_REQ, Mm7Release.REL_5_MM7_1_2), "push-1");
      DeliverResponse dr = assertInstanceOf(DeliverResponse.class, r);
      assertEquals("svc-1", dr.serviceCode());
    }
    assertEquals(1, recorder.seen.size());
  }

  @Test
  void getIsNotAllowed() throws Exception {
    Mm7InboundServer server = start(new Recorder());
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.endpoint()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, r.statusCode());
  }

  // ---- de-duplication ----

  @Test
  void aRetryGetsTheSameAnswerAndTheHandlerRunsOnce() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder);
    Mm7Message m = SampleMessages.of(Mm7Operation.DELIVER_REQ, Mm7Release.latest());
    Answer first = push(server.endpoint(), "tx-dup", Mm7Release.latest(), m);
    Answer retry = push(server.endpoint(), "tx-dup", Mm7Release.latest(), m);
    assertEquals(200, first.status());
    assertArrayEquals(first.body(), retry.body(), "byte for byte");
    assertEquals(first.contentType(), retry.contentType());
    assertEquals(1, recorder.seen.size(), "the handler ran once");

    push(server.endpoint(), "tx-other", Mm7Release.latest(), m);
    assertEquals(2, recorder.seen.size(), "another TransactionID is another request");
    push(server.endpoint(), "tx-dup", Mm7Release.latest(),
        SampleMessages.of(Mm7Operation.DELIVERY_REPORT_REQ, Mm7Release.latest()));
    assertEquals(3, recorder.seen.size(), "another operation with the same TransactionID is another request");
  }

  @Test
  void aRetryWhileTheFirstCallRunsWaitsForItsAnswer() throws Exception {
    CountDownLatch handlerEntered = new CountDownLatch(1);
    CountDownLatch releaseHandler = new CountDownLatch(1);
    CountDownLatch retryWaiting = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Mm7InboundHandler slow = new Mm7InboundHandler() {
      @Override
      public StatusResponse deliveryReport(DeliveryReportRequest request, InboundContext context) {
        calls.incrementAndGet();
        handlerEntered.countDown();
        try {
          assertTrue(releaseHandler.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return StatusResponse.deliveryReport(ResponseStatus.SUCCESS);
      }
    };
    Mm7InboundServer server = start(Mm7InboundServer.builder(slow)
        .servlet(b -> b.onRetryWaiting(retryWaiting::countDown)));
    Mm7Message m = SampleMessages.of(Mm7Operation.DELIVERY_REPORT_REQ, Mm7Release.latest());
    CompletableFuture<Answer> first = CompletableFuture.supplyAsync(() -> call(server, m));
    assertTrue(handlerEntered.await(10, TimeUnit.SECONDS));
    CompletableFuture<Answer> retry = CompletableFuture.supplyAsync(() -> call(server, m));
    assertTrue(retryWaiting.await(10, TimeUnit.SECONDS), "the retry waits for the running call");
    assertFalse(first.isDone() || retry.isDone());
    releaseHandler.countDown();
    Answer a = first.get(10, TimeUnit.SECONDS);
    Answer b = retry.get(10, TimeUnit.SECONDS);
    assertEquals(200, a.status());
    assertArrayEquals(a.body(), b.body());
    assertEquals(1, calls.get());
  }

  private static Answer call(Mm7InboundServer server, Mm7Message m) {
    try {
      return push(server.endpoint(), "tx-slow", Mm7Release.latest(), m);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void afterTheWindowTheSameTransactionIdIsNew() throws Exception {
    MutableClock clock = new MutableClock();
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(Mm7InboundServer.builder(recorder).deduplicationWindow(Duration.ofMinutes(10))
        .servlet(b -> b.clock(clock)));
    Mm7Message m = SampleMessages.of(Mm7Operation.READ_REPLY_REQ, Mm7Release.latest());
    push(server.endpoint(), "tx-w", Mm7Release.latest(), m);
    clock.now = clock.now.plus(Duration.ofMinutes(9));
    push(server.endpoint(), "tx-w", Mm7Release.latest(), m);
    assertEquals(1, recorder.seen.size(), "within the window");
    clock.now = clock.now.plus(Duration.ofMinutes(2));
    push(server.endpoint(), "tx-w", Mm7Release.latest(), m);
    assertEquals(2, recorder.seen.size(), "after the window");
  }

  static final class MutableClock extends Clock {
    volatile Instant now = Instant.parse("2026-11-24T10:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void deduplicationCanBeTurnedOff() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(Mm7InboundServer.builder(recorder).deduplicationWindow(Duration.ZERO));
    Mm7Message m = SampleMessages.of(Mm7Operation.READ_REPLY_REQ, Mm7Release.latest());
    push(server.endpoint(), "tx", Mm7Release.latest(), m);
    push(server.endpoint(), "tx", Mm7Release.latest(), m);
    assertEquals(2, recorder.seen.size());
  }

  @Test
  void theDeduplicatorIsBounded() throws Exception {
    Deduplicator d = new Deduplicator(Duration.ofHours(1), 3, Clock.systemUTC(), () -> { });
    for (int i = 0; i < 10; i++) {
      d.run("k" + i, "fingerprint", reused -> new Deduplicator.Outcome(new Deduplicator.Reply(200, "text/xml", new byte[0]), true));
    }
    assertTrue(d.size() <= 4, "at most the bound (+1 while inserting): " + d.size());
  }

  // ---- handler outcomes ----

  @Test
  void aRefusalIsAVaspErrorFaultAndARetryAsksTheHandlerAgain() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Mm7InboundHandler refusing = new Mm7InboundHandler() {
      @Override
      public DeliverResponse deliver(DeliverRequest request, InboundContext context) throws Mm7StatusException {
        calls.incrementAndGet();
        throw new Mm7StatusException(Mm7Status.ADDRESS_NOT_FOUND, "Address Not Found", "no such subscriber");
      }
    };
    Mm7InboundServer server = start(refusing);
    Mm7Release rel = Mm7Release.REL_6_MM7_1_0;
    Mm7Message m = SampleMessages.of(Mm7Operation.DELIVER_REQ, rel);
    Answer a = push(server.endpoint(), "tx-r", rel, m);
    assertEquals(500, a.status());
    try (DecodedMessage d = a.decode()) {
      ErrorResponse e = assertInstanceOf(ErrorResponse.class, d.message());
      assertEquals(Mm7Operation.VASP_ERROR_RSP, e.operation());
      assertEquals(2003, e.status().code());
      assertEquals("no such subscriber", e.status().details());
      assertEquals(rel.namespace(), d.namespace(), "in the request's namespace");
      assertEquals("tx-r", d.transactionId());
    }
    // the relay retries because it did not get 1000: the handler decides again (it may accept now)
    Answer retry = push(server.endpoint(), "tx-r", rel, m);
    assertEquals(500, retry.status());
    assertEquals(2, calls.get());
  }

  @Test
  void theDefaultHandlerRefusesWith4003() throws Exception {
    Mm7InboundServer server = start(new Mm7InboundHandler() { });
    Answer a = push(server.endpoint(), "tx", Mm7Release.latest(),
        SampleMessages.of(Mm7Operation.DELIVER_REQ, Mm7Release.latest()));
    assertEquals(500, a.status());
    assertEquals(Mm7Status.UNSUPPORTED_OPERATION, a.statusElement().mm7Status());
  }

  @Test
  void anUnexpectedHandlerFailureIs3000AndARetryCallsAgain() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Mm7InboundHandler broken = new Mm7InboundHandler() {
      @Override
      public StatusResponse readReply(ReadReplyRequest request, InboundContext context) {
        if (calls.incrementAndGet() == 1) {
          throw new IllegalStateException("database down");
        }
        return StatusResponse.readReply(ResponseStatus.SUCCESS);
      }
    };
    Mm7InboundServer server = start(broken);
    Mm7Message m = SampleMessages.of(Mm7Operation.READ_REPLY_REQ, Mm7Release.latest());
    Answer a = push(server.endpoint(), "tx-f", Mm7Release.latest(), m);
    assertEquals(500, a.status());
    assertEquals(Mm7Status.SERVER_ERROR, a.statusElement().mm7Status());
    assertFalse(a.text().contains("database down") || a.text().contains("IllegalStateException"),
        "no internals: " + a.text());
    Answer b = push(server.endpoint(), "tx-f", Mm7Release.latest(), m);
    assertEquals(200, b.status());
    assertEquals(2, calls.get());
  }

  // ---- malformed pushes ----

  private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";

  private static String envelope(String ns, String txId, String body) {
    return "<?xml version=\"1.0\"?><env:Envelope xmlns:env=\"" + SOAP + "\"><env:Header>"
        + "<mm7:TransactionID xmlns:mm7=\"" + ns + "\" env:mustUnderstand=\"1\">" + txId + "</mm7:TransactionID>"
        + "</env:Header><env:Body>" + body + "</env:Body></env:Envelope>";
  }

  private static void assertFault(Answer a, int code, Mm7Release release, String txId) throws Exception {
    assertEquals(500, a.status(), a.text());
    assertFalse(a.text().contains("Exception") || a.text().contains("\tat "), "no stack trace: " + a.text());
    try (DecodedMessage d = a.decode()) {
      ErrorResponse e = assertInstanceOf(ErrorResponse.class, d.message(), a.text());
      assertEquals(Mm7Operation.VASP_ERROR_RSP, e.operation());
      assertEquals(code, e.status().code(), a.text());
      assertEquals(release.namespace(), d.namespace());
      if (txId != null) {
        assertEquals(txId, d.transactionId());
      }
    }
  }

  @Test
  void notWellFormedIs2007InTheSniffedNamespace() throws Exception {
    Mm7InboundServer server = start(new Recorder());
    Mm7Release rel = Mm7Release.REL_5_MM7_1_3;
    String broken = envelope(rel.namespace(), "tx-bad", "<mm7:DeliverReq xmlns:mm7=\"" + rel.namespace()
        + "\"><mm7:MM7Version>5.3.0</mm7:MM7Version>").replace("</env:Body></env:Envelope>", "");
    assertFault(xml(server.endpoint(), broken), 2007, rel, "tx-bad");
  }

  @Test
  void garbageIs2007() throws Exception {
    Mm7InboundServer server = start(new Recorder());
    assertFault(post(server.endpoint(), "application/octet-stream", new byte[] {0, 1, 2, 3, (byte) 0xff}),
        2007, Mm7Release.latest(), null);
    assertFault(xml(server.endpoint(), ""), 2007, Mm7Release.latest(), null);
    assertFault(xml(server.endpoint(), "<html><body>hi</body></html>"), 2007, Mm7Release.latest(), null);
  }

  @Test
  void validationErrorIs4004() throws Exception {
    Mm7InboundServer server = start(new Recorder());
    Mm7Release rel = Mm7Release.REL_6_MM7_1_2;
    String noSender = envelope(rel.namespace(), "tx-v", "<DeliverReq xmlns=\"" + rel.namespace() + "\">"
        + "<MM7Version>6.5.0</MM7Version><Recipients><To><Number>+447000000001</Number></To></Recipients>"
        + "</DeliverReq>");
    assertFault(xml(server.endpoint(), noSender), 4004, rel, "tx-v");
  }

  @Test
  void unknownOperationIs4003() throws Exception {
    Mm7InboundServer server = start(new Recorder());
    Mm7Release rel = Mm7Release.latest();
    String op = envelope(rel.namespace(), "tx-u", "<FrobnicateReq xmlns=\"" + rel.namespace()
        + "\"><MM7Version>6.8.0</MM7Version></FrobnicateReq>");
    assertFault(xml(server.endpoint(), op), 4003, rel, "tx-u");
  }

  @Test
  void aVaspOperationPushedToTheVaspIs4003() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder);
    Mm7Release rel = Mm7Release.REL_5_MM7_1_5;
    Answer a = push(server.endpoint(), "tx-s", rel, SampleMessages.of(Mm7Operation.SUBMIT_REQ, rel));
    assertFault(a, 4003, rel, "tx-s");
    assertTrue(recorder.seen.isEmpty());
  }

  @Test
  void unknownNamespacesAre4002() throws Exception {
    Mm7InboundServer server = start(new Recorder());
    String foreign = envelope("urn:example:not-mm7", "tx-n", "<DeliverReq xmlns=\"http://example.com/mm7\">"
        + "<MM7Version>6.8.0</MM7Version></DeliverReq>");
    assertFault(xml(server.endpoint(), foreign), 4002, Mm7Release.latest(), "tx-n");

    String future = SampleMessagesXml.deliveryReport(Mm7Release.NAMESPACE_PREFIX + "REL-6-MM7-6-7", "tx-f");
    Answer a = xml(server.endpoint(), future);
    assertEquals(500, a.status(), a.text());
    assertEquals(4002, a.statusElement().code());
  }

  @Test
  void unknownThreeGppNamespacesCanBeAccepted() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(Mm7InboundServer.builder(recorder).acceptUnknownNamespaces(true));
    String future = SampleMessagesXml.deliveryReport(Mm7Release.NAMESPACE_PREFIX + "REL-6-MM7-6-7", "tx-f");
    Answer a = xml(server.endpoint(), future);
    assertEquals(200, a.status(), a.text());
    assertEquals(1, recorder.seen.size());
  }

  @Test
  void preThreeGppDialectIs4002() throws Exception {
    Mm7InboundServer server = start(new Recorder());
    String rpc = "<env:Envelope xmlns:env=\"" + SOAP + "\"><env:Body><m:MM7DeliverReq xmlns:m=\"urn:MM7Deliver\">"
        + "<Version>5.2.0</Version></m:MM7DeliverReq></env:Body></env:Envelope>";
    assertFault(xml(server.endpoint(), rpc), 4002, Mm7Release.latest(), null);
  }

  @Test
  void aDeclaredLengthOverTheDefaultLimitIsRefusedWithoutReadingTheBody() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(recorder);
    Mm7Release rel = Mm7Release.latest();
    String start = "<env:Envelope xmlns:env=\"" + SOAP + "\"><env:Header><mm7:TransactionID xmlns:mm7=\""
        + rel.namespace() + "\">tx-huge</mm7:TransactionID></env:Header><env:Body>";
    byte[] prefix = (start + " ".repeat(20_000)).getBytes(StandardCharsets.UTF_8);
    long declared = Mm7InboundServlet.Builder.DEFAULT_MAX_MESSAGE_SIZE + 1;
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      java.io.OutputStream out = s.getOutputStream();
      out.write(("POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml; charset=utf-8\r\n"
          + "Content-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(prefix);
      out.flush();
      // the rest of the 5 MiB is never sent: the answer comes anyway
      byte[] answer = readResponse(s.getInputStream());
      String text = new String(answer, StandardCharsets.UTF_8);
      assertTrue(text.startsWith("HTTP/1.1 500"), text);
      assertTrue(text.contains(">2004<"), text);
      // answered from the head, before a byte of the body is read: no TransactionID to echo
      assertFalse(text.contains("tx-huge"), text);
    }
    assertTrue(recorder.seen.isEmpty());
  }

  @Test
  void aChunkedPushOverTheDefaultLimitIs2004() throws Exception {
    Mm7InboundServer server = start(new Recorder());
    Mm7Release rel = Mm7Release.latest();
    String start = "<env:Envelope xmlns:env=\"" + SOAP + "\"><env:Header><mm7:TransactionID xmlns:mm7=\""
        + rel.namespace() + "\">tx-chunked</mm7:TransactionID></env:Header><env:Body><!-- ";
    byte[] body = new byte[(int) Mm7InboundServlet.Builder.DEFAULT_MAX_MESSAGE_SIZE + 1024];
    java.util.Arrays.fill(body, (byte) 'x');
    System.arraycopy(start.getBytes(StandardCharsets.UTF_8), 0, body, 0, start.length());
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(server.endpoint()).header("Content-Type", "text/xml; charset=utf-8")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(500, r.statusCode());
    assertTrue(r.body().contains(">2004<"), r.body());
  }

  /** Reads one HTTP response with a Content-Length. */
  private static byte[] readResponse(java.io.InputStream in) throws java.io.IOException {
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
    byte[] body = m.find() ? in.readNBytes(Integer.parseInt(m.group(1))) : new byte[0];
    head.write(body);
    return head.toByteArray();
  }

  @Test
  void tooLargeIs2004() throws Exception {
    Mm7InboundServer server = start(Mm7InboundServer.builder(new Recorder())
        .codec(Mm7Codec.builder().maxMessageSize(2048).build()));
    Mm7Release rel = Mm7Release.latest();
    Answer a = push(server.endpoint(), "tx-big", rel, SampleMessages.of(Mm7Operation.DELIVER_REQ, rel));
    // refused from its Content-Length before the body is read: no TransactionID to echo
    assertFault(a, 2004, rel, "");
    // chunked, the size is known only while reading: refused at the limit, with the sniffed TransactionID
    EncodedMessage e = CODEC.encode(Mm7Envelope.of("tx-big", rel, SampleMessages.of(Mm7Operation.DELIVER_REQ, rel)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(server.endpoint()).header("Content-Type", e.contentType())
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(out.toByteArray()))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertFault(new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), null, r.body()), 2004,
        rel, "tx-big");
  }

  // ---- credentials ----

  @Test
  void basicCredentialsAreChecked() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(Mm7InboundServer.builder(recorder)
        .credentials(Credentials.basic("relay", "pa55")));
    Mm7Release rel = Mm7Release.REL_5_MM7_1_2;
    Mm7Message m = SampleMessages.of(Mm7Operation.DELIVERY_REPORT_REQ, rel);

    Answer none = push(server.endpoint(), "tx-1", rel, m);
    assertEquals(401, none.status());
    assertNotNull(none.wwwAuthenticate());
    assertTrue(none.wwwAuthenticate().startsWith("Basic realm="), none.wwwAuthenticate());
    assertTrue(none.contentType().startsWith("text/plain"), "a bare 401, as relays answer: " + none.contentType());
    Answer wrong = push(server.endpoint(), "tx-2", rel, m, "Authorization", basic("relay", "nope"));
    assertEquals(401, wrong.status());
    assertTrue(recorder.seen.isEmpty());

    Answer right = push(server.endpoint(), "tx-3", rel, m, "Authorization", basic("relay", "pa55"));
    assertEquals(200, right.status());
    assertEquals(1, recorder.seen.size());
  }

  @Test
  void aWrongPasswordAnUnknownUserAndNoCredentialsGetByteIdenticalAnswers() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(Mm7InboundServer.builder(recorder)
        .credentials(Credentials.basic("relay", "pa55")));
    EncodedMessage e = CODEC.encode(Mm7Envelope.of("tx-same", Mm7Release.latest(),
        SampleMessages.of(Mm7Operation.DELIVERY_REPORT_REQ, Mm7Release.latest())));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    byte[] body = out.toByteArray();
    List<Answer> answers = new ArrayList<>();
    for (String authorization : List.of(basic("relay", "nope"), basic("nobody", "pa55"), basic("relay", "pa55x"),
        basic("relay", ""), basic("relayx", "pa55"), "Basic !!notbase64", "Bearer pa55", "Digest username=relay")) {
      answers.add(post(server.endpoint(), e.contentType(), body, "Authorization", authorization));
    }
    answers.add(post(server.endpoint(), e.contentType(), body));
    Answer first = answers.get(0);
    assertEquals(401, first.status());
    for (Answer a : answers) {
      assertEquals(first.status(), a.status());
      assertEquals(first.contentType(), a.contentType());
      assertEquals(first.wwwAuthenticate(), a.wwwAuthenticate());
      assertArrayEquals(first.body(), a.body(), a.text());
    }
    assertTrue(recorder.seen.isEmpty());
  }

  @Test
  void aWrongTokenAndAnotherSchemeGetByteIdenticalAnswers() throws Exception {
    Mm7InboundServer server = start(Mm7InboundServer.builder(new Recorder()).credentials(Credentials.bearer("t0k3n")));
    EncodedMessage e = CODEC.encode(Mm7Envelope.of("tx-same", Mm7Release.latest(),
        SampleMessages.of(Mm7Operation.READ_REPLY_REQ, Mm7Release.latest())));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    byte[] body = out.toByteArray();
    Answer wrong = post(server.endpoint(), e.contentType(), body, "Authorization", "Bearer t0k3m");
    Answer prefix = post(server.endpoint(), e.contentType(), body, "Authorization", "Bearer t0k");
    Answer basic = post(server.endpoint(), e.contentType(), body, "Authorization", basic("relay", "t0k3n"));
    for (Answer a : List.of(prefix, basic)) {
      assertEquals(401, a.status());
      assertEquals(wrong.wwwAuthenticate(), a.wwwAuthenticate());
      assertArrayEquals(wrong.body(), a.body());
    }
  }

  @Test
  void bearerCredentialsAreChecked() throws Exception {
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(Mm7InboundServer.builder(recorder).credentials(Credentials.bearer("t0k3n")));
    Mm7Message m = SampleMessages.of(Mm7Operation.READ_REPLY_REQ, Mm7Release.latest());
    Answer wrong = push(server.endpoint(), "tx-1", Mm7Release.latest(), m, "Authorization", "Bearer other");
    assertEquals(401, wrong.status());
    assertEquals("Bearer realm=\"MM7\"", wrong.wwwAuthenticate());
    Answer right = push(server.endpoint(), "tx-2", Mm7Release.latest(), m, "Authorization", "Bearer t0k3n");
    assertEquals(200, right.status());
  }

  @Test
  void theClientsBasicCredentialsPassTheEndpointsCheck() throws Exception {
    Mm7InboundServer server = start(Mm7InboundServer.builder(new Recorder())
        .credentials(Credentials.basic("relay", "p\u00e4ss")));
    try (Mm7Client relay = Mm7Client.builder(server.endpoint())
        .credentials(Credentials.basic("relay", "p\u00e4ss")).build()) {
      assertEquals(Mm7Operation.READ_REPLY_RSP,
          relay.send((org.openmm7.client.message.Mm7Request) SampleMessages.of(Mm7Operation.READ_REPLY_REQ, Mm7Release.latest()), "tx").operation());
    }
    try (Mm7Client relay = Mm7Client.builder(server.endpoint())
        .credentials(Credentials.basic("relay", "wrong")).build()) {
      org.openmm7.client.Mm7TransportException e = assertThrows(org.openmm7.client.Mm7TransportException.class,
          () -> relay.send((org.openmm7.client.message.Mm7Request) SampleMessages.of(Mm7Operation.READ_REPLY_REQ, Mm7Release.latest()), "tx"));
      assertEquals(401, e.httpStatus().getAsInt());
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  // ---- https ----

  @Test
  void httpsEndpoint() throws Exception {
    TestCertificates.Identity id = TestCertificates.create("vasp", "127.0.0.1", "localhost");
    Recorder recorder = new Recorder();
    Mm7InboundServer server = start(Mm7InboundServer.builder(recorder)
        .tls(TlsOptions.builder().keyStore(id.keyStore(), TestCertificates.PASSWORD).build()));
    assertEquals("https", server.endpoint().getScheme());
    try (Mm7Client relay = Mm7Client.builder(server.endpoint())
        .tls(TlsOptions.builder().trustStore(id.trustStore()).build()).build()) {
      relay.send((org.openmm7.client.message.Mm7Request) SampleMessages.of(Mm7Operation.DELIVERY_REPORT_REQ, Mm7Release.latest()), "tx-tls");
    }
    assertEquals(1, recorder.seen.size());
  }
}
