package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.message.MessageStatus;

/**
 * A push's state read while another thread changes it (the class of the NullPointerException
 * fixed in 03fcdb1: a snapshot taken without the manager's lock while the push's first attempt
 * was ending): whoever reads a push's state (a submit announcing its reports, a push made through
 * the API, {@code sendHeld}) races the push's own attempt, which ends on a sender thread. The
 * interleaving is forced, not hoped for: the VASP answers only once the reading thread has begun
 * telling the listeners, and the first listener holds that thread until the attempt has ended.
 * What a second listener learns must then still be the push's states in the order they came
 * about: PENDING before DELIVERED, never a DELIVERED push told PENDING afterwards.
 */
class PushStateOrderTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  /** Holds the thread that tells a push's first state until the push's attempt has ended, then records. */
  private static final class Interleaving {
    final CountDownLatch firstTold = new CountDownLatch(1);
    final AtomicReference<String> held = new AtomicReference<>();
    final Map<String, List<PushRecord>> seen = new ConcurrentHashMap<>();
    final CountDownLatch delivered = new CountDownLatch(1);
    volatile Mm7StubServer stub;

    /** Subscribed first: on the first PENDING state told, lets the VASP answer and waits for the attempt's end. */
    final Consumer<PushRecord> gate = p -> {
      if (p.state() == PushRecord.State.PENDING && held.compareAndSet(null, p.id())) {
        firstTold.countDown();
        FakeVasp.await("the push's attempt ended", WAIT,
            () -> stub.pushes().get(p.id()).state() == PushRecord.State.DELIVERED);
      }
    };

    /** Subscribed second: what a listener learns, per push. */
    final Consumer<PushRecord> recorder = p -> {
      synchronized (seen) {
        seen.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(p);
      }
      if (p.state() == PushRecord.State.DELIVERED) {
        delivered.countDown();
      }
    };

    void subscribe(Mm7StubServer s) {
      stub = s;
      s.pushes().subscribe(gate);
      s.pushes().subscribe(recorder);
    }

    /** The VASP answers a push only once the thread that made it began telling the listeners. */
    void holdAnswers(FakeVasp vasp) {
      vasp.answer = (n, r) -> {
        try {
          assertTrue(firstTold.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the push's first state was told");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return 1000;
      };
    }

    /** The held push's states as the recorder learned them: PENDING, then DELIVERED with its attempt. */
    void assertToldInOrder() throws InterruptedException {
      assertTrue(delivered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the delivery was told");
      String id = held.get();
      List<String> told;
      synchronized (seen) {
        told = seen.get(id).stream().map(p -> p.state() + "/" + p.attempts().size()).toList();
      }
      assertEquals(List.of("PENDING/0", "DELIVERED/1"), told,
          "a listener learns a push's states in the order they came about, never a delivered push pending again");
      PushRecord now = stub.pushes().get(id);
      assertEquals(PushRecord.State.DELIVERED, now.state());
    }
  }

  private static Mm7StubServer.Builder reporting(Path store) {
    return Mm7StubServer.builder().inbox(false).storeDirectory(store)
        .deliveryReports(ReportStep.parseList("Forwarded:0ms")).pushRetrySchedule(HeldPushTest.FAST);
  }

  @Test
  void aSubmitsReportToldWhileItsAttemptEndsIsToldInOrder() throws Exception {
    Interleaving i = new Interleaving();
    try (FakeVasp vasp = new FakeVasp();
        Mm7StubServer stub = reporting(dir).vaspEndpoint(vasp.endpoint()).build().start()) {
      i.subscribe(stub);
      i.holdAnswers(vasp);
      HeldPushTest.submit(stub, "+46700000001");
      i.assertToldInOrder();
    }
  }

  @Test
  void aPushMadeThroughTheApiToldWhileItsAttemptEndsIsToldInOrder() throws Exception {
    Interleaving i = new Interleaving();
    try (FakeVasp vasp = new FakeVasp();
        Mm7StubServer stub = reporting(null).deliveryReports(List.of()).vaspEndpoint(vasp.endpoint()).build()
            .start()) {
      String id = HeldPushTest.submit(stub, "+46700000001");
      i.subscribe(stub);
      i.holdAnswers(vasp);
      PushRecord outcome = stub.pushes().deliveryReport(id, "+46700000001", MessageStatus.RETRIEVED)
          .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertEquals(PushRecord.State.DELIVERED, outcome.state());
      i.assertToldInOrder();
    }
  }

  @Test
  void heldPushesSentWhileTheirAttemptsEndAreToldInOrder() throws Exception {
    Interleaving i = new Interleaving();
    try (FakeVasp vasp = new FakeVasp(); Mm7StubServer stub = reporting(dir).build().start()) {
      HeldPushTest.submit(stub, "+46700000001");
      assertEquals(1, stub.pushes().held().size());
      i.subscribe(stub);
      i.holdAnswers(vasp);
      stub.pushTo(vasp.endpoint());
      assertEquals(1, stub.pushes().sendHeld());
      i.assertToldInOrder();
    }
  }
}
