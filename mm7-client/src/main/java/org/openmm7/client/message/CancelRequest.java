package org.openmm7.client.message;

import java.util.Objects;

/**
 * CancelReq: a VASP cancels a message it submitted that has not been delivered yet.
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} starts a builder from a message to change
 * some of its fields. Equal when every field is equal. Optional fields are {@code null} when
 * absent, lists are empty (never null) and unmodifiable.
 */
public final class CancelRequest implements VaspRequest {
  private final String vaspId;
  private final String vasId;
  private final Address senderAddress;
  private final String messageId;

  private CancelRequest(Builder b) {
    this.vaspId = b.vaspId;
    this.vasId = b.vasId;
    this.senderAddress = b.senderAddress;
    this.messageId = b.messageId;
  }

  /** VASPID; null when absent. */
  public String vaspId() {
    return vaspId;
  }

  /** VASID; null when absent. */
  public String vasId() {
    return vasId;
  }

  /** SenderAddress; null when absent. */
  public Address senderAddress() {
    return senderAddress;
  }

  /** MessageID of the message to cancel; required, never null. */
  public String messageId() {
    return messageId;
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.CANCEL_REQ;
  }

  @Override
  public CancelRequest withSenderIdentification(String vaspId, String vasId, Address senderAddress) {
    return toBuilder().vaspId(vaspId).vasId(vasId).senderAddress(senderAddress).build();
  }

  /** A builder with no field set. */
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

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CancelRequest m)) {
      return false;
    }
    return Objects.equals(vaspId, m.vaspId)
        && Objects.equals(vasId, m.vasId)
        && Objects.equals(senderAddress, m.senderAddress)
        && Objects.equals(messageId, m.messageId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(vaspId, vasId, senderAddress, messageId);
  }

  /** The fields that are set, by name, as a record would show them. */
  @Override
  public String toString() {
    return Fields.toString("CancelRequest",
        "vaspId", vaspId,
        "vasId", vasId,
        "senderAddress", senderAddress,
        "messageId", messageId);
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

    /**
     * The message.
     *
     * @throws IllegalStateException when a required field (messageId) is not set
     */
    public CancelRequest build() {
      Fields.require(messageId, "CancelRequest", "messageId");
      return new CancelRequest(this);
    }
  }
}
