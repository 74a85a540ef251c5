package org.openmm7.client.message;

import java.util.Objects;

/**
 * extendedCancelReq: a VASP cancels a message, also one already delivered to the recipient (Rel-6).
 *
 * @param vaspId VASPID
 * @param vasId VASID
 * @param senderAddress SenderAddress
 * @param cancelId CancelID: the MessageID of the message to cancel (required)
 */
public record ExtendedCancelRequest(
    String vaspId,
    String vasId,
    Address senderAddress,
    String cancelId) implements VaspRequest {

  public ExtendedCancelRequest {
    Objects.requireNonNull(cancelId, "cancelId");
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.EXTENDED_CANCEL_REQ;
  }

  @Override
  public ExtendedCancelRequest withSenderIdentification(String vaspId, String vasId, Address senderAddress) {
    return toBuilder().vaspId(vaspId).vasId(vasId).senderAddress(senderAddress).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this message, to change some of its fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.vaspId = vaspId;
    b.vasId = vasId;
    b.senderAddress = senderAddress;
    b.cancelId = cancelId;
    return b;
  }

  /** Builds a {@link ExtendedCancelRequest}; every field is optional unless documented as required. */
  public static final class Builder {
    private String vaspId;
    private String vasId;
    private Address senderAddress;
    private String cancelId;

    private Builder() {}

    /** VASPID. */
    public Builder vaspId(String vaspId) {
      this.vaspId = vaspId;
      return this;
    }

    /** VASID. */
    public Builder vasId(String vasId) {
      this.vasId = vasId;
      return this;
    }

    /** SenderAddress. */
    public Builder senderAddress(Address senderAddress) {
      this.senderAddress = senderAddress;
      return this;
    }

    /** CancelID: the MessageID of the message to cancel. */
    public Builder cancelId(String cancelId) {
      this.cancelId = cancelId;
      return this;
    }

    public ExtendedCancelRequest build() {
      return new ExtendedCancelRequest(vaspId, vasId, senderAddress, cancelId);
    }
  }
}
