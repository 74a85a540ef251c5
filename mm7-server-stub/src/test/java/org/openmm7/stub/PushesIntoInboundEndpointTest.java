package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7StatusException;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.inbound.InboundContext;
import org.openmm7.client.inbound.Mm7InboundHandler;
import org.openmm7.client.inbound.Mm7InboundServer;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;

/**
 * The whole loop over loopback: Mm7Client submits to the stub, the stub pushes delivery reports
 * and a mobile-originated message into the client library's inbound endpoint, and a push the
 * VASP first refuses is retried until accepted, reaching the handler's success path once.
 */
class PushesIntoInboundEndpointTest {
  @TempDir
  Path dir;

  @Test
  void deliveryReportsAndDeliverReachTheInboundEndpointOnceEach() throws Exception {
    List<DeliveryReportRequest> reports = new CopyOnWriteArrayList<>();
    CountDownLatch twoReports = new CountDownLatch(2);
    CountDownLatch delivered = new CountDownLatch(1);
    AtomicInteger refusals = new AtomicInteger();
    Mm7InboundHandler handler = new Mm7InboundHandler() {
      @Override
      public StatusResponse deliveryReport(DeliveryReportRequest r, InboundContext ctx)
          throws Mm7StatusException {
        if (r.mmStatus() == MessageStatus.FORWARDED && refusals.getAndIncrement() == 0) {
          // the VASP is briefly unable to take it: the relay must retry the same push
          throw new Mm7StatusException(Mm7Status.SERVICE_UNAVAILABLE, "busy, try again");
        }
        reports.add(r);
        twoReports.countDown();
        return StatusResponse.deliveryReport(ResponseStatus.SUCCESS);
      }

      @Override
      public DeliverResponse deliver(DeliverRequest r, InboundContext ctx) {
        delivered.countDown();
        return new DeliverResponse(ResponseStatus.SUCCESS, null);
      }
    };
    try (Mm7InboundServer vasp = Mm7InboundServer.builder(handler).host("127.0.0.1").start();
         Mm7StubServer started = Mm7StubServer.builder()
             .vaspEndpoint(vasp.endpoint())
             .deliveryReports(List.of(new ReportStep(MessageStatus.FORWARDED, Duration.ofMillis(10)),
                 new ReportStep(MessageStatus.RETRIEVED, Duration.ofMillis(20))))
             .pushRetrySchedule(List.of(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80)))
             .build().start()) {
      try (Mm7Client client = Mm7Client.builder(started.endpoint()).vaspId("acme").build()) {
        String id = client.submit(SubmitRequest.builder()
            .recipients(Recipients.to(Address.number("+447000000001")))
            .deliveryReport(true).content(TextPart.of("hello")).build()).messageId();

        assertTrue(twoReports.await(10, TimeUnit.SECONDS), "both delivery reports arrived");
        assertEquals(List.of(MessageStatus.FORWARDED, MessageStatus.RETRIEVED),
            reports.stream().map(DeliveryReportRequest::mmStatus).toList());
        assertTrue(reports.stream().allMatch(r -> r.messageId().equals(id)));
        assertEquals(2, refusals.get(), "Forwarded came twice: refused once, then retried and accepted");

        started.pushes().deliver(DeliverRequest.builder().sender(Address.number("+447000000002"))
            .recipients(Recipients.to(Address.shortCode("12345"))).subject("MO")
            .content(TextPart.of("from a phone")).build(), null).get(10, TimeUnit.SECONDS);
        assertTrue(delivered.await(10, TimeUnit.SECONDS));
      }
    }
  }

  /**
   * The VASP endpoint is down (not started) while delivery reports fall due, the stub is restarted
   * on its store directory in the middle, then the endpoint comes up: every report arrives, in
   * order per recipient, and the handler sees each once. Then the endpoint goes down again
   * (stopped) with new reports due, and comes back: the same.
   */
  @Test
  void deliveryReportsSurviveAVaspOutageAndAStubRestartNoneLostNoneTwice() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI vaspUrl = URI.create("http://127.0.0.1:" + port + "/mm7");
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    Map<String, List<MessageStatus>> order = new ConcurrentHashMap<>();
    AtomicInteger total = new AtomicInteger();
    Mm7InboundHandler handler = new Mm7InboundHandler() {
      @Override
      public StatusResponse deliveryReport(DeliveryReportRequest r, InboundContext ctx) {
        String who = r.messageId() + " " + r.recipient();
        seen.computeIfAbsent(who + " " + r.mmStatus(), k -> new AtomicInteger()).incrementAndGet();
        order.computeIfAbsent(who, k -> new CopyOnWriteArrayList<>()).add(r.mmStatus());
        total.incrementAndGet();
        return StatusResponse.deliveryReport(ResponseStatus.SUCCESS);
      }
    };
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      waits.add(Duration.ofMillis(100)); // 4 s of outage survived
    }
    Mm7StubServer.Builder options = Mm7StubServer.builder().storeDirectory(dir).vaspEndpoint(vaspUrl)
        .deliveryReports(List.of(new ReportStep(MessageStatus.FORWARDED, Duration.ZERO),
            new ReportStep(MessageStatus.RETRIEVED, Duration.ofMillis(50))))
        .pushRetrySchedule(waits);
    int messages = 10;
    int recipients = 2;
    try (Mm7StubServer first = options.build().start()) {
      submit(first, messages, recipients);
      FakeVasp.await("every due push tried and refused", Duration.ofSeconds(10),
          () -> first.pushes().history().stream().filter(p -> !p.attempts().isEmpty()).count()
              == messages * recipients);
    }
    long resumed;
    long[] times = new long[2];
    try (Mm7StubServer second = options.build().start()) {
      assertEquals(messages * recipients * 2, second.pushes().history().size(), "the journal kept every push");
      Thread.sleep(300);
      long t0 = System.nanoTime();
      try (Mm7InboundServer vasp = Mm7InboundServer.builder(handler).host("127.0.0.1").port(port).start()) {
        FakeVasp.await("every report delivered", Duration.ofSeconds(15),
            () -> total.get() >= messages * recipients * 2);
        times[0] = (System.nanoTime() - t0) / 1_000_000;
      }
      // down again, with new reports due
      submit(second, messages, recipients);
      Thread.sleep(500);
      t0 = System.nanoTime();
      try (Mm7InboundServer vasp = Mm7InboundServer.builder(handler).host("127.0.0.1").port(port).start()) {
        FakeVasp.await("every report delivered", Duration.ofSeconds(15),
            () -> total.get() >= messages * recipients * 4);
        times[1] = (System.nanoTime() - t0) / 1_000_000;
        FakeVasp.await("the stub saw every answer", Duration.ofSeconds(5),
            () -> second.pushes().history().stream().allMatch(p -> p.state() == PushRecord.State.DELIVERED));
        Thread.sleep(300); // a duplicate would come now
      }
      resumed = Math.max(times[0], times[1]);
      assertEquals(messages * recipients * 4, second.pushes().history().size());
    }
    System.out.printf("pushes: %d delivery reports through two VASP outages and a stub restart; delivered"
        + " %d ms and %d ms after the VASP came back%n", total.get(), times[0], times[1]);
    assertEquals(messages * recipients * 4, total.get(), "none lost, none twice");
    assertEquals(messages * recipients * 4, seen.size());
    assertTrue(seen.values().stream().allMatch(n -> n.get() == 1), "the handler saw each once: " + seen);
    for (List<MessageStatus> o : order.values()) {
      assertEquals(List.of(MessageStatus.FORWARDED, MessageStatus.RETRIEVED), o, "in order per recipient");
    }
    assertTrue(resumed < 5000, "resumed within a retry interval or so: " + resumed + " ms");
  }

  private static void submit(Mm7StubServer stub, int messages, int recipients) throws Exception {
    try (Mm7Client client = Mm7Client.builder(stub.endpoint()).vaspId("acme").build()) {
      for (int m = 0; m < messages; m++) {
        List<Address> to = new ArrayList<>();
        for (int r = 0; r < recipients; r++) {
          to.add(Address.number("+4470000" + (10000 + m * 10 + r)));
        }
        client.submit(SubmitRequest.builder().recipients(Recipients.to(to.toArray(new Address[0])))
            .deliveryReport(true).content(TextPart.of("hello " + m)).build());
      }
    }
  }
}
