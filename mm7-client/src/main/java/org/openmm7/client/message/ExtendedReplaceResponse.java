package org.openmm7.client.message;

import java.util.Objects;

/**
 * extendedReplaceRsp: the relay's answer to an extendedReplaceReq.
 *
 * @param messageId MessageID of the replacing message
 * @param status Status (required)
 */
public record ExtendedReplaceResponse(
    String messageId,
    ResponseStatus status) implements Mm7Response {

  public ExtendedReplaceResponse {
    Objects.requireNonNull(status, "status");
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.EXTENDED_REPLACE_RSP;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this message, to change some of its fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.messageId = messageId;
    b.status = status;
    return b;
  }

  /** Builds a {@link ExtendedReplaceResponse}; every field is optional unless documented as required. */
  public static final class Builder {
    private String messageId;
    private ResponseStatus status;

    private Builder() {}

    /** MessageID of the replacing message. */
    public Builder messageId(String messageId) {
      this.messageId = messageId;
      return this;
    }

    /** Status. */
    public Builder status(ResponseStatus status) {
      this.status = status;
      return this;
    }

    public ExtendedReplaceResponse build() {
      return new ExtendedReplaceResponse(messageId, status);
    }
  }
}
