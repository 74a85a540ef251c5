package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Recipients;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.internal.http.VaspSide;

/**
 * The stub as the VASP tells a relay's retry (the same request again) from another request that
 * reuses a TransactionID, which real relays send: no report is lost.
 */
class VaspDeduplicationTest {
  private static final String REL_5_1_0 = Mm7Release.REL_5_MM7_1_0.namespace();
  static Mm7StubServer vasp;

  @BeforeAll
  static void start() throws Exception {
    vasp = Mm7StubServer.builder().role(Role.VASP).build().start();
  }

  @AfterAll
  static void stop() {
    vasp.close();
  }

  @BeforeEach
  void reset() {
    vasp.reset();
  }

  /** As Mbuni writes a report: SOAP-ENV prefix, REL-5-MM7-1-0 with 5.3.0, TransactionID = MessageID. */
  static byte[] mbuniReport(String messageId, String recipient, String status) {
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"
        + "<SOAP-ENV:Header><mm7:TransactionID xmlns:mm7=\"" + REL_5_1_0 + "\" SOAP-ENV:mustUnderstand=\"1\">"
        + messageId + "</mm7:TransactionID></SOAP-ENV:Header>\n"
        + "<SOAP-ENV:Body><DeliveryReportReq xmlns=\"" + REL_5_1_0 + "\">"
        + "<MM7Version>5.3.0</MM7Version><MMSRelayServerID>mbuni</MMSRelayServerID>"
        + "<MessageID>" + messageId + "</MessageID>"
        + "<Recipient><Number>" + recipient + "</Number></Recipient>"
        + "<Sender><ShortCode>12345</ShortCode></Sender>"
        + "<Date>2026-11-24T09:30:00Z</Date><MMStatus>" + status + "</MMStatus>"
        + "</DeliveryReportReq></SOAP-ENV:Body></SOAP-ENV:Envelope>\n").getBytes(StandardCharsets.UTF_8);
  }

  private static Http.Answer post(byte[] xml) throws Exception {
    return Http.post(vasp.endpoint(), "text/xml; charset=utf-8", xml, null);
  }

  private static boolean reused(RecordedRequest r) {
    return r.findings().stream().anyMatch(f -> f.code().equals("reused-transaction-id"));
  }

  @Test
  void mbuniReportsPerRecipientUnderOneTransactionIdAreAllHandledAndStored() throws Exception {
    int storedBefore = vasp.storedMessages().size();
    for (String to : List.of("+447000000001", "+447000000002", "+447000000003")) {
      Http.Answer a = post(mbuniReport("mbuni-0042", to, "Retrieved"));
      assertEquals(1000, a.statusCode(), a::toString);
      assertEquals("mbuni-0042", a.transactionId());
    }
    List<RecordedRequest> rs = vasp.requests();
    assertEquals(3, rs.size());
    assertTrue(rs.stream().noneMatch(RecordedRequest::isDuplicate), "none is a retry: " + rs);
    assertFalse(reused(rs.get(0)));
    assertTrue(reused(rs.get(1)) && reused(rs.get(2)));
    assertEquals(storedBefore + 3, vasp.storedMessages().size(), "every report kept");

    // a byte-identical retry of the second report
    assertEquals(1000, post(mbuniReport("mbuni-0042", "+447000000002", "Retrieved")).statusCode());
    RecordedRequest retry = vasp.requests().get(3);
    assertEquals(rs.get(1).sequence(), retry.duplicateOf());
    assertEquals(storedBefore + 3, vasp.storedMessages().size(), "a retry is not kept twice");
  }

  @Test
  void skycoreForwardedThenDeliveredWithRetriesOfEach() throws Exception {
    for (String status : List.of("Forwarded", "Forwarded", "Retrieved", "Retrieved", "Retrieved")) {
      assertEquals(1000, post(mbuniReport("sky-9", "+447000000001", status)).statusCode());
    }
    List<RecordedRequest> rs = vasp.requests();
    assertEquals(0, rs.get(0).duplicateOf());
    assertEquals(rs.get(0).sequence(), rs.get(1).duplicateOf());
    assertEquals(0, rs.get(2).duplicateOf(), "the final state is not a retry of Forwarded");
    assertTrue(reused(rs.get(2)));
    assertEquals(rs.get(2).sequence(), rs.get(3).duplicateOf());
    assertEquals(rs.get(2).sequence(), rs.get(4).duplicateOf());
  }

  @Test
  void aDeliverReqRetriedWithAnotherBoundaryIsARetryAndOtherContentIsNot() throws Exception {
    Mm7Codec codec = Mm7Codec.lenient();
    // with its TimeStamp: without one the codec writes the current time, and an attempt a second
    // later would differ (and be handed over again, which is the safe side)
    DeliverRequest mo = DeliverRequest.builder().sender(Address.number("+447000000003"))
        .recipients(Recipients.to(Address.shortCode("12345"))).subject("photo")
        .timeStamp(java.time.OffsetDateTime.parse("2026-11-24T09:30:00Z"))
        .content(BinaryPart.ofBytes(new byte[] {7, 7, 7}, "image/jpeg").withContentId("a@relay")).build();
    Mm7Envelope e = Mm7Envelope.of("mo-1", Mm7Release.REL_6_MM7_1_4, mo);
    EncodedMessage one = codec.encode(e);
    EncodedMessage two = codec.encode(e);
    assertFalse(one.contentType().equals(two.contentType()), "other boundaries");
    assertEquals(1000, Http.post(vasp.endpoint(), one.contentType(), bytes(one), null).statusCode());
    assertEquals(1000, Http.post(vasp.endpoint(), two.contentType(), bytes(two), null).statusCode());
    DeliverRequest other = mo.toBuilder().content(TextPart.of("another message")).build();
    assertEquals(1000, Http.post(vasp.endpoint(), Mm7Envelope.of("mo-1", Mm7Release.REL_6_MM7_1_4, other), null)
        .statusCode());
    List<RecordedRequest> rs = vasp.requests();
    assertEquals(rs.get(0).sequence(), rs.get(1).duplicateOf());
    assertEquals(0, rs.get(2).duplicateOf());
    assertTrue(reused(rs.get(2)));
  }

  @Test
  void aStrictVaspFlagsAReusedTransactionIdButDoesNotRefuseIt() throws Exception {
    try (Mm7StubServer strict = Mm7StubServer.builder().role(Role.VASP).strict(true).build().start()) {
      DeliveryReportRequest r = DeliveryReportRequest.builder().messageId("m-1")
          .recipient(Address.number("+447000000001")).sender(Address.shortCode("12345"))
          .date(java.time.OffsetDateTime.parse("2026-11-24T09:30:00Z")).mmStatus(MessageStatus.FORWARDED).build();
      Mm7Release rel = Mm7Release.REL_6_MM7_1_4;
      assertEquals(1000, Http.post(strict.endpoint(), Mm7Envelope.of("m-1", rel, r), null).statusCode());
      Http.Answer second = Http.post(strict.endpoint(),
          Mm7Envelope.of("m-1", rel, r.toBuilder().mmStatus(MessageStatus.RETRIEVED).build()), null);
      assertEquals(1000, second.statusCode(), second::toString);
      assertTrue(reused(strict.requests().get(1)));
    }
  }

  /** Waits for the latch, at most 5 s (on a server that does not let one wait, nobody counts it down). */
  private static void awaitBriefly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void twoIdenticalReportsAtTheSameMomentAreHandledOnceAndBothGetTheSameBytes() throws Exception {
    CountDownLatch secondWaits = new CountDownLatch(1);
    AtomicInteger answersMade = new AtomicInteger();
    // the first is held while its answer is being made, until the second waits for it
    vasp.stageHook(stage -> {
      if (stage.equals("encode")) {
        answersMade.incrementAndGet();
        awaitBriefly(secondWaits);
      } else if (stage.equals("dedup-wait")) {
        secondWaits.countDown();
      }
    });
    int storedBefore = vasp.storedMessages().size();
    byte[] report = mbuniReport("at-once-1", "+447000000001", "Retrieved");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Http.Answer> one = pool.submit(() -> post(report));
      Future<Http.Answer> two = pool.submit(() -> post(report));
      Http.Answer a = one.get(20, TimeUnit.SECONDS);
      Http.Answer b = two.get(20, TimeUnit.SECONDS);
      assertEquals(0, secondWaits.getCount(), "the second waited for the first");
      assertEquals(1000, a.statusCode(), a::toString);
      assertEquals(a.contentType(), b.contentType());
      assertArrayEquals(a.body(), b.body(), "the same bytes");
      assertEquals(1, answersMade.get(), "one answer made");
      List<RecordedRequest> rs = vasp.requests();
      assertEquals(2, rs.size());
      RecordedRequest original = rs.stream().filter(r -> !r.isDuplicate()).findFirst().orElseThrow();
      assertEquals(1, rs.stream().filter(r -> r.duplicateOf() == original.sequence()).count(), rs::toString);
      assertEquals(storedBefore + 1, vasp.storedMessages().size(), "handled once");
    } finally {
      vasp.stageHook(stage -> { });
      pool.shutdownNow();
    }
  }

  @Test
  void twoDifferentReportsWithOneTransactionIdAtTheSameMomentAreBothHandled() throws Exception {
    CountDownLatch bothInside = new CountDownLatch(2);
    // each is held while its answer is being made until the other is too: neither waits for the other
    vasp.stageHook(stage -> {
      if (stage.equals("encode")) {
        bothInside.countDown();
        awaitBriefly(bothInside);
      }
    });
    int storedBefore = vasp.storedMessages().size();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Http.Answer> one = pool.submit(() -> post(mbuniReport("at-once-2", "+447000000001", "Forwarded")));
      Future<Http.Answer> two = pool.submit(() -> post(mbuniReport("at-once-2", "+447000000001", "Retrieved")));
      assertEquals(1000, one.get(20, TimeUnit.SECONDS).statusCode());
      assertEquals(1000, two.get(20, TimeUnit.SECONDS).statusCode());
      assertEquals(0, bothInside.getCount(), "both were handled at once");
      List<RecordedRequest> rs = vasp.requests();
      assertEquals(2, rs.size());
      assertTrue(rs.stream().noneMatch(RecordedRequest::isDuplicate), rs::toString);
      assertEquals(1, rs.stream().filter(VaspDeduplicationTest::reused).count(), "the later is told of the reuse");
      assertEquals(storedBefore + 2, vasp.storedMessages().size(), "both kept");
    } finally {
      vasp.stageHook(stage -> { });
      pool.shutdownNow();
    }
  }

  @Test
  void aWaitingRetryIsReleasedWhenTheFirstEndsWithoutA1000() {
    VaspSide side = new VaspSide();
    VaspSide.Key key = new VaspSide.Key("acme\u0000ns\u0000DeliveryReportReq\u0000t-1", "f");
    assertEquals(null, side.begin(key), "the first goes ahead");
    java.util.concurrent.CompletableFuture<VaspSide.Answered> first = side.begin(key);
    assertFalse(first.isDone(), "the same again waits");
    side.finish(key);
    assertEquals(null, side.await(first, () -> { }), "handled as new");
    assertEquals(null, side.begin(key), "a later one goes ahead again");
    side.finish(key);
  }

  private static byte[] bytes(EncodedMessage e) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    return out.toByteArray();
  }
}
