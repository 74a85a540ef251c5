package org.openmm7.stub.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.stub.FakeVasp;
import org.openmm7.stub.HeldPushTest;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.PushRecord;

/**
 * The stub's pushes stay bounded in memory whatever it pushed: finished ones beyond
 * {@code maxFinishedPushes} are forgotten oldest first and counted, pending and held ones are kept,
 * and awaiting a forgotten report says so at once.
 */
class PushMemoryBoundTest {
  private static final List<MessageStatus> STATUSES = List.of(MessageStatus.FORWARDED, MessageStatus.DEFERRED,
      MessageStatus.RETRIEVED, MessageStatus.EXPIRED, MessageStatus.REJECTED, MessageStatus.INDETERMINATE);

  @TempDir
  Path dir;

  private static Mm7StubServer.Builder stub(FakeVasp vasp, int maxFinished) {
    return Mm7StubServer.builder().vaspEndpoint(vasp == null ? null : vasp.endpoint()).maxFinishedPushes(maxFinished)
        .deliveryReports(List.of()).pushRetrySchedule(HeldPushTest.FAST);
  }

  /** Pushes n reports about one message, one after the other, each until it is finished. */
  private static List<PushRecord> pushFinished(Mm7StubServer stub, String id, int n) throws Exception {
    List<PushRecord> done = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      done.add(stub.pushes().deliveryReport(id, "+4670000" + (1000 + i), STATUSES.get(i % STATUSES.size()))
          .get(10, TimeUnit.SECONDS));
    }
    return done;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 7, 12, 20})
  void aStubHoldsAtMostTheLimitOfFinishedPushesTheNewest(int limit) throws Exception {
    int n = 12;
    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer stub = stub(vasp, limit).build().start()) {
      String id = HeldPushTest.submit(stub, "+46700000001");
      List<PushRecord> pushed = pushFinished(stub, id, n);
      int kept = Math.min(limit, n);
      assertEquals(pushed.subList(n - kept, n).stream().map(PushRecord::id).collect(Collectors.toList()),
          stub.pushes().history().stream().map(PushRecord::id).collect(Collectors.toList()), "the newest kept");
      assertEquals(n - kept, stub.pushes().forgotten());
      assertEquals(n, vasp.all.size(), "every push was sent once: forgetting is only of the record");
      for (PushRecord p : pushed.subList(0, n - kept)) {
        assertEquals(null, stub.pushes().get(p.id()), "forgotten: " + p.id());
      }
    }
  }

  @Test
  void pendingPushesAreNeverForgottenByTheBound() throws Exception {
    try (FakeVasp vasp = new FakeVasp();
        Mm7StubServer stub = stub(vasp, 0).pushRetrySchedule(List.of(Duration.ofHours(1))).build().start()) {
      vasp.answer = (k, r) -> 4006;
      String id = HeldPushTest.submit(stub, "+46700000001");
      for (int i = 0; i < 5; i++) {
        stub.pushes().deliveryReport(id, "+4670000" + (2000 + i), MessageStatus.FORWARDED);
      }
      FakeVasp.await("five first attempts", Duration.ofSeconds(10),
          () -> stub.pushes().history().stream().filter(p -> p.attempts().size() == 1).count() == 5);
      assertEquals(5, stub.pushes().history().size());
      assertTrue(stub.pushes().history().stream().allMatch(p -> p.state() == PushRecord.State.PENDING));
      assertEquals(0, stub.pushes().forgotten());
    }
  }

  @Test
  void heldPushesAreNeverForgottenByTheBoundOnFinishedOnes() throws Exception {
    try (Mm7StubServer stub = stub(null, 0).build().start()) {
      String id = HeldPushTest.submit(stub, "+46700000001");
      for (MessageStatus s : STATUSES) {
        stub.pushes().deliveryReport(id, "+46700000001", s).get(5, TimeUnit.SECONDS);
      }
      assertEquals(STATUSES, stub.pushes().held().stream().map(PushRecord::mmStatus).collect(Collectors.toList()));
      assertEquals(0, stub.pushes().forgotten());
    }
  }

  @Test
  void awaitingADeliveredReportThatWasForgottenSaysSoAtOnce() throws Exception {
    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer stub = stub(vasp, 1).build().start()) {
      String id = HeldPushTest.submit(stub, "+46700000001");
      stub.pushes().deliveryReport(id, "+46700000001", MessageStatus.FORWARDED).get(10, TimeUnit.SECONDS);
      stub.pushes().deliveryReport(id, "+46700000001", MessageStatus.RETRIEVED).get(10, TimeUnit.SECONDS);
      long start = System.nanoTime();
      AssertionError e = assertThrows(AssertionError.class,
          () -> stub.awaitReport(id, "+46700000001", MessageStatus.FORWARDED, Duration.ofSeconds(60)));
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "at once, not at the timeout");
      assertTrue(e.getMessage().contains("DELIVERED and has since been forgotten"), e.getMessage());
      assertTrue(e.getMessage().contains("maxFinishedPushes"), e.getMessage());
      assertEquals(PushRecord.State.DELIVERED,
          stub.awaitReport(id, "+46700000001", MessageStatus.RETRIEVED, Duration.ofSeconds(10)).state(),
          "the one kept is still awaited as before");
    }
  }

  @Test
  void awaitingAGivenUpReportThatWasForgottenSaysItFailed() throws Exception {
    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer stub = stub(vasp, 1).build().start()) {
      String id = HeldPushTest.submit(stub, "+46700000001");
      vasp.answer = (k, r) -> 4006;
      assertEquals(PushRecord.State.FAILED,
          stub.pushes().deliveryReport(id, "+46700000002", MessageStatus.EXPIRED).get(10, TimeUnit.SECONDS).state());
      vasp.answer = (k, r) -> 1000;
      stub.pushes().deliveryReport(id, "+46700000003", MessageStatus.RETRIEVED).get(10, TimeUnit.SECONDS);
      AssertionError e = assertThrows(AssertionError.class,
          () -> stub.awaitReport(id, "+46700000002", MessageStatus.EXPIRED, Duration.ofSeconds(60)));
      assertTrue(e.getMessage().contains("FAILED and has since been forgotten"), e.getMessage());
      // another recipient's report was never made: that still waits until the timeout
      AssertionError never = assertThrows(AssertionError.class,
          () -> stub.awaitReport(id, "+46700000009", MessageStatus.EXPIRED, Duration.ofMillis(200)));
      assertTrue(never.getMessage().contains("did not reach the VASP within 200 ms"), never.getMessage());
    }
  }

  @Test
  void aReportDeliveredWhileAwaitedIsReturnedEvenIfForgottenAtOnce() throws Exception {
    try (FakeVasp vasp = new FakeVasp();
        Mm7StubServer stub = stub(vasp, 0).build().start()) {
      String id = HeldPushTest.submit(stub, "+46700000001");
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      vasp.answer = (k, r) -> {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return 1000;
      };
      stub.pushes().deliveryReport(id, "+46700000001", MessageStatus.RETRIEVED);
      Thread releaser = new Thread(() -> {
        FakeVasp.await("the push on its way", Duration.ofSeconds(10), () -> !vasp.all.isEmpty());
        release.countDown();
      });
      releaser.start();
      assertEquals(PushRecord.State.DELIVERED,
          stub.awaitReport(id, "+46700000001", MessageStatus.RETRIEVED, Duration.ofSeconds(30)).state());
      releaser.join();
      assertEquals(List.of(), stub.pushes().history(), "and forgotten (the bound is 0)");
      assertEquals(1, stub.pushes().forgotten());
    }
  }

  @Test
  void finishedPushesForgottenStayForgottenAfterARestart() throws Exception {
    List<PushRecord> pushed;
    try (FakeVasp vasp = new FakeVasp()) {
      try (Mm7StubServer first = stub(vasp, 2).storeDirectory(dir).build().start()) {
        String id = HeldPushTest.submit(first, "+46700000001");
        pushed = pushFinished(first, id, 6);
        assertEquals(4, first.pushes().forgotten());
      }
      try (Mm7StubServer second = stub(vasp, 2).storeDirectory(dir).build().start()) {
        assertEquals(pushed.subList(4, 6).stream().map(PushRecord::id).collect(Collectors.toList()),
            second.pushes().history().stream().map(PushRecord::id).collect(Collectors.toList()));
        assertTrue(second.pushes().history().stream().allMatch(p -> p.state() == PushRecord.State.DELIVERED));
      }
      try (Mm7StubServer third = stub(vasp, 1).storeDirectory(dir).build()) {
        assertEquals(List.of(pushed.get(5).id()),
            third.pushes().history().stream().map(PushRecord::id).collect(Collectors.toList()),
            "a lower bound applies to what the journal kept");
        assertEquals(1, third.pushes().forgotten());
      }
      assertEquals(6, vasp.all.size(), "none sent again");
    }
  }

  /**
   * A finished push keeps its outcome, not its encoded request (never sent again): neither in
   * memory nor in its journal record, and a restart brings it back finished, not sent again.
   * Before, each of the maxFinishedPushes kept its ~2 KB report, three quarters of its memory.
   */
  @Test
  void aFinishedPushKeepsItsOutcomeNotItsBytesInMemoryOrTheJournal() throws Exception {
    List<PushRecord> pushed;
    try (FakeVasp vasp = new FakeVasp()) {
      try (Mm7StubServer first = stub(vasp, 10).storeDirectory(dir).build().start()) {
        String id = HeldPushTest.submit(first, "+46700000001");
        pushed = pushFinished(first, id, 3);
        assertEquals(0, ((PushManager) first.pushes()).encodedBytesKept(), "no bytes kept for finished pushes");
      }
      com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
      try (PushJournal journal = new PushJournal(dir.resolve("pushes"))) {
        java.util.Map<String, byte[]> records = journal.load();
        assertEquals(pushed.stream().map(PushRecord::id).collect(Collectors.toSet()), records.keySet());
        for (byte[] r : records.values()) {
          com.fasterxml.jackson.databind.JsonNode n = json.readTree(r);
          assertEquals("DELIVERED", n.path("state").asText(), n::toString);
          assertTrue(!n.has("body") && r.length < 1024, "the outcome only: " + r.length + " bytes " + n);
        }
      }
      try (Mm7StubServer second = stub(vasp, 10).storeDirectory(dir).build().start()) {
        assertEquals(pushed.stream().map(PushRecord::id).collect(Collectors.toList()),
            second.pushes().history().stream().map(PushRecord::id).collect(Collectors.toList()));
        assertTrue(second.pushes().history().stream().allMatch(p -> p.state() == PushRecord.State.DELIVERED));
      }
      assertEquals(3, vasp.all.size(), "none sent again");
    }
  }

  /** A push still being tried keeps its bytes (every attempt sends the same), until it ends. */
  @Test
  void aPendingPushKeepsItsBytesUntilItEnds() throws Exception {
    java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer stub = stub(vasp, 10).build().start()) {
      vasp.answer = (n, r) -> {
        try {
          answer.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return 1000;
      };
      String id = HeldPushTest.submit(stub, "+46700000001");
      java.util.concurrent.CompletableFuture<PushRecord> pending = stub.pushes().deliveryReport(id, "+46700000001",
          MessageStatus.RETRIEVED);
      assertTrue(((PushManager) stub.pushes()).encodedBytesKept() > 500, "the report's bytes, for its attempts");
      answer.countDown();
      assertEquals(PushRecord.State.DELIVERED, pending.get(20, TimeUnit.SECONDS).state());
      assertEquals(0, ((PushManager) stub.pushes()).encodedBytesKept());
    }
  }
}
