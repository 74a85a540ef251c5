package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;

/**
 * Room for a submit's delivery reports among the pending pushes is decided before the submit is
 * accepted, and waited for only a bounded time by a bounded number of submits: a VASP whose push
 * endpoint holds every report never holds the stub's request threads. A submit without room is
 * answered 4006 with nothing stored; once room frees, submits are accepted again. Before, every
 * such submit waited, its thread with it, until pushes ended: with as many submits as threads the
 * stub answered nothing else.
 */
class PushRoomTest {
  /** The stub's threads: a quarter of them, 4, may wait for room. */
  private static final int THREADS = 16;
  private static final int MAY_WAIT = THREADS / 4;
  private static final Duration LONG = Duration.ofSeconds(60);

  /** Two pending pushes at most: one submit's two reports fill them. */
  private static Mm7StubServer.Builder stub(FakeVasp vasp) {
    return Mm7StubServer.builder().vaspEndpoint(vasp.endpoint()).maxPendingPushes(2).maxThreads(THREADS)
        .pushTimeout(LONG).deliveryReports(ReportStep.parseList("Forwarded:0ms,Retrieved:0ms"))
        .pushRetrySchedule(HeldPushTest.FAST);
  }

  /** A VASP whose endpoint holds every report until the latch is counted down. */
  private static void holdUntil(FakeVasp vasp, CountDownLatch latch) {
    vasp.answer = (n, r) -> {
      try {
        latch.await(LONG.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 1000;
    };
  }

  private static Http.Answer submit(Mm7StubServer stub, String transactionId, String recipient, boolean reports)
      throws Exception {
    SubmitRequest s = SubmitRequest.builder().vaspId("acme").recipients(Recipients.to(Address.number(recipient)))
        .deliveryReport(reports).subject("hello").content(TextPart.of("hi"), true).build();
    return Http.post(stub.endpoint(), Mm7Envelope.of(transactionId, Mm7Release.latest(), s), null, LONG);
  }

  private static void assertRefused(Http.Answer a) {
    assertTrue(a.isFault(), a::toString);
    assertEquals(4006, a.statusCode(), a::toString);
    String text = a.message().status().text();
    assertTrue(text.contains("maxPendingPushes") && text.contains("nothing was stored"), text);
  }

  private static long pending(Mm7StubServer stub) {
    return stub.pushes().counts().get(PushRecord.State.PENDING);
  }

  @Test
  void excessSubmitsAreAnswered4006AtOnceAndTheStubKeepsAnsweringWhileOthersWait() throws Exception {
    CountDownLatch vaspTakes = new CountDownLatch(1);
    ExecutorService clients = Executors.newFixedThreadPool(THREADS);
    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer stub = stub(vasp).pushRoomWait(LONG).build().start()) {
      holdUntil(vasp, vaspTakes);
      String first = HeldPushTest.submit(stub, "+46700007000"); // its two reports fill the pending pushes
      assertEquals(2, pending(stub));
      int storedBefore = stub.storedMessages().size();
      // as many submits asking for reports as the stub has threads
      List<Future<Http.Answer>> burst = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        String tx = "burst-" + i;
        String to = "+467000071" + (10 + i);
        burst.add(clients.submit(() -> submit(stub, tx, to, true)));
      }
      // all but those allowed to wait are refused without waiting for room (which never comes here)
      FakeVasp.await("the excess refused, " + MAY_WAIT + " waiting", Duration.ofSeconds(30),
          () -> burst.stream().filter(Future::isDone).count() == THREADS - MAY_WAIT
              && stub.pushes().waitingForRoom() == MAY_WAIT);
      List<String> refusedTx = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        if (burst.get(i).isDone()) {
          Http.Answer a = burst.get(i).get();
          assertRefused(a);
          assertEquals("burst-" + i, a.transactionId());
          refusedTx.add(a.transactionId());
        }
      }
      // while they wait, the stub answers everything else
      Http.Answer cancel = Http.post(stub.endpoint(), Mm7Envelope.of("cancel-1", Mm7Release.latest(),
          CancelRequest.builder().messageId(first).build()), null);
      assertEquals(1000, assertInstanceOf(StatusResponse.class, cancel.message()).status().code(), cancel::toString);
      Http.Answer noReports = submit(stub, "no-reports", "+46700007200", false);
      assertEquals(1000, assertInstanceOf(SubmitResponse.class, noReports.message()).status().code());
      assertEquals(MAY_WAIT, stub.pushes().waitingForRoom(), "still waiting");
      // a refused submit left nothing: no message stored for it
      Set<String> storedTx = stub.storedMessages().stream().map(StoredMessage::transactionId)
          .collect(Collectors.toSet());
      assertEquals(storedBefore + 1, storedTx.size(), storedTx::toString);
      for (String tx : refusedTx) {
        assertTrue(!storedTx.contains(tx), tx + " stored");
      }
      // the VASP takes reports again: the waiting submits go on, accepted, their reports delivered
      vaspTakes.countDown();
      List<String> accepted = new ArrayList<>();
      for (Future<Http.Answer> f : burst) {
        Http.Answer a = f.get(LONG.toSeconds(), TimeUnit.SECONDS);
        if (!a.isFault()) {
          accepted.add(assertInstanceOf(SubmitResponse.class, a.message()).messageId());
        }
      }
      assertEquals(MAY_WAIT, accepted.size());
      // and a new submit asking for reports is accepted again
      accepted.add(HeldPushTest.submit(stub, "+46700007300"));
      for (String id : accepted) {
        PushRecord p = stub.pushes().history().stream().filter(h -> id.equals(h.messageId())).findFirst()
            .orElseThrow();
        assertEquals(PushRecord.State.DELIVERED, stub.awaitReport(id, p.recipient(), MessageStatus.RETRIEVED,
            Duration.ofSeconds(30)).state(), id);
      }
      assertEquals(0, stub.pushes().waitingForRoom());
    } finally {
      vaspTakes.countDown();
      clients.shutdownNow();
    }
  }

  @Test
  void aSubmitWaitsAtMostPushRoomWaitThenIsRefusedWithNothingStored() throws Exception {
    CountDownLatch vaspTakes = new CountDownLatch(1);
    try (FakeVasp vasp = new FakeVasp();
        Mm7StubServer stub = stub(vasp).pushRoomWait(Duration.ofMillis(200)).build().start()) {
      holdUntil(vasp, vaspTakes);
      HeldPushTest.submit(stub, "+46700008000");
      int storedBefore = stub.storedMessages().size();
      long recordedBefore = stub.requests().size();
      Http.Answer a = submit(stub, "late-1", "+46700008001", true); // no room within 200 ms
      assertRefused(a);
      assertEquals(storedBefore, stub.storedMessages().size(), "nothing stored for a refused submit");
      assertEquals(recordedBefore + 1, stub.requests().size(), "recorded as a request all the same");
      assertEquals(0, stub.pushes().waitingForRoom());
      assertEquals(2, pending(stub), "no push made for it");
      // the pushes end: room again, and the same submit is accepted
      vaspTakes.countDown();
      FakeVasp.await("the pending pushes delivered", Duration.ofSeconds(30), () -> pending(stub) == 0);
      Http.Answer again = submit(stub, "late-1", "+46700008001", true);
      String id = assertInstanceOf(SubmitResponse.class, again.message()).messageId();
      assertEquals(PushRecord.State.DELIVERED, stub.awaitReport(id, "+46700008001", MessageStatus.RETRIEVED,
          Duration.ofSeconds(30)).state());
    }
  }

  /** Pushes given up at the end of their retry schedule free their room too. */
  @Test
  void pushesGivenUpFreeTheirRoom() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (FakeVasp vasp = new FakeVasp();
        Mm7StubServer stub = stub(vasp).pushTimeout(Duration.ofMillis(300)).pushRoomWait(Duration.ZERO).build()
            .start()) {
      holdUntil(vasp, never); // every attempt times out
      HeldPushTest.submit(stub, "+46700009000");
      assertRefused(submit(stub, "refused-1", "+46700009001", true)); // zero wait: refused at once
      FakeVasp.await("the pushes given up", Duration.ofSeconds(30), () -> pending(stub) == 0);
      vasp.answer = (n, r) -> 1000;
      never.countDown(); // the attempts still held by the VASP end
      Http.Answer again = submit(stub, "refused-1", "+46700009001", true);
      assertEquals(1000, assertInstanceOf(SubmitResponse.class, again.message()).status().code());
    } finally {
      never.countDown();
    }
  }
}
