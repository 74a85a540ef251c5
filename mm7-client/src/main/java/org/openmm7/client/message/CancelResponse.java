package org.openmm7.client.message;

import java.util.Objects;

/**
 * CancelRsp: the relay's answer to a CancelReq.
 *
 * @param status Status (required)
 */
public record CancelResponse(
    ResponseStatus status) implements Mm7Response {

  public CancelResponse {
    Objects.requireNonNull(status, "status");
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.CANCEL_RSP;
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

  /** Builds a {@link CancelResponse}; every field is optional unless documented as required. */
  public static final class Builder {
    private ResponseStatus status;

    private Builder() {}

    /** Status. */
    public Builder status(ResponseStatus status) {
      this.status = status;
      return this;
    }

    public CancelResponse build() {
      return new CancelResponse(status);
    }
  }
}
