package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;

/** A stub without a push target keeps what it would have pushed, and sends it when asked once there is one. */
public class HeldPushTest {
  public static final List<Duration> FAST = List.of(Duration.ofMillis(20), Duration.ofMillis(20));

  @TempDir
  Path dir;

  public static String submit(Mm7StubServer stub, String... recipients) throws Exception {
    Address[] to = new Address[recipients.length];
    for (int i = 0; i < to.length; i++) {
      to[i] = Address.number(recipients[i]);
    }
    SubmitRequest s = SubmitRequest.builder().vaspId("acme").recipients(Recipients.to(to)).deliveryReport(true)
        .subject("hello").content(TextPart.of("hi"), true).build();
    Http.Answer a = Http.post(stub.endpoint(), Mm7Envelope.of("tx-" + recipients[0], Mm7Release.latest(), s), null);
    return assertInstanceOf(SubmitResponse.class, a.message()).messageId();
  }

  private static Mm7StubServer.Builder withoutTarget() {
    return Mm7StubServer.builder().deliveryReports(ReportStep.parseList("Forwarded:0ms,Retrieved:0ms"))
        .pushRetrySchedule(FAST);
  }

  @Test
  void reportsAreHeldWithoutATargetAndSentInOrderWhenAsked() throws Exception {
    try (Mm7StubServer stub = withoutTarget().build().start(); FakeVasp vasp = new FakeVasp()) {
      String id = submit(stub, "+46700000001", "+46700000002");
      List<PushRecord> held = stub.pushes().held();
      assertEquals(4, held.size(), held::toString);
      for (PushRecord p : held) {
        assertEquals(PushRecord.State.HELD, p.state());
        assertNull(p.target());
        assertEquals(id, p.messageId());
        assertTrue(p.attempts().isEmpty(), "never tried");
      }
      assertEquals(List.of("+46700000001 Forwarded", "+46700000001 Retrieved", "+46700000002 Forwarded",
          "+46700000002 Retrieved"), held.stream().map(p -> p.recipient() + " " + p.mmStatus().wireName())
          .collect(Collectors.toList()));
      assertEquals(0, stub.pushes().sendHeld(), "still no target: they stay held");
      assertEquals(4, stub.pushes().held().size());

      stub.pushTo(vasp.endpoint());
      assertEquals(vasp.endpoint(), stub.pushTarget());
      assertEquals(4, stub.pushes().sendHeld());
      assertEquals(PushRecord.State.DELIVERED,
          stub.awaitReport(id, "+46700000001", MessageStatus.RETRIEVED, Duration.ofSeconds(10)).state());
      assertEquals(PushRecord.State.DELIVERED,
          stub.awaitReport(id, "+46700000002", MessageStatus.RETRIEVED, Duration.ofSeconds(10)).state());
      List<String> arrived = List.of(vasp.take(), vasp.take(), vasp.take(), vasp.take()).stream()
          .map(r -> (DeliveryReportRequest) r.message())
          .map(d -> d.recipient().value() + " " + d.mmStatus().wireName()).collect(Collectors.toList());
      assertTrue(arrived.indexOf("+46700000001 Forwarded") < arrived.indexOf("+46700000001 Retrieved")
          && arrived.indexOf("+46700000002 Forwarded") < arrived.indexOf("+46700000002 Retrieved"), arrived::toString);
      assertTrue(stub.pushes().held().isEmpty());
      assertEquals(0, stub.pushes().sendHeld(), "each is sent once");
    }
  }

  @Test
  void pushesOnDemandAreHeldTooAndTheirFuturesSaySo() throws Exception {
    try (Mm7StubServer stub = withoutTarget().deliveryReports(List.of()).build().start()) {
      String id = submit(stub, "+46700000001");
      assertTrue(stub.pushes().held().isEmpty(), "no report steps: nothing to hold");
      PushRecord report = stub.pushes().deliveryReport(id, "+46700000001", MessageStatus.EXPIRED)
          .get(5, TimeUnit.SECONDS);
      assertEquals(PushRecord.State.HELD, report.state());
      assertEquals(MessageStatus.EXPIRED, report.mmStatus());
      PushRecord read = stub.pushes().readReply(id, "+46700000001", MessageStatus.READ).get(5, TimeUnit.SECONDS);
      assertEquals(PushRecord.State.HELD, read.state());
      PushRecord mo = stub.pushes().deliver(DeliverRequest.builder().sender(Address.number("+46700000009"))
          .recipients(Recipients.to(Address.shortCode("12345"))).content(TextPart.of("MO"), true).build(), null)
          .get(5, TimeUnit.SECONDS);
      assertEquals(PushRecord.State.HELD, mo.state());
      assertNull(mo.recipient());
      assertEquals(3, stub.pushes().held().size());
      assertTrue(stub.pushes().deliveryReport("no-such-id", "+4670", MessageStatus.READ).isCompletedExceptionally(),
          "an unknown MessageID is still an error");
    }
  }

  @Test
  void thePushTargetCanBeChangedAndRemovedWhileRunning() throws Exception {
    try (Mm7StubServer stub = withoutTarget().deliveryReports(List.of()).build().start();
         FakeVasp first = new FakeVasp(); FakeVasp second = new FakeVasp()) {
      String id = submit(stub, "+46700000001");
      stub.pushTo(first.endpoint());
      assertEquals(PushRecord.State.DELIVERED, stub.pushes().deliveryReport(id, "+46700000001",
          MessageStatus.FORWARDED).get(10, TimeUnit.SECONDS).state());
      assertEquals(MessageStatus.FORWARDED, ((DeliveryReportRequest) first.take().message()).mmStatus());
      stub.pushTo(second.endpoint());
      PushRecord toSecond = stub.pushes().deliveryReport(id, "+46700000001", MessageStatus.RETRIEVED)
          .get(10, TimeUnit.SECONDS);
      assertEquals(second.endpoint(), toSecond.target());
      assertEquals(MessageStatus.RETRIEVED, ((DeliveryReportRequest) second.take().message()).mmStatus());
      stub.pushTo(null);
      assertNull(stub.pushTarget());
      assertEquals(PushRecord.State.HELD, stub.pushes().readReply(id, "+46700000001", MessageStatus.READ)
          .get(5, TimeUnit.SECONDS).state());
      assertEquals(1, first.all.size());
      assertEquals(1, second.all.size());
    }
  }

  @Test
  void heldPushesSurviveARestartWithAStoreAndAreSentWhenAsked() throws Exception {
    String id;
    try (Mm7StubServer stub = withoutTarget().storeDirectory(dir).build().start()) {
      id = submit(stub, "+46700000001");
      assertEquals(2, stub.pushes().held().size());
    }
    try (FakeVasp vasp = new FakeVasp();
         Mm7StubServer again = withoutTarget().storeDirectory(dir).vaspEndpoint(vasp.endpoint()).build().start()) {
      List<PushRecord> held = again.pushes().held();
      assertEquals(2, held.size(), "held, not sent at start: sending them is asked for");
      assertEquals("+46700000001", held.get(0).recipient());
      assertEquals(MessageStatus.FORWARDED, held.get(0).mmStatus());
      assertEquals(2, again.pushes().sendHeld());
      assertEquals(PushRecord.State.DELIVERED,
          again.awaitReport(id, "+46700000001", MessageStatus.RETRIEVED, Duration.ofSeconds(10)).state());
      assertEquals(MessageStatus.FORWARDED, ((DeliveryReportRequest) vasp.take().message()).mmStatus());
      assertEquals(MessageStatus.RETRIEVED, ((DeliveryReportRequest) vasp.take().message()).mmStatus());
    }
  }

  @Test
  void heldPushesAreBoundedTheOldestGivenUpUnsentAndForgotten() throws Exception {
    try (Mm7StubServer stub = withoutTarget().deliveryReports(List.of()).storeDirectory(dir).maxHeldPushes(3).build()
        .start()) {
      List<PushRecord> told = new java.util.concurrent.CopyOnWriteArrayList<>();
      stub.pushes().subscribe(told::add);
      String id = submit(stub, "+46700000001");
      for (MessageStatus s : List.of(MessageStatus.FORWARDED, MessageStatus.DEFERRED, MessageStatus.RETRIEVED,
          MessageStatus.EXPIRED)) {
        stub.pushes().deliveryReport(id, "+46700000001", s).get(5, TimeUnit.SECONDS);
      }
      assertEquals(List.of(MessageStatus.DEFERRED, MessageStatus.RETRIEVED, MessageStatus.EXPIRED),
          stub.pushes().held().stream().map(PushRecord::mmStatus).collect(Collectors.toList()));
      assertEquals(3, stub.pushes().history().size(), "the oldest is forgotten: memory stays bounded");
      PushRecord oldest = told.stream().filter(p -> p.state() == PushRecord.State.FAILED).findFirst().orElseThrow();
      assertEquals(MessageStatus.FORWARDED, oldest.mmStatus());
      assertTrue(oldest.attempts().get(0).error().contains("more than 3 pushes held without a push target"),
          oldest::toString);
      assertEquals(1, stub.pushes().forgotten());
    }
    try (Mm7StubServer again = withoutTarget().storeDirectory(dir).build()) {
      assertEquals(List.of(MessageStatus.DEFERRED, MessageStatus.RETRIEVED, MessageStatus.EXPIRED),
          again.pushes().held().stream().map(PushRecord::mmStatus).collect(Collectors.toList()),
          "forgotten in the journal too");
    }
  }
}
