package org.openmm7.client.message;

/**
 * A request the VASP sends to the relay; each carries the SenderIdentification (VASPID, VASID,
 * SenderAddress) that a client fills in from its configuration.
 */
public sealed interface VaspRequest extends Mm7Request
    permits SubmitRequest, CancelRequest, ReplaceRequest, ExtendedCancelRequest, ExtendedReplaceRequest {

  /** VASPID, or null. */
  String vaspId();

  /** VASID, or null. */
  String vasId();

  /** SenderAddress, or null. */
  Address senderAddress();

  /** The same request with the SenderIdentification replaced. */
  VaspRequest withSenderIdentification(String vaspId, String vasId, Address senderAddress);
}
