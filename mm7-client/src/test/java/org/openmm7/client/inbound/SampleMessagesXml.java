package org.openmm7.client.inbound;

import java.nio.charset.StandardCharsets;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.codec.SampleMessages;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.schema.Mm7Release;

/** Pushes as text, for namespaces the codec cannot write. */
final class SampleMessagesXml {
  private SampleMessagesXml() {}

  /** A DeliveryReportReq of the latest release moved into {@code namespace}. */
  static String deliveryReport(String namespace, String txId) throws Exception {
    Mm7Release latest = Mm7Release.latest();
    byte[] soap = Mm7Codec.lenient().encode(Mm7Envelope.of(txId, latest,
        SampleMessages.of(Mm7Operation.DELIVERY_REPORT_REQ, latest))).soapEnvelope();
    return new String(soap, StandardCharsets.UTF_8).replace(latest.namespace(), namespace);
  }
}
