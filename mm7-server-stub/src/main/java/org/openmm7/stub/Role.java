package org.openmm7.stub;

/** Which side of MM7 the stub plays. */
public enum Role {
  /** The MMSC (relay/server): accepts SubmitReq, CancelReq, ReplaceReq; pushes to VASPs. The default. */
  RELAY,
  /** The VASP: accepts DeliverReq, DeliveryReportReq and ReadReplyReq; sends requests to a relay on demand. */
  VASP
}
