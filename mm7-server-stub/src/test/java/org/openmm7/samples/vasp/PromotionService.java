package org.openmm7.samples.vasp;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.Smil;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.inbound.InboundContext;
import org.openmm7.client.inbound.Mm7InboundHandler;
import org.openmm7.client.inbound.Mm7InboundServer;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;

/**
 * The application under test in the sample suite: a VASP's promotion service, as a team would
 * write it. It sends a picture with a caption to a subscriber (one slide, SMIL), tags the request
 * with its campaign, and keeps the latest delivery report per message and recipient from its own
 * inbound endpoint. Nothing here knows about the stub.
 */
final class PromotionService implements AutoCloseable {
  private final Mm7Client relay;
  private final Mm7InboundServer inbound;
  private final Map<String, MessageStatus> latestReport = new ConcurrentHashMap<>();

  PromotionService(URI relayEndpoint, String campaign) throws IOException {
    this.relay = Mm7Client.builder(relayEndpoint).vaspId("acme").vasId("promotions")
        .senderAddress(Address.shortCode("72000")).header("X-Campaign", campaign)
        .callTimeout(Duration.ofSeconds(10)).build();
    this.inbound = Mm7InboundServer.builder(new Mm7InboundHandler() {
      @Override
      public StatusResponse deliveryReport(DeliveryReportRequest report, InboundContext context) {
        latestReport.put(report.messageId() + " " + report.recipient().value(), report.mmStatus());
        return StatusResponse.deliveryReport(ResponseStatus.SUCCESS);
      }
    }).host("127.0.0.1").port(0).start();
  }

  /** Where the relay is to push this service's delivery reports. */
  URI reportEndpoint() {
    return inbound.endpoint();
  }

  /** Sends the offer; returns the relay's MessageID. A refusal is not retried (the relay may hold it already). */
  String sendOffer(String subscriber, String caption, byte[] jpeg) throws Mm7Exception {
    SubmitRequest offer = SubmitRequest.builder().recipients(Recipients.to(Address.number(subscriber)))
        .subject("Offer: " + caption).serviceCode("promo-7").deliveryReport(true)
        .content(Smil.presentation(BinaryPart.ofBytes(jpeg, "image/jpeg").withContentLocation("offer.jpg"),
            TextPart.of(caption)), true)
        .build();
    return relay.submit(offer).messageId();
  }

  /** The latest delivery report's status for a message and recipient, or null. */
  MessageStatus reportedStatus(String messageId, String recipient) {
    return latestReport.get(messageId + " " + recipient);
  }

  @Override
  public void close() throws IOException {
    relay.close();
    inbound.close();
  }
}
