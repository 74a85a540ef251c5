package org.openmm7.client.message;

import java.time.OffsetDateTime;
import java.util.Objects;
import org.openmm7.client.content.MimePart;

/**
 * ReplaceReq: a VASP replaces a message it submitted that has not been delivered yet.
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} starts a builder from a message to change
 * some of its fields. Equal when every field is equal. Optional fields are {@code null} when
 * absent, lists are empty (never null) and unmodifiable.
 */
public final class ReplaceRequest implements VaspRequest {
  private final String vaspId;
  private final String vasId;
  private final Address senderAddress;
  private final String messageId;
  private final String serviceCode;
  private final OffsetDateTime timeStamp;
  private final Boolean readReply;
  private final RelativeOrAbsoluteTime earliestDeliveryTime;
  private final Boolean distributionIndicator;
  private final ContentClass contentClass;
  private final Boolean drmContent;
  private final MimePart content;
  private final Boolean allowAdaptations;

  private ReplaceRequest(Builder b) {
    this.vaspId = b.vaspId;
    this.vasId = b.vasId;
    this.senderAddress = b.senderAddress;
    this.messageId = b.messageId;
    this.serviceCode = b.serviceCode;
    this.timeStamp = b.timeStamp;
    this.readReply = b.readReply;
    this.earliestDeliveryTime = b.earliestDeliveryTime;
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

  /** MessageID of the message to replace; required, never null. */
  public String messageId() {
    return messageId;
  }

  /** ServiceCode; null when absent. */
  public String serviceCode() {
    return serviceCode;
  }

  /** TimeStamp; null when absent. */
  public OffsetDateTime timeStamp() {
    return timeStamp;
  }

  /** ReadReply; null when absent. */
  public Boolean readReply() {
    return readReply;
  }

  /** EarliestDeliveryTime; null when absent. */
  public RelativeOrAbsoluteTime earliestDeliveryTime() {
    return earliestDeliveryTime;
  }

  /** DistributionIndicator; null when absent. */
  public Boolean distributionIndicator() {
    return distributionIndicator;
  }

  /** ContentClass (Rel-6); null when absent. */
  public ContentClass contentClass() {
    return contentClass;
  }

  /** DRMContent (Rel-6); null when absent. */
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
    return Mm7Operation.REPLACE_REQ;
  }

  @Override
  public ReplaceRequest withSenderIdentification(String vaspId, String vasId, Address senderAddress) {
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

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ReplaceRequest m)) {
      return false;
    }
    return Objects.equals(vaspId, m.vaspId)
        && Objects.equals(vasId, m.vasId)
        && Objects.equals(senderAddress, m.senderAddress)
        && Objects.equals(messageId, m.messageId)
        && Objects.equals(serviceCode, m.serviceCode)
        && Objects.equals(timeStamp, m.timeStamp)
        && Objects.equals(readReply, m.readReply)
        && Objects.equals(earliestDeliveryTime, m.earliestDeliveryTime)
        && Objects.equals(distributionIndicator, m.distributionIndicator)
        && Objects.equals(contentClass, m.contentClass)
        && Objects.equals(drmContent, m.drmContent)
        && Objects.equals(content, m.content)
        && Objects.equals(allowAdaptations, m.allowAdaptations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(vaspId, vasId, senderAddress, messageId, serviceCode, timeStamp, readReply, earliestDeliveryTime, distributionIndicator, contentClass, drmContent, content, allowAdaptations);
  }

  /** The fields that are set, by name, as a record would show them. */
  @Override
  public String toString() {
    return Fields.toString("ReplaceRequest",
        "vaspId", vaspId,
        "vasId", vasId,
        "senderAddress", senderAddress,
        "messageId", messageId,
        "serviceCode", serviceCode,
        "timeStamp", timeStamp,
        "readReply", readReply,
        "earliestDeliveryTime", earliestDeliveryTime,
        "distributionIndicator", distributionIndicator,
        "contentClass", contentClass,
        "drmContent", drmContent,
        "content", content,
        "allowAdaptations", allowAdaptations);
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

    /**
     * The message.
     *
     * @throws IllegalStateException when a required field (messageId) is not set
     */
    public ReplaceRequest build() {
      Fields.require(messageId, "ReplaceRequest", "messageId");
      return new ReplaceRequest(this);
    }
  }
}
