package org.openmm7.client.message;

import java.util.Objects;

/**
 * DeliverRsp: the VASP's answer to a DeliverReq.
 *
 * @param status Status (required)
 * @param serviceCode ServiceCode, for charging
 */
public record DeliverResponse(
    ResponseStatus status,
    String serviceCode) implements Mm7Response {

  public DeliverResponse {
    Objects.requireNonNull(status, "status");
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.DELIVER_RSP;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this message, to change some of its fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.status = status;
    b.serviceCode = serviceCode;
    return b;
  }

  /** Builds a {@link DeliverResponse}; every field is optional unless documented as required. */
  public static final class Builder {
    private ResponseStatus status;
    private String serviceCode;

    private Builder() {}

    /** Status. */
    public Builder status(ResponseStatus status) {
      this.status = status;
      return this;
    }

    /** ServiceCode, for charging. */
    public Builder serviceCode(String serviceCode) {
      this.serviceCode = serviceCode;
      return this;
    }

    public DeliverResponse build() {
      return new DeliverResponse(status, serviceCode);
    }
  }
}
