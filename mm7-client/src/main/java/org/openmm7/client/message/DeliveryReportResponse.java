package org.openmm7.client.message;

import java.util.Objects;

/**
 * DeliveryReportRsp: the VASP's answer to a DeliveryReportReq.
 *
 * @param status Status (required)
 */
public record DeliveryReportResponse(
    ResponseStatus status) implements Mm7Response {

  public DeliveryReportResponse {
    Objects.requireNonNull(status, "status");
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.DELIVERY_REPORT_RSP;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this message, to change some of its fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.status = status;
    return b;
  }

  /** Builds a {@link DeliveryReportResponse}; every field is optional unless documented as required. */
  public static final class Builder {
    private ResponseStatus status;

    private Builder() {}

    /** Status. */
    public Builder status(ResponseStatus status) {
      this.status = status;
      return this;
    }

    public DeliveryReportResponse build() {
      return new DeliveryReportResponse(status);
    }
  }
}
