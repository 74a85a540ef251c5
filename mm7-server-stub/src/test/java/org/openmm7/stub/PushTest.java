package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;

/** Delivery reports after a submit, retries, give-up, restart with a journal, pushes on demand. */
class PushTest {
  static final List<Duration> FAST = List.of(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(20),
      Duration.ofMillis(20));

  @TempDir
  Path dir;

  static String submit(Mm7StubServer stub, Mm7Release release, String recipient) throws Exception {
    SubmitRequest s = SubmitRequest.builder().vaspId("acme").vasId("news")
        .senderAddress(Address.shortCode("12345")).recipients(Recipients.to(Address.number(recipient)))
        .deliveryReport(true).subject("hello").build();
    Http.Answer a = Http.post(stub.endpoint(), Mm7Envelope.of("tx-submit-" + recipient, release, s), null);
    assertEquals(200, a.httpStatus(), a::toString);
    return assertInstanceOf(SubmitResponse.class, a.message()).messageId();
  }

  @Test
  void deliveryReportsArriveForwardedThenRetrievedInTheSubmitsNamespace() throws Exception {
    try (FakeVasp vasp = new FakeVasp();
         Mm7StubServer stub = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint()).pushRetrySchedule(FAST)
             .deliveryReports(ReportStep.parseList("Forwarded:0ms,Retrieved:30ms")).build().start()) {
      String id = submit(stub, Mm7Release.fromName("REL-5-MM7-1-2").orElseThrow(), "+447000000001");
      FakeVasp.Received first = vasp.take();
      FakeVasp.Received second = vasp.take();
      for (FakeVasp.Received r : List.of(first, second)) {
        DeliveryReportRequest dr = assertInstanceOf(DeliveryReportRequest.class, r.message());
        assertEquals(id, dr.messageId());
        assertEquals("+447000000001", dr.recipient().value());
        assertEquals("12345", dr.sender().value());
        assertEquals("openmm7-stub", dr.relayServerId());
        assertEquals("REL-5-MM7-1-2", r.envelope().release().releaseName());
      }
      assertEquals(MessageStatus.FORWARDED, ((DeliveryReportRequest) first.message()).mmStatus());
      assertEquals(MessageStatus.RETRIEVED, ((DeliveryReportRequest) second.message()).mmStatus());
      assertNotEquals(first.envelope().transactionId(), second.envelope().transactionId());
      FakeVasp.await("both delivered", Duration.ofSeconds(5), () -> stub.pushes().history().stream()
          .filter(p -> p.state() == PushRecord.State.DELIVERED).count() == 2);
      PushRecord p = stub.pushes().history().get(0);
      assertEquals(Mm7Operation.DELIVERY_REPORT_REQ, p.operation());
      assertEquals(id, p.messageId());
      assertEquals(1, p.attempts().size());
      assertEquals(1000, p.lastStatus().code());
      assertEquals(vasp.endpoint(), p.target());
    }
  }

  @Test
  void reportsWithoutAnEndpointAreHeldNotSentNorLost() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      submit(stub, Mm7Release.latest(), "+447000000001");
      assertEquals(2, stub.pushes().history().size(), "Forwarded and Retrieved, kept (HeldPushTest)");
      assertTrue(stub.pushes().history().stream().allMatch(p -> p.state() == PushRecord.State.HELD));
    }
  }

  @Test
  void aVaspThatIsDownThenRefusesThenAcceptsGetsThePushExactlyOnce() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI down = URI.create("http://127.0.0.1:" + port + "/vasp");
    try (Mm7StubServer stub = Mm7StubServer.builder().vaspEndpoint(down)
        .pushRetrySchedule(List.of(Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofMillis(20),
            Duration.ofMillis(20), Duration.ofMillis(20)))
        .deliveryReports(ReportStep.parseList("Forwarded:0ms")).build().start()) {
      CountDownLatch refused = new CountDownLatch(1);
      stub.pushes().subscribe(p -> {
        if (!p.attempts().isEmpty() && p.attempts().get(0).httpStatus() == 0) {
          refused.countDown();
        }
      });
      submit(stub, Mm7Release.latest(), "+447000000001");
      assertTrue(refused.await(10, TimeUnit.SECONDS), "a first attempt, refused");
      try (FakeVasp vasp = new FakeVasp(port)) {
        vasp.answer = (n, r) -> n == 1 ? 2000 : 1000;
        FakeVasp.Received a = vasp.take();
        FakeVasp.Received b = vasp.take();
        assertEquals(a.envelope().transactionId(), b.envelope().transactionId(), "the same TransactionID on retries");
        FakeVasp.await("delivered", Duration.ofSeconds(5),
            () -> stub.pushes().history().get(0).state() == PushRecord.State.DELIVERED);
        PushRecord p = stub.pushes().history().get(0);
        List<PushRecord.Attempt> at = p.attempts();
        assertTrue(at.get(0).error().startsWith("connection refused"), at.get(0)::toString);
        assertEquals(1, at.stream().filter(x -> x.status() != null && x.status().code() == 2000).count());
        assertEquals(1000, at.get(at.size() - 1).status().code());
        assertNull(at.get(at.size() - 1).error());
        assertEquals(2, vasp.all.size(), "delivered once, after one refusal; not sent again");
        assertEquals(p.transactionId(), a.envelope().transactionId());
      }
    }
  }

  @Test
  void aPushIsGivenUpAfterTheLastAttempt() throws Exception {
    try (FakeVasp vasp = new FakeVasp();
         Mm7StubServer stub = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint())
             .pushRetrySchedule(List.of(Duration.ofMillis(1), Duration.ofMillis(1))).build().start()) {
      vasp.answer = (n, r) -> 4006;
      String id = submitWithoutReports(stub);
      PushRecord p = stub.pushes().deliveryReport(id, "+447000000009", MessageStatus.EXPIRED)
          .get(10, TimeUnit.SECONDS);
      assertEquals(PushRecord.State.FAILED, p.state());
      assertEquals(3, p.attempts().size());
      assertEquals(4006, p.lastStatus().code());
      assertEquals(3, vasp.all.size());
    }
  }

  private static String submitWithoutReports(Mm7StubServer stub) throws Exception {
    SubmitRequest s = SubmitRequest.builder().vaspId("acme").recipients(Recipients.to(Address.number("+447000000009")))
        .build();
    return ((SubmitResponse) Http.post(stub.endpoint(), Mm7Envelope.of("tx-1", Mm7Release.latest(), s), null)
        .message()).messageId();
  }

  @Test
  void aPendingPushSurvivesARestartAndIsDeliveredOnce() throws Exception {
    try (FakeVasp vasp = new FakeVasp()) {
      vasp.answer = (n, r) -> 4006;
      Mm7StubServer.Builder options = Mm7StubServer.builder().storeDirectory(dir).vaspEndpoint(vasp.endpoint())
          .deliveryReports(ReportStep.parseList("Forwarded:0ms"));
      String tx;
      String id;
      try (Mm7StubServer first = options.pushRetrySchedule(List.of(Duration.ofHours(1))).build().start()) {
        id = submit(first, Mm7Release.latest(), "+447000000001");
        tx = vasp.take().envelope().transactionId();
        FakeVasp.await("the failed attempt journalled", Duration.ofSeconds(5),
            () -> first.pushes().history().get(0).attempts().size() == 1);
        assertEquals(PushRecord.State.PENDING, first.pushes().history().get(0).state());
      }
      vasp.answer = (n, r) -> 1000;
      try (Mm7StubServer second = options.pushRetrySchedule(FAST).build()) {
        assertEquals(PushRecord.State.PENDING, second.pushes().history().get(0).state(), "loaded as pending");
        second.start();
        FakeVasp.Received again = vasp.take();
        assertEquals(tx, again.envelope().transactionId());
        assertEquals(id, ((DeliveryReportRequest) again.message()).messageId());
        FakeVasp.await("delivered after the restart", Duration.ofSeconds(5),
            () -> second.pushes().history().get(0).state() == PushRecord.State.DELIVERED);
        assertEquals(2, second.pushes().history().get(0).attempts().size());
      }
      try (Mm7StubServer third = options.build().start()) {
        assertEquals(PushRecord.State.DELIVERED, third.pushes().history().get(0).state());
      }
      assertEquals(2, vasp.all.size(), "not sent again by the third stub");
    }
  }

  @Test
  void deliverAndReadReplyOnDemand() throws Exception {
    try (FakeVasp vasp = new FakeVasp();
         Mm7StubServer stub = Mm7StubServer.builder().vaspEndpoint(URI.create(
             "http://relay:secret@127.0.0.1:" + vasp.endpoint().getPort() + "/vasp"))
             .deliveryReports(List.of()).relayServerId("mmsc-1").build().start()) {
      DeliverRequest mo = DeliverRequest.builder().sender(Address.number("+447000000005"))
          .recipients(Recipients.to(Address.shortCode("12345"))).subject("MO")
          .content(TextPart.of("hello from a phone")).build();
      PushRecord p = stub.pushes().deliver(mo, "acme").get(10, TimeUnit.SECONDS);
      assertEquals(PushRecord.State.DELIVERED, p.state());
      FakeVasp.Received r = vasp.take();
      DeliverRequest got = assertInstanceOf(DeliverRequest.class, r.message());
      assertEquals("mmsc-1", got.relayServerId());
      assertEquals("acme", got.vaspId());
      assertEquals(Mm7Release.latest(), r.envelope().release());
      assertTrue(r.authorization().startsWith("Basic "), "credentials from the URL's user info");

      String id = submit(stub, Mm7Release.fromName("REL-6-MM7-1-0").orElseThrow(), "+447000000001");
      PushRecord rr = stub.pushes().readReply(id, "+447000000001", MessageStatus.READ).get(10, TimeUnit.SECONDS);
      assertEquals(PushRecord.State.DELIVERED, rr.state());
      FakeVasp.Received rq = vasp.take();
      ReadReplyRequest read = assertInstanceOf(ReadReplyRequest.class, rq.message());
      assertEquals(MessageStatus.READ, read.mmStatus());
      assertEquals("REL-6-MM7-1-0", rq.envelope().release().releaseName());
      assertTrue(stub.pushes().deliveryReport("no-such-id", "+44", MessageStatus.READ).isCompletedExceptionally());
    }
  }

  @Test
  void perAccountPushUrlAndBearerCredentials() throws Exception {
    try (FakeVasp vasp = new FakeVasp();
         Mm7StubServer stub = Mm7StubServer.builder()
             .accounts(new Account("acme", "pw").withPushUrl(vasp.endpoint())
                 .withPushCredentials(org.openmm7.client.Credentials.bearer("push-token")))
             .deliveryReports(ReportStep.parseList("Delivered:0ms".replace("Delivered", "Retrieved")))
             .build().start()) {
      SubmitRequest s = SubmitRequest.builder().vaspId("acme").recipients(Recipients.to(Address.number("+447000000001")))
          .deliveryReport(true).build();
      Http.Answer a = Http.post(stub.endpoint(), Mm7Envelope.of("tx-a", Mm7Release.latest(), s), "acme:pw");
      assertEquals(1000, a.statusCode());
      FakeVasp.Received r = vasp.take();
      assertEquals("Bearer push-token", r.authorization());
    }
  }
}
