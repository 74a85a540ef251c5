package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
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
import org.openmm7.client.message.DeliveryReportResponse;
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

  @Test
  void deliveryReportsAndDeliverReachTheInboundEndpointOnceEach() throws Exception {
    List<DeliveryReportRequest> reports = new CopyOnWriteArrayList<>();
    CountDownLatch twoReports = new CountDownLatch(2);
    CountDownLatch delivered = new CountDownLatch(1);
    AtomicInteger refusals = new AtomicInteger();
    Mm7InboundHandler handler = new Mm7InboundHandler() {
      @Override
      public DeliveryReportResponse deliveryReport(DeliveryReportRequest r, InboundContext ctx)
          throws Mm7StatusException {
        if (r.mmStatus() == MessageStatus.FORWARDED && refusals.getAndIncrement() == 0) {
          // the VASP is briefly unable to take it: the relay must retry the same push
          throw new Mm7StatusException(Mm7Status.SERVICE_UNAVAILABLE, "busy, try again");
        }
        reports.add(r);
        twoReports.countDown();
        return new DeliveryReportResponse(ResponseStatus.SUCCESS);
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
}
