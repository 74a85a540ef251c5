package org.openmm7.client.message;

import java.time.OffsetDateTime;
import java.util.Objects;
import org.openmm7.client.content.MimePart;

/**
 * extendedReplaceReq: a VASP replaces a message, also one already delivered to the recipient (Rel-6).
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} starts a builder from a message to change
 * some of its fields. Equal when every field is equal. Optional fields are {@code null} when
 * absent, lists are empty (never null) and unmodifiable.
 */
public final class ExtendedReplaceRequest implements VaspRequest {
  private final String vaspId;
  private final String vasId;
  private final Address senderAddress;
  private final String replaceId;
  private final String serviceCode;
  private final OffsetDateTime timeStamp;
  private final RelativeOrAbsoluteTime earliestDeliveryTime;
  private final RelativeOrAbsoluteTime expiryDate;
  private final Boolean readReply;
  private final Boolean deliveryReport;
  private final Priority priority;
  private final String subject;
  private final Boolean distributionIndicator;
  private final ContentClass contentClass;
  private final Boolean drmContent;
  private final MimePart content;
  private final Boolean allowAdaptations;

  private ExtendedReplaceRequest(Builder b) {
    this.vaspId = b.vaspId;
    this.vasId = b.vasId;
    this.senderAddress = b.senderAddress;
    this.replaceId = b.replaceId;
    this.serviceCode = b.serviceCode;
    this.timeStamp = b.timeStamp;
    this.earliestDeliveryTime = b.earliestDeliveryTime;
    this.expiryDate = b.expiryDate;
    this.readReply = b.readReply;
    this.deliveryReport = b.deliveryReport;
    this.priority = b.priority;
    this.subject = b.subject;
    this.distributionIndicator = b.distributionIndicator;
    this.contentClass = b.contentClass;
    this.drmContent = b.drmContent;
    this.content = b.content;
    this.allowAdaptations = b.allowAdaptations;
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

  /** ReplaceID: the MessageID of the message to replace; required, never null. */
  public String replaceId() {
    return replaceId;
  }

  /** ServiceCode; null when absent. */
  public String serviceCode() {
    return serviceCode;
  }

  /** TimeStamp; null when absent. */
  public OffsetDateTime timeStamp() {
    return timeStamp;
  }

  /** EarliestDeliveryTime; null when absent. */
  public RelativeOrAbsoluteTime earliestDeliveryTime() {
    return earliestDeliveryTime;
  }

  /** ExpiryDate; null when absent. */
  public RelativeOrAbsoluteTime expiryDate() {
    return expiryDate;
  }

  /** ReadReply; null when absent. */
  public Boolean readReply() {
    return readReply;
  }

  /** DeliveryReport; null when absent. */
  public Boolean deliveryReport() {
    return deliveryReport;
  }

  /** Priority; null when absent. */
  public Priority priority() {
    return priority;
  }

  /** Subject; null when absent. */
  public String subject() {
    return subject;
  }

  /** DistributionIndicator; null when absent. */
  public Boolean distributionIndicator() {
    return distributionIndicator;
  }

  /** ContentClass; null when absent. */
  public ContentClass contentClass() {
    return contentClass;
  }

  /** DRMContent; null when absent. */
  public Boolean drmContent() {
    return drmContent;
  }

  /** The new content; null when absent. */
  public MimePart content() {
    return content;
  }

  /** The allowAdaptations attribute of Content; null when absent. */
  public Boolean allowAdaptations() {
    return allowAdaptations;
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.EXTENDED_REPLACE_REQ;
  }

  @Override
  public ExtendedReplaceRequest withSenderIdentification(String vaspId, String vasId, Address senderAddress) {
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

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ExtendedReplaceRequest m)) {
      return false;
    }
    return Objects.equals(vaspId, m.vaspId)
        && Objects.equals(vasId, m.vasId)
        && Objects.equals(senderAddress, m.senderAddress)
        && Objects.equals(replaceId, m.replaceId)
        && Objects.equals(serviceCode, m.serviceCode)
        && Objects.equals(timeStamp, m.timeStamp)
        && Objects.equals(earliestDeliveryTime, m.earliestDeliveryTime)
        && Objects.equals(expiryDate, m.expiryDate)
        && Objects.equals(readReply, m.readReply)
        && Objects.equals(deliveryReport, m.deliveryReport)
        && Objects.equals(priority, m.priority)
        && Objects.equals(subject, m.subject)
        && Objects.equals(distributionIndicator, m.distributionIndicator)
        && Objects.equals(contentClass, m.contentClass)
        && Objects.equals(drmContent, m.drmContent)
        && Objects.equals(content, m.content)
        && Objects.equals(allowAdaptations, m.allowAdaptations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(vaspId, vasId, senderAddress, replaceId, serviceCode, timeStamp, earliestDeliveryTime, expiryDate, readReply, deliveryReport, priority, subject, distributionIndicator, contentClass, drmContent, content, allowAdaptations);
  }

  /** The fields that are set, by name, as a record would show them. */
  @Override
  public String toString() {
    return Fields.toString("ExtendedReplaceRequest",
        "vaspId", vaspId,
        "vasId", vasId,
        "senderAddress", senderAddress,
        "replaceId", replaceId,
        "serviceCode", serviceCode,
        "timeStamp", timeStamp,
        "earliestDeliveryTime", earliestDeliveryTime,
        "expiryDate", expiryDate,
        "readReply", readReply,
        "deliveryReport", deliveryReport,
        "priority", priority,
        "subject", subject,
        "distributionIndicator", distributionIndicator,
        "contentClass", contentClass,
        "drmContent", drmContent,
        "content", content,
        "allowAdaptations", allowAdaptations);
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

    /**
     * The message.
     *
     * @throws IllegalStateException when a required field (replaceId) is not set
     */
    public ExtendedReplaceRequest build() {
      Fields.require(replaceId, "ExtendedReplaceRequest", "replaceId");
      return new ExtendedReplaceRequest(this);
    }
  }
}
