package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pushes being tried are bounded: beyond the bound a submit asking for delivery reports waits
 * (its SubmitRsp with it) until one has ended, so that a VASP slower than the submits slows them
 * down instead of the stub queueing ever more pushes in memory. Nothing is lost or reordered by
 * the wait, held reports are not held up by it, and closing the stub ends it. The wait is bounded
 * (here long enough never to end it: {@link PushRoomTest} tests its end, a 4006).
 */
class PushPendingBoundTest {
  /**
   * The submits made while others wait: this test's own threads (not the common pool, which other
   * tests and the JDK share, and which has one thread or none on a 2-core machine), ended after each test.
   */
  private final ExecutorService clients = TestThreads.named("push-pending-bound-test-client");

  @AfterEach
  void endClients() throws InterruptedException {
    TestThreads.end(clients); // a submit still waiting is cut off (its stub is closed already)
  }

  private static Mm7StubServer.Builder stub(FakeVasp vasp, int bound) {
    return Mm7StubServer.builder().vaspEndpoint(vasp == null ? null : vasp.endpoint()).maxPendingPushes(bound)
        .pushRoomWait(Duration.ofSeconds(60)).deliveryReports(ReportStep.parseList("Forwarded:0ms,Retrieved:0ms")).pushRetrySchedule(HeldPushTest.FAST);
  }

  /** A VASP that takes no report until the latch is counted down (at most 20 s). */
  private static void blockUntil(FakeVasp vasp, CountDownLatch latch) {
    vasp.answer = (n, r) -> {
      try {
        latch.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 1000;
    };
  }

  private static long pending(Mm7StubServer stub) {
    return stub.pushes().counts().get(PushRecord.State.PENDING);
  }

  private CompletableFuture<String> submitLater(Mm7StubServer stub, String recipient) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return HeldPushTest.submit(stub, recipient);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    }, clients);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5})
  void aSubmitWaitsWhileThePendingPushesAreAtTheBoundAndGoesOnWhenOneEnds(int bound) throws Exception {
    CountDownLatch vaspAnswers = new CountDownLatch(1);
    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer stub = stub(vasp, bound).build().start()) {
      blockUntil(vasp, vaspAnswers); // a VASP that does not take reports for now
      Pushes pushes = stub.pushes();
      // submits of two reports each until the next one's would not fit under the bound
      int accepted = 0;
      while (pending(stub) + 2 <= bound || pending(stub) == 0) {
        HeldPushTest.submit(stub, "+4670000" + (1000 + accepted++));
      }
      CompletableFuture<String> waiting = submitLater(stub, "+46700009999");
      FakeVasp.await("the next submit waiting for room", Duration.ofSeconds(10), () -> pushes.waitingForRoom() == 1);
      assertFalse(waiting.isDone(), "its SubmitRsp waits with it");
      long pendingWhileWaiting = pending(stub);
      assertTrue(pendingWhileWaiting <= Math.max(bound, 2), "never beyond the bound: " + pendingWhileWaiting);
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
    try (Mm7StubServer stub = stub(null, 1).build().start()) {
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
      Mm7StubServer stub = stub(vasp, 1).build().start();
      Pushes pushes = stub.pushes();
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

  /**
   * A submit goes only if all its reports fit under the bound, and concurrent submits do not all
   * find the same room (each submit's reports are reserved before they are made): the pending
   * pushes never go beyond the bound. Before, a submit went whenever the bound was not reached,
   * its reports on top (here 6 pending of 5), and concurrent ones could all see the same room.
   */
  @Test
  void concurrentSubmitsNeverTakeThePendingPushesBeyondTheBound() throws Exception {
    int bound = 5;
    CountDownLatch vaspAnswers = new CountDownLatch(1);
    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer stub = stub(vasp, bound).build().start()) {
      blockUntil(vasp, vaspAnswers);
      HeldPushTest.submit(stub, "+46700004000"); // two reports pending: room for one more submit's two
      List<CompletableFuture<String>> submits = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        submits.add(submitLater(stub, "+4670000410" + i));
      }
      // each of the six has either made its two reports or waits for room
      FakeVasp.await("the six submits made their reports or waiting", Duration.ofSeconds(20),
          () -> stub.pushes().waitingForRoom() + (pending(stub) - 2) / 2 == 6);
      assertTrue(pending(stub) <= bound, "beyond the bound: " + pending(stub));
      assertEquals(4, pending(stub), "one more submit's reports fitted");
      assertEquals(5, stub.pushes().waitingForRoom());
      assertEquals(4, stub.pushes().bounds().get("pending").used());
      vaspAnswers.countDown();
      for (CompletableFuture<String> f : submits) {
        f.get(30, TimeUnit.SECONDS);
      }
      FakeVasp.await("every report delivered", Duration.ofSeconds(30),
          () -> stub.pushes().counts().get(PushRecord.State.DELIVERED) == 14);
    }
  }

  /** One submit with more reports than the bound is not kept waiting for ever: it goes alone, once none is pending. */
  @Test
  void aSubmitWithMoreReportsThanTheBoundGoesAloneOnceNoneIsPending() throws Exception {
    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer stub = stub(vasp, 3).build().start()) {
      String id = HeldPushTest.submit(stub, "+46700005001", "+46700005002"); // four reports
      assertEquals(PushRecord.State.DELIVERED,
          stub.awaitReport(id, "+46700005002", org.openmm7.client.message.MessageStatus.RETRIEVED,
              Duration.ofSeconds(20)).state());
    }
  }

  /**
   * A push made through the API beyond the bound is not waited for (its caller may be a push's
   * own callback, on a thread that ends pushes): its future fails at once, naming the bound; once
   * the pending pushes ended, the same push is made.
   */
  @Test
  void aPushThroughTheApiBeyondTheBoundFailsAtOnceNamingTheBound() throws Exception {
    CountDownLatch vaspAnswers = new CountDownLatch(1);
    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer stub = stub(vasp, 2).build().start()) {
      blockUntil(vasp, vaspAnswers);
      String id = HeldPushTest.submit(stub, "+46700006001");
      CompletableFuture<PushRecord> refused = stub.pushes().deliveryReport(id, "+46700006001",
          org.openmm7.client.message.MessageStatus.EXPIRED);
      java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
          java.util.concurrent.ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("maxPendingPushes"), e.getCause().toString());
      assertEquals(2, pending(stub));
      vaspAnswers.countDown();
      FakeVasp.await("the submit's reports delivered", Duration.ofSeconds(20), () -> pending(stub) == 0);
      assertEquals(PushRecord.State.DELIVERED, stub.pushes().deliveryReport(id, "+46700006001",
          org.openmm7.client.message.MessageStatus.EXPIRED).get(20, TimeUnit.SECONDS).state());
    }
  }
}
