package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.ExtendedReplaceResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;

/** The relay's answers to every golden request in every namespace, its errors, recordings and scripts. */
class RelayTest {
  static Mm7StubServer stub;

  @BeforeAll
  static void start() throws IOException {
    stub = Mm7StubServer.builder().maxMessageSize(200_000).build().start();
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  @BeforeEach
  void reset() {
    stub.reset();
  }

  @TestFactory
  Stream<DynamicTest> everyGoldenOperationInEveryNamespace() {
    return Stream.of(Mm7Release.values()).map(rel -> DynamicTest.dynamicTest(rel.releaseName(), () -> golden(rel)));
  }

  private void golden(Mm7Release rel) throws Exception {
    Path dir = Http.corpus().resolve("golden").resolve(rel.releaseName());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".http")).sorted().collect(Collectors.toList());
    }
    assertTrue(files.size() >= 14, dir + " has the golden operations");
    Http.Answer submit = Http.post(stub.endpoint(), dir.resolve("SubmitReq.http"));
    assertEquals(200, submit.httpStatus(), submit::toString);
    SubmitResponse sr = assertInstanceOf(SubmitResponse.class, submit.message());
    assertEquals(1000, submit.statusCode());
    assertNotNull(sr.messageId());
    assertEquals(rel.namespace(), submit.namespace());
    String requestTx = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow().transactionId();
    assertEquals(requestTx, submit.transactionId(), "TransactionID echoed");
    String id = sr.messageId();
    Http.Answer second = Http.post(stub.endpoint(), dir.resolve("SubmitReq.http"));
    assertNotEquals(id, ((SubmitResponse) second.message()).messageId(), "a MessageID per submit");

    for (Path f : files) {
      String op = f.getFileName().toString().replace(".http", "");
      if (op.equals("SubmitReq")) {
        continue;
      }
      stub.reset();
      Http.Answer a = Http.post(stub.endpoint(), f);
      RecordedRequest rec = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      assertNotNull(rec);
      assertEquals(rel.namespace(), a.namespace(), op + ": answered in its own namespace");
      assertEquals(rec.transactionId(), a.transactionId(), op + ": TransactionID echoed");
      assertTrue(rec.findings().isEmpty(), op + " golden has no findings: " + rec.findings());
      boolean toRelay = List.of("CancelReq", "ReplaceReq", "extendedCancelReq", "extendedReplaceReq").contains(op);
      if (toRelay) {
        assertEquals(500, a.httpStatus(), op + ": unknown MessageID " + a);
        ErrorResponse e = assertInstanceOf(ErrorResponse.class, a.message());
        assertEquals(Mm7Operation.RS_ERROR_RSP, e.operation());
        assertEquals(2005, a.statusCode(), op);
        // the same request for the MessageID just given
        Http.Answer ok = postFor(f, id);
        assertEquals(200, ok.httpStatus(), op + " of " + id + ": " + ok);
        assertEquals(1000, ok.statusCode(), op);
        assertEquals(rel.namespace(), ok.namespace());
        assertEquals(op.replace("Req", "Rsp"), ok.message().operation().elementName());
        if (op.equals("extendedReplaceReq")) {
          id = ((ExtendedReplaceResponse) ok.message()).messageId();
          assertNotNull(id, "extendedReplaceRsp gives the replacement a MessageID");
        } else if (op.contains("ancel")) {
          // a cancelled message: submit a fresh one for the next operations
          id = ((SubmitResponse) Http.post(stub.endpoint(), dir.resolve("SubmitReq.http")).message()).messageId();
        }
      } else {
        assertEquals(500, a.httpStatus(), op + " is not accepted by a relay: " + a);
        assertEquals(Mm7Status.UNSUPPORTED_OPERATION.code(), a.statusCode(), op);
      }
    }
  }

  /** The golden request with its MessageID (or cancel/replace ID) set to this one. */
  private static Http.Answer postFor(Path golden, String id) throws Exception {
    Http.Capture c = Http.read(golden);
    try (DecodedMessage d = Mm7Codec.lenient().decode(c.contentType(), new ByteArrayInputStream(c.body()))) {
      Mm7Message m = d.message();
      if (m instanceof CancelRequest x) {
        m = x.toBuilder().messageId(id).build();
      } else if (m instanceof ReplaceRequest x) {
        m = x.toBuilder().messageId(id).build();
      } else if (m instanceof ExtendedCancelRequest x) {
        m = x.toBuilder().cancelId(id).build();
      } else if (m instanceof ExtendedReplaceRequest x) {
        m = x.toBuilder().replaceId(id).build();
      }
      Mm7Envelope e = d.envelope();
      return Http.post(stub.endpoint(), new Mm7Envelope(d.transactionId(), e.release(), e.mm7Version(), m), null);
    }
  }

  @Test
  void unreadableMessagesAre2007AndDialectsAndUnknownNamespaces4002() throws Exception {
    Http.Answer bad = Http.post(stub.endpoint(), Http.corpus().resolve("rejected/not-well-formed.http"));
    assertEquals(500, bad.httpStatus());
    assertEquals(2007, bad.statusCode(), bad::toString);
    RecordedRequest r = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
    assertEquals("not-well-formed", r.rejection());
    assertEquals(org.openmm7.client.codec.DecodeProblem.NOT_WELL_FORMED, r.rejectionProblem());
    assertNull(r.message());
    assertEquals(r.transactionId(), bad.transactionId(), "TransactionID found and echoed even when not well-formed");

    assertEquals(2007, Http.post(stub.endpoint(), Http.corpus().resolve("rejected/not-soap.http")).statusCode());
    assertEquals(2007, Http.post(stub.endpoint(), "text/xml", "<a><b></a>".getBytes(StandardCharsets.UTF_8), null)
        .statusCode());
    Http.Answer dialect = Http.post(stub.endpoint(), Http.corpus().resolve("rejected/pre-3gpp-rpc-encoded.http"));
    assertEquals(4002, dialect.statusCode(), dialect::toString);

    Http.Answer unknown = Http.post(stub.endpoint(), Http.corpus().resolve("deviations/unknown-namespace.http"));
    assertEquals(500, unknown.httpStatus());
    assertEquals(4002, unknown.statusCode(), unknown::toString);
    assertEquals(Mm7Release.latest().namespace(), unknown.namespace(), "REL-6-MM7-6-7 answered in the latest REL-6");
  }

  @Test
  void anOverSizeBodyAnnouncedWithExpectContinueIsRefusedWithoutWaitingForIt() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", stub.port())) {
      socket.setSoTimeout(5_000); // far below the 30 s idle timeout a stalled answer would take
      String head = "POST /mm7 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
          + "Content-Length: 104857600\r\nExpect: 100-continue\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      StringBuilder sb = new StringBuilder();
      byte[] buf = new byte[4096];
      for (int n; !sb.toString().contains("Envelope>") && (n = socket.getInputStream().read(buf)) > 0; ) {
        sb.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
      String text = sb.toString();
      assertTrue(text.startsWith("HTTP/1.1 500"), text);
      assertTrue(text.contains("2004"), text);
    }
  }

  @Test
  void sizeLimitPerMessage() throws Exception {
    byte[] big = new byte[300_000];
    java.util.Arrays.fill(big, (byte) ' ');
    Http.Answer a = Http.post(stub.endpoint(), "text/xml", big, null);
    assertEquals(500, a.httpStatus());
    assertEquals(Mm7Status.MULTIMEDIA_CONTENT_REFUSED.code(), a.statusCode(), a::toString);
    assertEquals("size-limit-exceeded", stub.takeRequest(Duration.ofSeconds(5)).orElseThrow().rejection());
    // chunked, no Content-Length: the limit is applied while reading
    var chunked = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(stub.endpoint())
        .header("Content-Type", "text/xml")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(500, chunked.statusCode());
    assertTrue(chunked.body().contains("2004"), chunked.body());
    RecordedRequest r = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
    assertEquals("size-limit-exceeded", r.rejection());
    assertTrue(r.header("content-length").isEmpty());
  }

  @Test
  void bodiesOverOneMegabyteAreKeptByteForByte() throws Exception {
    Http.Capture c = Http.read(Http.corpus().resolve("golden/REL-6-MM7-1-4/CancelReq.http"));
    byte[] padded = java.util.Arrays.copyOf(c.body(), c.body().length + 1_500_000);
    java.util.Arrays.fill(padded, c.body().length, padded.length, (byte) ' ');
    try (Mm7StubServer big = Mm7StubServer.builder().maxMessageSize(4_000_000).build().start()) {
      Http.Answer a = Http.post(big.endpoint(), c.contentType(), padded, null);
      assertEquals(2005, a.statusCode(), "read (trailing white space is well-formed): " + a);
      RecordedRequest r = big.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      assertEquals(padded.length, r.bodySize());
      assertTrue(java.util.Arrays.equals(padded, r.body()));
      try (DecodedMessage d = r.decode()) {
        assertEquals(Mm7Operation.CANCEL_REQ, d.message().operation());
      }
    }
  }

  @Test
  void replaceOfACancelledMessageIsNotPossible() throws Exception {
    Path dir = Http.corpus().resolve("golden/REL-6-MM7-1-4");
    String id = ((SubmitResponse) Http.post(stub.endpoint(), dir.resolve("SubmitReq.http")).message()).messageId();
    assertEquals(1000, postFor(dir.resolve("CancelReq.http"), id).statusCode());
    assertEquals(1000, postFor(dir.resolve("CancelReq.http"), id).statusCode(), "cancel is idempotent");
    assertEquals(Mm7Status.NOT_POSSIBLE.code(), postFor(dir.resolve("ReplaceReq.http"), id).statusCode());
    assertEquals(StoredMessage.State.CANCELLED, stub.storedMessage(id).state());
  }

  @Test
  void recordingsAreBounded() throws Exception {
    try (Mm7StubServer small = Mm7StubServer.builder().maxRecordedRequests(3).build().start()) {
      for (int i = 0; i < 5; i++) {
        Http.post(small.endpoint(), Http.corpus().resolve("golden/REL-5-MM7-1-0/SubmitReq.http"));
      }
      assertEquals(List.of(3L, 4L, 5L), small.requests().stream().map(RecordedRequest::sequence)
          .collect(Collectors.toList()));
      assertEquals(3L, small.takeRequest(Duration.ofSeconds(1)).orElseThrow().sequence());
      assertEquals(5, small.storedMessages().size(), "the store keeps everything");
    }
  }

  @Test
  void failingDispatcherAnswers3000() throws Exception {
    stub.setDispatcher(r -> {
      throw new IllegalStateException("boom");
    });
    Http.Answer a = Http.post(stub.endpoint(), Http.corpus().resolve("golden/REL-5-MM7-1-0/SubmitReq.http"));
    assertEquals(3000, a.statusCode());
  }

  @Test
  void recordsRawBytesFindingsAndConformancePerVasp() throws Exception {
    Path dev = Http.corpus().resolve("deviations/number-type-suffix.http");
    Http.Answer a = Http.post(stub.endpoint(), dev);
    assertEquals(1000, a.statusCode(), "lenient: accepted with a finding");
    RecordedRequest r = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
    assertEquals(java.util.Set.of("number-type-suffix"), java.util.Set.copyOf(r.problemCodes()));
    assertEquals(Mm7Operation.SUBMIT_REQ, r.operation());
    assertEquals(1000, r.response().statusCode());
    assertEquals(200, r.response().httpStatus());
    assertTrue(java.util.Arrays.equals(Http.read(dev).body(), r.body()), "body kept byte for byte");
    try (DecodedMessage again = Mm7Codec.lenient().decodeCapture(new ByteArrayInputStream(r.rawBytes()))) {
      assertEquals(r.transactionId(), again.transactionId(), "raw bytes are a capture mm7 inspect reads");
    }
    Http.post(stub.endpoint(), Http.corpus().resolve("golden/REL-6-MM7-1-4/SubmitReq.http"));
    var summary = stub.conformance();
    int total = summary.values().stream().mapToInt(VaspConformance::requests).sum();
    assertEquals(2, total);
    assertEquals(1, summary.values().stream().mapToInt(VaspConformance::withFindings).sum());
    assertTrue(summary.values().stream().anyMatch(v -> v.findingCounts().getOrDefault("number-type-suffix", 0) >= 1),
        summary::toString);
    assertEquals(2, stub.requests().size());
  }

  @Test
  void scriptedReplies() throws Exception {
    Path submit = Http.corpus().resolve("golden/REL-5-MM7-1-2/SubmitReq.http");
    stub.enqueue(StubReply.status(Mm7Status.SERVICE_UNAVAILABLE).faultOverHttp200());
    stub.enqueue(StubReply.status(Mm7Status.SERVICE_DENIED));
    stub.enqueue(StubReply.status(6102));
    stub.enqueue(StubReply.empty(200));
    stub.enqueue(StubReply.relay().withDelay(Duration.ofMillis(300)));
    stub.enqueue(StubReply.connectionReset());

    Http.Answer a = Http.post(stub.endpoint(), submit);
    assertEquals(200, a.httpStatus());
    assertEquals(4006, a.statusCode());
    assertTrue(a.isFault());
    assertEquals("http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2", a.namespace());
    a = Http.post(stub.endpoint(), submit);
    assertEquals(500, a.httpStatus());
    assertEquals(4007, a.statusCode());
    assertEquals(6102, Http.post(stub.endpoint(), submit).statusCode(), "any code");
    a = Http.post(stub.endpoint(), submit);
    assertEquals(200, a.httpStatus());
    assertEquals(0, a.body().length);
    long t0 = System.nanoTime();
    a = Http.post(stub.endpoint(), submit);
    assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(300).toNanos(), "delayed");
    assertEquals(1000, a.statusCode());
    assertThrows(IOException.class, () -> Http.post(stub.endpoint(), submit), "connection reset");
    assertEquals(6, stub.requests().size());
    assertEquals(StubReply.Kind.CONNECTION_RESET, stub.requests().get(5).response().reply().kind());
    assertEquals(1000, Http.post(stub.endpoint(), submit).statusCode(), "queue empty: the relay again");

    stub.setDispatcher(req -> req.operation() == Mm7Operation.SUBMIT_REQ
        ? StubReply.status(Mm7Status.MULTIPLE_ADDRESSES_NOT_SUPPORTED) : StubReply.relay());
    assertEquals(3003, Http.post(stub.endpoint(), submit).statusCode());
    assertEquals(2005, Http.post(stub.endpoint(), Http.corpus().resolve("golden/REL-5-MM7-1-2/CancelReq.http"))
        .statusCode());
  }

  @Test
  void notFoundAndWrongMethod() throws Exception {
    var get = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(stub.endpoint()).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
    assertEquals(405, get.statusCode());
    var other = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(stub.endpoint().resolve("/other"))
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
    assertEquals(404, other.statusCode());
    assertTrue(stub.requests().isEmpty());
  }

  @Test
  void credentialsPerVasp() throws Exception {
    try (Mm7StubServer secured = Mm7StubServer.builder()
        .accounts(new Account("acme", "s3cret"), new Account("other", "pw")).build().start()) {
      Path submit = Http.corpus().resolve("golden/REL-6-MM7-1-4/SubmitReq.http");
      Http.Capture c = Http.read(submit);
      Http.Answer none = Http.post(secured.endpoint(), c.contentType(), c.body(), null);
      Http.Answer wrong = Http.post(secured.endpoint(), c.contentType(), c.body(), "acme:wrong");
      Http.Answer unknown = Http.post(secured.endpoint(), c.contentType(), c.body(), "nobody:s3cret");
      for (Http.Answer a : List.of(none, wrong, unknown)) {
        assertEquals(401, a.httpStatus(), "a bare 401, as relays answer");
        assertEquals(null, a.message());
      }
      assertEquals(new String(wrong.body(), StandardCharsets.UTF_8), new String(unknown.body(), StandardCharsets.UTF_8),
          "wrong password and unknown VASP get the same answer");
      assertTrue(secured.requests().isEmpty(), "requests without valid credentials are not recorded");
      Http.Answer ok = Http.post(secured.endpoint(), c.contentType(), c.body(), "acme:s3cret");
      assertEquals(1000, ok.statusCode());
      String id = ((SubmitResponse) ok.message()).messageId();
      RecordedRequest last = secured.requests().get(0);
      assertEquals("acme", last.vaspId());
      assertTrue(last.authenticated());
      assertFalse(new String(last.rawBytes(), StandardCharsets.ISO_8859_1).contains(
          java.util.Base64.getEncoder().encodeToString("acme:s3cret".getBytes(StandardCharsets.UTF_8))),
          "credentials are not recorded");
      // another VASP cannot cancel acme's message
      Http.Capture cancel = Http.read(Http.corpus().resolve("golden/REL-6-MM7-1-4/CancelReq.http"));
      try (DecodedMessage d = Mm7Codec.lenient().decode(cancel.contentType(), new ByteArrayInputStream(cancel.body()))) {
        Mm7Envelope e = new Mm7Envelope("tx-c", d.envelope().release(), null,
            ((CancelRequest) d.message()).toBuilder().messageId(id).build());
        assertEquals(2005, Http.post(secured.endpoint(), e, "other:pw").statusCode());
        assertEquals(1000, Http.post(secured.endpoint(), e, "acme:s3cret").statusCode());
      }
      assertEquals(StoredMessage.State.CANCELLED, secured.storedMessage(id).state());
    }
  }

  @Test
  void manyConcurrentSubmitsGetUniqueIds() throws Exception {
    Path submit = Http.corpus().resolve("golden/REL-6-MM7-1-0/SubmitReq.http");
    List<java.util.concurrent.Future<Http.Answer>> fs = new ArrayList<>();
    java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < 64; i++) {
        fs.add(ex.submit(() -> Http.post(stub.endpoint(), submit)));
      }
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (var f : fs) {
        ids.add(((SubmitResponse) f.get().message()).messageId());
      }
      assertEquals(64, ids.size());
    } finally {
      ex.shutdownNow();
    }
  }
}
