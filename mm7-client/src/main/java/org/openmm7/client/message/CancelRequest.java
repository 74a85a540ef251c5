package org.openmm7.client.message;

import java.util.Objects;

/**
 * CancelReq: a VASP cancels a message it submitted that has not been delivered yet.
 *
 * @param vaspId VASPID
 * @param vasId VASID
 * @param senderAddress SenderAddress
 * @param messageId MessageID of the message to cancel (required)
 */
public record CancelRequest(
    String vaspId,
    String vasId,
    Address senderAddress,
    String messageId) implements VaspRequest {

  public CancelRequest {
    Objects.requireNonNull(messageId, "messageId");
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.CANCEL_REQ;
  }

  @Override
  public CancelRequest withSenderIdentification(String vaspId, String vasId, Address senderAddress) {
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
    b.messageId = messageId;
    return b;
  }

  /** Builds a {@link CancelRequest}; every field is optional unless documented as required. */
  public static final class Builder {
    private String vaspId;
    private String vasId;
    private Address senderAddress;
    private String messageId;

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

    /** MessageID of the message to cancel. */
    public Builder messageId(String messageId) {
      this.messageId = messageId;
      return this;
    }

    public CancelRequest build() {
      return new CancelRequest(vaspId, vasId, senderAddress, messageId);
    }
  }
}
