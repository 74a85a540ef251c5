package org.openmm7.client.message;

import java.time.OffsetDateTime;
import java.util.Objects;
import org.openmm7.client.content.MimePart;

/**
 * extendedReplaceReq: a VASP replaces a message, also one already delivered to the recipient (Rel-6).
 *
 * @param vaspId VASPID
 * @param vasId VASID
 * @param senderAddress SenderAddress
 * @param replaceId ReplaceID: the MessageID of the message to replace (required)
 * @param serviceCode ServiceCode
 * @param timeStamp TimeStamp
 * @param earliestDeliveryTime EarliestDeliveryTime
 * @param expiryDate ExpiryDate
 * @param readReply ReadReply
 * @param deliveryReport DeliveryReport
 * @param priority Priority
 * @param subject Subject
 * @param distributionIndicator DistributionIndicator
 * @param contentClass ContentClass
 * @param drmContent DRMContent
 * @param content the new content
 * @param allowAdaptations the allowAdaptations attribute of Content
 */
public record ExtendedReplaceRequest(
    String vaspId,
    String vasId,
    Address senderAddress,
    String replaceId,
    String serviceCode,
    OffsetDateTime timeStamp,
    RelativeOrAbsoluteTime earliestDeliveryTime,
    RelativeOrAbsoluteTime expiryDate,
    Boolean readReply,
    Boolean deliveryReport,
    Priority priority,
    String subject,
    Boolean distributionIndicator,
    ContentClass contentClass,
    Boolean drmContent,
    MimePart content,
    Boolean allowAdaptations) implements VaspRequest {

  public ExtendedReplaceRequest {
    Objects.requireNonNull(replaceId, "replaceId");
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.EXTENDED_REPLACE_REQ;
  }

  @Override
  public ExtendedReplaceRequest withSenderIdentification(String vaspId, String vasId, Address senderAddress) {
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
    b.replaceId = replaceId;
    b.serviceCode = serviceCode;
    b.timeStamp = timeStamp;
    b.earliestDeliveryTime = earliestDeliveryTime;
    b.expiryDate = expiryDate;
    b.readReply = readReply;
    b.deliveryReport = deliveryReport;
    b.priority = priority;
    b.subject = subject;
    b.distributionIndicator = distributionIndicator;
    b.contentClass = contentClass;
    b.drmContent = drmContent;
    b.content = content;
    b.allowAdaptations = allowAdaptations;
    return b;
  }

  /** Builds a {@link ExtendedReplaceRequest}; every field is optional unless documented as required. */
  public static final class Builder {
    private String vaspId;
    private String vasId;
    private Address senderAddress;
    private String replaceId;
    private String serviceCode;
    private OffsetDateTime timeStamp;
    private RelativeOrAbsoluteTime earliestDeliveryTime;
    private RelativeOrAbsoluteTime expiryDate;
    private Boolean readReply;
    private Boolean deliveryReport;
    private Priority priority;
    private String subject;
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

    /** ReplaceID: the MessageID of the message to replace. */
    public Builder replaceId(String replaceId) {
      this.replaceId = replaceId;
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

    /** EarliestDeliveryTime. */
    public Builder earliestDeliveryTime(RelativeOrAbsoluteTime earliestDeliveryTime) {
      this.earliestDeliveryTime = earliestDeliveryTime;
      return this;
    }

    /** ExpiryDate. */
    public Builder expiryDate(RelativeOrAbsoluteTime expiryDate) {
      this.expiryDate = expiryDate;
      return this;
    }

    /** ReadReply. */
    public Builder readReply(Boolean readReply) {
      this.readReply = readReply;
      return this;
    }

    /** DeliveryReport. */
    public Builder deliveryReport(Boolean deliveryReport) {
      this.deliveryReport = deliveryReport;
      return this;
    }

    /** Priority. */
    public Builder priority(Priority priority) {
      this.priority = priority;
      return this;
    }

    /** Subject. */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /** DistributionIndicator. */
    public Builder distributionIndicator(Boolean distributionIndicator) {
      this.distributionIndicator = distributionIndicator;
      return this;
    }

    /** ContentClass. */
    public Builder contentClass(ContentClass contentClass) {
      this.contentClass = contentClass;
      return this;
    }

    /** DRMContent. */
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

    public ExtendedReplaceRequest build() {
      return new ExtendedReplaceRequest(vaspId, vasId, senderAddress, replaceId, serviceCode, timeStamp, earliestDeliveryTime, expiryDate, readReply, deliveryReport, priority, subject, distributionIndicator, contentClass, drmContent, content, allowAdaptations);
    }
  }
}
