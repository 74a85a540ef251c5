package org.openmm7.client.message;

/** A request: sent by the VASP to the relay, or pushed by the relay to the VASP. */
public sealed interface Mm7Request extends Mm7Message
    permits VaspRequest, DeliverRequest, DeliveryReportRequest, ReadReplyRequest {
}
