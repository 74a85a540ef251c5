package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmm7.client.message.MessageStatus;

/** "The report for this MessageID and recipient reached state X": awaitReport and awaitReadReply. */
class PushAwaitTest {
  private static Mm7StubServer.Builder relay(FakeVasp vasp, String steps) {
    return Mm7StubServer.builder().vaspEndpoint(vasp.endpoint()).deliveryReports(ReportStep.parseList(steps))
        .pushRetrySchedule(List.of(Duration.ofMillis(20), Duration.ofMillis(20)));
  }

  @Test
  void returnsOnceTheReportForThatRecipientAndStatusReachedTheVasp() throws Exception {
    try (FakeVasp vasp = new FakeVasp();
         Mm7StubServer stub = relay(vasp, "Forwarded:0ms,Retrieved:200ms").build().start()) {
      String id = HeldPushTest.submit(stub, "+46700000001", "+46700000002");
      PushRecord retrieved = stub.awaitReport(id, "+46700000002", MessageStatus.RETRIEVED, Duration.ofSeconds(10));
      assertEquals(PushRecord.State.DELIVERED, retrieved.state());
      assertEquals("+46700000002", retrieved.recipient());
      assertEquals(MessageStatus.RETRIEVED, retrieved.mmStatus());
      assertEquals(id, retrieved.messageId());
      PushRecord forwarded = stub.awaitReport(id, " +46700000001 ", MessageStatus.FORWARDED, Duration.ofSeconds(10));
      assertEquals("+46700000001", forwarded.recipient(), "the recipient is compared trimmed");
      assertEquals(MessageStatus.FORWARDED, forwarded.mmStatus());
    }
  }

  @Test
  void aReportGivenUpFailsTheAwaitAtOnceWithItsLastError() throws Exception {
    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer stub = relay(vasp, "Forwarded:0ms").build().start()) {
      vasp.answer = (n, r) -> 4000;
      String id = HeldPushTest.submit(stub, "+46700000001");
      long start = System.nanoTime();
      AssertionError e = assertThrows(AssertionError.class,
          () -> stub.awaitReport(id, "+46700000001", MessageStatus.FORWARDED, Duration.ofSeconds(60)));
      // at once: three quick attempts, not the minute (generous: a loaded machine took 11 s)
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30, "not the whole timeout");
      assertTrue(e.getMessage().startsWith("the DeliveryReportReq Forwarded about " + id + " for +46700000001 was given"
          + " up: "), e.getMessage());
      assertTrue(e.getMessage().contains("FAILED after 3 attempt(s), last: the VASP answered"), e.getMessage());
    }
  }

  @Test
  void aTimeoutListsThePushesAboutTheMessage() throws Exception {
    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer stub = relay(vasp, "Forwarded:0ms").build().start()) {
      String id = HeldPushTest.submit(stub, "+46700000001");
      stub.awaitReport(id, "+46700000001", MessageStatus.FORWARDED, Duration.ofSeconds(10));
      AssertionError e = assertThrows(AssertionError.class,
          () -> stub.awaitReport(id, "+46700000001", MessageStatus.RETRIEVED, Duration.ofMillis(300)));
      assertTrue(e.getMessage().startsWith("the DeliveryReportReq Retrieved about " + id + " for +46700000001 did not"
          + " reach the VASP within 300 ms; pushes about it:\n  push-"), e.getMessage());
      assertTrue(e.getMessage().endsWith("DeliveryReportReq Forwarded for +46700000001: DELIVERED after 1 attempt(s)"),
          e.getMessage());
      AssertionError unknown = assertThrows(AssertionError.class,
          () -> stub.awaitReport("no-such-id", "+46700000001", MessageStatus.RETRIEVED, Duration.ofMillis(50)));
      assertTrue(unknown.getMessage().endsWith("no push about no-such-id was made (was DeliveryReport requested? is"
          + " the MessageID the stub's?)"), unknown.getMessage());
    }
  }

  @Test
  void aHeldReportKeepsTheAwaitWaitingAndSaysWhy() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().deliveryReports(ReportStep.parseList("Retrieved:0ms"))
        .build().start(); FakeVasp vasp = new FakeVasp()) {
      String id = HeldPushTest.submit(stub, "+46700000001");
      AssertionError e = assertThrows(AssertionError.class,
          () -> stub.awaitReport(id, "+46700000001", MessageStatus.RETRIEVED, Duration.ofMillis(200)));
      assertTrue(e.getMessage().contains("Retrieved for +46700000001: HELD (no push target: set one with pushTo, then"
          + " pushes().sendHeld())"), e.getMessage());
      stub.pushTo(vasp.endpoint());
      stub.pushes().sendHeld();
      assertEquals(PushRecord.State.DELIVERED,
          stub.awaitReport(id, "+46700000001", MessageStatus.RETRIEVED, Duration.ofSeconds(10)).state());
    }
  }

  @Test
  void readRepliesAreAwaitedTheSameWay() throws Exception {
    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer stub = relay(vasp, "Forwarded:0ms").build().start()) {
      String id = HeldPushTest.submit(stub, "+46700000001");
      stub.pushes().readReply(id, "+46700000001", MessageStatus.READ);
      PushRecord read = stub.awaitReadReply(id, "+46700000001", MessageStatus.READ, Duration.ofSeconds(10));
      assertEquals(PushRecord.State.DELIVERED, read.state());
      assertEquals(org.openmm7.client.message.Mm7Operation.READ_REPLY_REQ, read.operation());
      assertThrows(AssertionError.class,
          () -> stub.awaitReport(id, "+46700000001", MessageStatus.READ, Duration.ofMillis(100)),
          "a read reply is not a delivery report");
    }
  }
}
