package org.openmm7.client.message;

import java.util.Objects;

/**
 * extendedCancelReq: a VASP cancels a message, also one already delivered to the recipient (Rel-6).
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} starts a builder from a message to change
 * some of its fields. Equal when every field is equal. Optional fields are {@code null} when
 * absent, lists are empty (never null) and unmodifiable.
 */
public final class ExtendedCancelRequest implements VaspRequest {
  private final String vaspId;
  private final String vasId;
  private final Address senderAddress;
  private final String cancelId;

  private ExtendedCancelRequest(Builder b) {
    this.vaspId = b.vaspId;
    this.vasId = b.vasId;
    this.senderAddress = b.senderAddress;
    this.cancelId = b.cancelId;
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

  /** CancelID: the MessageID of the message to cancel; required, never null. */
  public String cancelId() {
    return cancelId;
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.EXTENDED_CANCEL_REQ;
  }

  @Override
  public ExtendedCancelRequest withSenderIdentification(String vaspId, String vasId, Address senderAddress) {
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
    b.cancelId = cancelId;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ExtendedCancelRequest m)) {
      return false;
    }
    return Objects.equals(vaspId, m.vaspId)
        && Objects.equals(vasId, m.vasId)
        && Objects.equals(senderAddress, m.senderAddress)
        && Objects.equals(cancelId, m.cancelId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(vaspId, vasId, senderAddress, cancelId);
  }

  /** The fields that are set, by name, as a record would show them. */
  @Override
  public String toString() {
    return Fields.toString("ExtendedCancelRequest",
        "vaspId", vaspId,
        "vasId", vasId,
        "senderAddress", senderAddress,
        "cancelId", cancelId);
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

    /**
     * The message.
     *
     * @throws IllegalStateException when a required field (cancelId) is not set
     */
    public ExtendedCancelRequest build() {
      Fields.require(cancelId, "ExtendedCancelRequest", "cancelId");
      return new ExtendedCancelRequest(this);
    }
  }
}
