package org.openmm7.client.message;

import java.util.Objects;

/**
 * SubmitRsp: the relay's answer to a SubmitReq.
 *
 * @param status Status (required)
 * @param messageId MessageID the relay gave the message (present on success)
 */
public record SubmitResponse(
    ResponseStatus status,
    String messageId) implements Mm7Response {

  public SubmitResponse {
    Objects.requireNonNull(status, "status");
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.SUBMIT_RSP;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this message, to change some of its fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.status = status;
    b.messageId = messageId;
    return b;
  }

  /** Builds a {@link SubmitResponse}; every field is optional unless documented as required. */
  public static final class Builder {
    private ResponseStatus status;
    private String messageId;

    private Builder() {}

    /** Status. */
    public Builder status(ResponseStatus status) {
      this.status = status;
      return this;
    }

    /** MessageID the relay gave the message (present on success). */
    public Builder messageId(String messageId) {
      this.messageId = messageId;
      return this;
    }

    public SubmitResponse build() {
      return new SubmitResponse(status, messageId);
    }
  }
}
