package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.internal.push.PeerSender;

/**
 * Every exchange the stub starts is bounded: a VASP's (or relay's) answer is read up to
 * {@code maxReplySize} and no further, and an attempt has one deadline for connect, send and the
 * whole answer, after which it has failed and is retried. Peers are raw sockets whose answers are
 * scripted byte by byte.
 */
class PushBoundsTest {
  private static final long TWO_GB = 2L * 1024 * 1024 * 1024;

  private static DeliverRequest mo() {
    return DeliverRequest.builder().sender(Address.number("+447000000005"))
        .recipients(Recipients.to(Address.shortCode("12345"))).content(TextPart.of("hello")).build();
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Forgets the heap pools' peaks, so that {@link #peakHeap()} tells the most used since. */
  private static void resetPeakHeap() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peaks (an upper bound of the most used at once). */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** A VASP answering a push with a 2 GB body, declared or not: cut off at the cap, the stub's heap unmoved. */
  @Test
  void aTwoGigabyteAnswerIsCutOffAtTheCapWhetherDeclaredOrStreamed() throws Exception {
    for (boolean declared : new boolean[] {true, false}) {
      try (ScriptedPeer vasp = new ScriptedPeer((r, out) -> {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n"
            + (declared ? "Content-Length: " + TWO_GB + "\r\n" : "Connection: close\r\n") + "\r\n");
        out.stream(TWO_GB);
      });
           Mm7StubServer stub = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint()).deliveryReports(List.of())
               .pushRetrySchedule(List.of()).build().start()) {
        long before = usedHeapAfterGc();
        resetPeakHeap();
        long t0 = System.nanoTime();
        PushRecord p = stub.pushes().deliver(mo(), "acme").get(30, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        long peak = peakHeap() - before;
        assertEquals(PushRecord.State.FAILED, p.state());
        String error = p.attempts().get(0).error();
        assertTrue(error.contains("larger than the 1048576 bytes the stub reads (maxReplySize)"), error);
        ScriptedPeer.Ended e = vasp.takeEnded(10);
        assertTrue(e.cutOff(), "the stub closed the connection rather than reading on");
        assertTrue(e.written() < 64L * 1024 * 1024, "the VASP could write only " + e.written() + " bytes");
        long grown = usedHeapAfterGc() - before;
        assertTrue(grown < 32L * 1024 * 1024, "heap grew by " + grown);
        System.out.printf("2 GB answer (%s): failed after %d ms; the VASP wrote %d bytes; heap at the end %+d KB,"
            + " peak %+d KB%n", declared ? "Content-Length" : "streamed", millis, e.written(), grown / 1024, peak / 1024);
      }
    }
  }

  /** The cap is the stub's option: an answer just over a small cap fails, one under it is read. */
  @Test
  void theReplyCapIsConfigurable() throws Exception {
    try (ScriptedPeer vasp = new ScriptedPeer((r, out) -> out.mm7(r));
         Mm7StubServer small = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint()).deliveryReports(List.of())
             .pushRetrySchedule(List.of()).maxReplySize(100).build().start();
         Mm7StubServer enough = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint()).deliveryReports(List.of())
             .pushRetrySchedule(List.of()).maxReplySize(64 * 1024).build().start()) {
      PushRecord p = small.pushes().deliver(mo(), "acme").get(10, TimeUnit.SECONDS);
      assertEquals(PushRecord.State.FAILED, p.state());
      assertTrue(p.attempts().get(0).error().contains("larger than the 100 bytes"), p.attempts().get(0).error());
      assertEquals(PushRecord.State.DELIVERED, enough.pushes().deliver(mo(), "acme").get(10, TimeUnit.SECONDS).state());
    }
  }

  /**
   * A VASP that sends its headers and then drips its body (or drips its headers): each attempt
   * fails at the push timeout, is retried on the schedule, and the push ends FAILED.
   */
  @Test
  void aDrippingVaspFailsEachAttemptAtThePushTimeoutAndThePushIsGivenUp() throws Exception {
    Map<String, ScriptedPeer.Script> drips = Map.of(
        "body", (r, out) -> {
          out.write("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n");
          out.drip("<".repeat(100_000), 20);
        },
        "headers", (r, out) -> out.drip("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n".repeat(1000), 20));
    for (Map.Entry<String, ScriptedPeer.Script> drip : drips.entrySet()) {
      try (ScriptedPeer vasp = new ScriptedPeer(drip.getValue());
           Mm7StubServer stub = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint()).deliveryReports(List.of())
               .pushTimeout(Duration.ofMillis(400)).pushRetrySchedule(List.of(Duration.ofMillis(20),
                   Duration.ofMillis(20))).build().start()) {
        long t0 = System.nanoTime();
        PushRecord p = stub.pushes().deliver(mo(), "acme").get(20, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(PushRecord.State.FAILED, p.state());
        assertEquals(3, p.attempts().size());
        for (PushRecord.Attempt a : p.attempts()) {
          assertTrue(a.error().contains("within 400 ms") || a.error().contains("HttpTimeoutException"), a.error());
        }
        for (int i = 0; i < 3; i++) {
          assertTrue(vasp.takeEnded(10).cutOff(), "the stub closed each dripping connection");
        }
        assertTrue(millis < 6000, "failed after " + millis + " ms");
        System.out.printf("dripped %s: push FAILED after %d ms (3 attempts of 400 ms)%n", drip.getKey(), millis);
      }
    }
  }

  /**
   * Two recipients with two reports each; the VASP drips its answers to the first report of
   * recipient A. B's reports go out at once; A's second report goes out once A's first is given up.
   */
  @Test
  void aDripHoldsBackNeitherOtherRecipientsNorTheNextReportForLong() throws Exception {
    String a = "+447000000001";
    String b = "+447000000002";
    Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    CountDownLatch bDone = new CountDownLatch(2);
    long t0 = System.nanoTime();
    try (ScriptedPeer vasp = new ScriptedPeer((r, out) -> {
      DeliveryReportRequest dr = (DeliveryReportRequest) r.envelope().message();
      String key = dr.recipient().value() + " " + dr.mmStatus();
      firstSeen.putIfAbsent(key, (System.nanoTime() - t0) / 1_000_000);
      if (key.equals(a + " " + MessageStatus.FORWARDED)) {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n");
        out.drip("<".repeat(100_000), 20);
      } else {
        out.mm7(r);
      }
    });
         Mm7StubServer stub = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint())
             .deliveryReports(ReportStep.parseList("Forwarded:0ms,Retrieved:0ms"))
             .pushTimeout(Duration.ofMillis(1000)).pushRetrySchedule(List.of(Duration.ofMillis(20))).build().start()) {
      stub.pushes().subscribe(p -> {
        if (p.state() == PushRecord.State.DELIVERED) {
          bDone.countDown(); // only B's reports and A's Retrieved can be delivered; A's is counted below
        }
      });
      SubmitRequest s = SubmitRequest.builder().vaspId("acme").senderAddress(Address.shortCode("12345"))
          .recipients(Recipients.to(Address.number(a), Address.number(b))).deliveryReport(true).build();
      Http.Answer answer = Http.post(stub.endpoint(),
          org.openmm7.client.codec.Mm7Envelope.of("tx-1", Mm7Release.latest(), s), null);
      assertEquals(1000, answer.statusCode());
      assertTrue(bDone.await(10, TimeUnit.SECONDS), "B's two reports delivered");
      assertEquals(PushRecord.State.PENDING, stub.pushes().history().get(0).state(), "A's first report still dripping");
      FakeVasp.await("A's Retrieved report delivered", Duration.ofSeconds(10), () -> stub.pushes().history().stream()
          .filter(p -> p.state() == PushRecord.State.DELIVERED).count() == 3);
      List<PushRecord> all = stub.pushes().history();
      assertEquals(4, all.size());
      PushRecord aForwarded = all.stream().filter(p -> p.state() == PushRecord.State.FAILED).findFirst().orElseThrow();
      assertEquals(2, aForwarded.attempts().size());
      long bRetrieved = firstSeen.get(b + " " + MessageStatus.RETRIEVED);
      long aRetrieved = firstSeen.get(a + " " + MessageStatus.RETRIEVED);
      assertTrue(bRetrieved < aRetrieved, "B's second report went out after " + bRetrieved + " ms, behind A's drip");
      assertTrue(aRetrieved >= 2000 && aRetrieved < 8000, "A's second report went out after " + aRetrieved + " ms");
      System.out.printf("drip on A's first report: B's second report out at %d ms, A's second at %d ms%n",
          bRetrieved, aRetrieved);
    }
  }

  /** The VASP role's requests to a relay are bounded the same way. */
  @Test
  void theVaspRolesRequestsToARelayAreBoundedToo() throws Exception {
    try (ScriptedPeer huge = new ScriptedPeer((r, out) -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n");
      out.stream(TWO_GB);
    });
         ScriptedPeer drip = new ScriptedPeer((r, out) -> {
           out.write("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n");
           out.drip("<".repeat(100_000), 20);
         })) {
      for (ScriptedPeer relay : List.of(huge, drip)) {
        try (Mm7StubServer me = Mm7StubServer.builder().role(Role.VASP).relayEndpoint(relay.endpoint())
            .pushTimeout(Duration.ofMillis(1500)).build().start()) {
          SubmitRequest s = SubmitRequest.builder().recipients(Recipients.to(Address.number("+447000000001"))).build();
          ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
              () -> me.vaspActions().submit(s).get(10, TimeUnit.SECONDS));
          PeerSender.Unanswered why = assertInstanceOf(PeerSender.Unanswered.class, e.getCause());
          assertNotNull(why.getMessage());
          assertTrue(why.getMessage().contains(relay == huge ? "maxReplySize" : "within 1500 ms"), why.getMessage());
          assertTrue(relay.takeEnded(10).cutOff());
        }
      }
    }
  }
}
