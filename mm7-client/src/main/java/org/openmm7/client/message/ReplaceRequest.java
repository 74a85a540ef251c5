package org.openmm7.client.message;

import java.time.OffsetDateTime;
import java.util.Objects;
import org.openmm7.client.content.MimePart;

/**
 * ReplaceReq: a VASP replaces a message it submitted that has not been delivered yet.
 *
 * @param vaspId VASPID
 * @param vasId VASID
 * @param senderAddress SenderAddress
 * @param messageId MessageID of the message to replace (required)
 * @param serviceCode ServiceCode
 * @param timeStamp TimeStamp
 * @param readReply ReadReply
 * @param earliestDeliveryTime EarliestDeliveryTime
 * @param distributionIndicator DistributionIndicator
 * @param contentClass ContentClass (Rel-6)
 * @param drmContent DRMContent (Rel-6)
 * @param content the new content
 * @param allowAdaptations the allowAdaptations attribute of Content
 */
public record ReplaceRequest(
    String vaspId,
    String vasId,
    Address senderAddress,
    String messageId,
    String serviceCode,
    OffsetDateTime timeStamp,
    Boolean readReply,
    RelativeOrAbsoluteTime earliestDeliveryTime,
    Boolean distributionIndicator,
    ContentClass contentClass,
    Boolean drmContent,
    MimePart content,
    Boolean allowAdaptations) implements VaspRequest {

  public ReplaceRequest {
    Objects.requireNonNull(messageId, "messageId");
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.REPLACE_REQ;
  }

  @Override
  public ReplaceRequest withSenderIdentification(String vaspId, String vasId, Address senderAddress) {
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
    b.serviceCode = serviceCode;
    b.timeStamp = timeStamp;
    b.readReply = readReply;
    b.earliestDeliveryTime = earliestDeliveryTime;
    b.distributionIndicator = distributionIndicator;
    b.contentClass = contentClass;
    b.drmContent = drmContent;
    b.content = content;
    b.allowAdaptations = allowAdaptations;
    return b;
  }

  /** Builds a {@link ReplaceRequest}; every field is optional unless documented as required. */
  public static final class Builder {
    private String vaspId;
    private String vasId;
    private Address senderAddress;
    private String messageId;
    private String serviceCode;
    private OffsetDateTime timeStamp;
    private Boolean readReply;
    private RelativeOrAbsoluteTime earliestDeliveryTime;
    private Boolean distributionIndicator;
    private ContentClass contentClass;
    private Boolean drmContent;
    private MimePart content;
    private Boolean allowAdaptations;

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

    /** MessageID of the message to replace. */
    public Builder messageId(String messageId) {
      this.messageId = messageId;
      return this;
    }

    /** ServiceCode. */
    public Builder serviceCode(String serviceCode) {
      this.serviceCode = serviceCode;
      return this;
    }

    /** TimeStamp. */
    public Builder timeStamp(OffsetDateTime timeStamp) {
      this.timeStamp = timeStamp;
      return this;
    }

    /** ReadReply. */
    public Builder readReply(Boolean readReply) {
      this.readReply = readReply;
      return this;
    }

    /** EarliestDeliveryTime. */
    public Builder earliestDeliveryTime(RelativeOrAbsoluteTime earliestDeliveryTime) {
      this.earliestDeliveryTime = earliestDeliveryTime;
      return this;
    }

    /** DistributionIndicator. */
    public Builder distributionIndicator(Boolean distributionIndicator) {
      this.distributionIndicator = distributionIndicator;
      return this;
    }

    /** ContentClass (Rel-6). */
    public Builder contentClass(ContentClass contentClass) {
      this.contentClass = contentClass;
      return this;
    }

    /** DRMContent (Rel-6). */
    public Builder drmContent(Boolean drmContent) {
      this.drmContent = drmContent;
      return this;
    }

    /** The new content. */
    public Builder content(MimePart content) {
      this.content = content;
      return this;
    }

    /** The content and whether the relay may adapt it. */
    public Builder content(MimePart content, boolean allowAdaptations) {
      this.content = content;
      this.allowAdaptations = allowAdaptations;
      return this;
    }

    /** The allowAdaptations attribute of Content. */
    public Builder allowAdaptations(Boolean allowAdaptations) {
      this.allowAdaptations = allowAdaptations;
      return this;
    }

    public ReplaceRequest build() {
      return new ReplaceRequest(vaspId, vasId, senderAddress, messageId, serviceCode, timeStamp, readReply, earliestDeliveryTime, distributionIndicator, contentClass, drmContent, content, allowAdaptations);
    }
  }
}
