package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pushes being tried are bounded: beyond the bound a submit asking for delivery reports waits
 * (its SubmitRsp with it) until one has ended, so that a VASP slower than the submits slows them
 * down instead of the stub queueing ever more pushes in memory. Nothing is lost or reordered by
 * the wait, held reports are not held up by it, and closing the stub ends it.
 */
class PushPendingBoundTest {
  private static Mm7StubServer.Builder stub(FakeVasp vasp) {
    return Mm7StubServer.builder().vaspEndpoint(vasp == null ? null : vasp.endpoint())
        .deliveryReports(ReportStep.parseList("Forwarded:0ms,Retrieved:0ms")).pushRetrySchedule(HeldPushTest.FAST);
  }

  private static CompletableFuture<String> submitLater(Mm7StubServer stub, String recipient) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return HeldPushTest.submit(stub, recipient);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5})
  void aSubmitWaitsWhileThePendingPushesAreAtTheBoundAndGoesOnWhenOneEnds(int bound) throws Exception {
    CountDownLatch vaspAnswers = new CountDownLatch(1);
    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer stub = stub(vasp).build().start()) {
      vasp.answer = (n, r) -> {
        try {
          vaspAnswers.await(20, TimeUnit.SECONDS); // a VASP that does not take reports for now
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return 1000;
      };
      PushManager pushes = (PushManager) stub.pushes();
      pushes.maxPending(bound);
      // submits of two reports each until the pending pushes reach the bound
      int accepted = 0;
      while (stub.pushes().counts().get(PushRecord.State.PENDING) < bound) {
        HeldPushTest.submit(stub, "+4670000" + (1000 + accepted++));
      }
      CompletableFuture<String> waiting = submitLater(stub, "+46700009999");
      FakeVasp.await("the next submit waiting for room", Duration.ofSeconds(10), () -> pushes.waitingForRoom() == 1);
      assertFalse(waiting.isDone(), "its SubmitRsp waits with it");
      long pendingWhileWaiting = stub.pushes().counts().get(PushRecord.State.PENDING);
      assertTrue(pendingWhileWaiting <= bound + 1, "at most one submit's reports beyond: " + pendingWhileWaiting);
      vaspAnswers.countDown();
      String id = waiting.get(20, TimeUnit.SECONDS);
      assertEquals(0, pushes.waitingForRoom());
      int reports = 2 * (accepted + 1);
      FakeVasp.await("every report delivered", Duration.ofSeconds(20), () -> vasp.all.size() >= reports);
      FakeVasp.await("all finished", Duration.ofSeconds(20),
          () -> stub.pushes().counts().get(PushRecord.State.DELIVERED) == reports);
      List<String> forTheLast = stub.pushes().history().stream().filter(p -> id.equals(p.messageId()))
          .map(p -> p.mmStatus().wireName()).toList();
      assertEquals(List.of("Forwarded", "Retrieved"), forTheLast, "the waiting submit's reports, in order");
    }
  }

  @Test
  void heldReportsAreNotHeldUpByTheBoundOnPendingOnes() throws Exception {
    try (Mm7StubServer stub = stub(null).build().start()) {
      ((PushManager) stub.pushes()).maxPending(1);
      for (int i = 0; i < 5; i++) {
        HeldPushTest.submit(stub, "+4670000" + (2000 + i)); // would wait if held ones counted
      }
      assertEquals(10, stub.pushes().held().size());
    }
  }

  @Test
  void closingTheStubEndsTheWait() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (FakeVasp vasp = new FakeVasp()) {
      vasp.answer = (n, r) -> {
        try {
          never.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return 1000;
      };
      Mm7StubServer stub = stub(vasp).build().start();
      PushManager pushes = (PushManager) stub.pushes();
      pushes.maxPending(1);
      try {
        HeldPushTest.submit(stub, "+46700003000");
        CompletableFuture<String> waiting = submitLater(stub, "+46700003001");
        FakeVasp.await("the submit waiting for room", Duration.ofSeconds(10), () -> pushes.waitingForRoom() == 1);
        stub.close();
        FakeVasp.await("the wait ended by the close", Duration.ofSeconds(10), () -> pushes.waitingForRoom() == 0);
        waiting.handle((v, e) -> null).get(20, TimeUnit.SECONDS); // answered or cut off, not stuck
      } finally {
        never.countDown();
        stub.close();
      }
    }
  }
}
