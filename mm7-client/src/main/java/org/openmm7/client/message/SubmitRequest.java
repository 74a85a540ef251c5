package org.openmm7.client.message;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.openmm7.client.content.MimePart;

/**
 * SubmitReq: a VASP submits a multimedia message to the relay for delivery.
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} starts a builder from a message to change
 * some of its fields. Equal when every field is equal. Optional fields are {@code null} when
 * absent, lists are empty (never null) and unmodifiable.
 */
public final class SubmitRequest implements VaspRequest {
  private final String vaspId;
  private final String vasId;
  private final Address senderAddress;
  private final Recipients recipients;
  private final String serviceCode;
  private final String linkedId;
  private final MessageClass messageClass;
  private final OffsetDateTime timeStamp;
  private final ReplyCharging replyCharging;
  private final RelativeOrAbsoluteTime earliestDeliveryTime;
  private final RelativeOrAbsoluteTime expiryDate;
  private final Boolean deliveryReport;
  private final Boolean readReply;
  private final Priority priority;
  private final String subject;
  private final ChargedParty chargedParty;
  private final String chargedPartyId;
  private final Boolean distributionIndicator;
  private final List<Integer> deliveryConditions;
  private final String applicId;
  private final String replyApplicId;
  private final String auxApplicInfo;
  private final ContentClass contentClass;
  private final Boolean drmContent;
  private final MimePart content;
  private final Boolean allowAdaptations;

  private SubmitRequest(Builder b) {
    this.vaspId = b.vaspId;
    this.vasId = b.vasId;
    this.senderAddress = b.senderAddress;
    this.recipients = b.recipients;
    this.serviceCode = b.serviceCode;
    this.linkedId = b.linkedId;
    this.messageClass = b.messageClass;
    this.timeStamp = b.timeStamp;
    this.replyCharging = b.replyCharging;
    this.earliestDeliveryTime = b.earliestDeliveryTime;
    this.expiryDate = b.expiryDate;
    this.deliveryReport = b.deliveryReport;
    this.readReply = b.readReply;
    this.priority = b.priority;
    this.subject = b.subject;
    this.chargedParty = b.chargedParty;
    this.chargedPartyId = b.chargedPartyId;
    this.distributionIndicator = b.distributionIndicator;
    this.deliveryConditions = Fields.copy(b.deliveryConditions, "SubmitRequest", "deliveryConditions");
    this.applicId = b.applicId;
    this.replyApplicId = b.replyApplicId;
    this.auxApplicInfo = b.auxApplicInfo;
    this.contentClass = b.contentClass;
    this.drmContent = b.drmContent;
    this.content = b.content;
    this.allowAdaptations = b.allowAdaptations;
  }

  /**
   * The VASPID of SenderIdentification (the client fills in its configured one when absent); null when absent.
   */
  public String vaspId() {
    return vaspId;
  }

  /** The VASID of SenderIdentification; null when absent. */
  public String vasId() {
    return vasId;
  }

  /** SenderAddress: the originator shown to recipients; null when absent. */
  public Address senderAddress() {
    return senderAddress;
  }

  /** The To, Cc and Bcc recipients; required, never null. */
  public Recipients recipients() {
    return recipients;
  }

  /** ServiceCode, for charging; null when absent. */
  public String serviceCode() {
    return serviceCode;
  }

  /** LinkedID: the MessageID of a DeliverReq this answers; null when absent. */
  public String linkedId() {
    return linkedId;
  }

  /** MessageClass; null when absent. */
  public MessageClass messageClass() {
    return messageClass;
  }

  /** TimeStamp of submission; null when absent. */
  public OffsetDateTime timeStamp() {
    return timeStamp;
  }

  /** ReplyCharging: the VASP pays for a reply; null when absent. */
  public ReplyCharging replyCharging() {
    return replyCharging;
  }

  /** EarliestDeliveryTime; null when absent. */
  public RelativeOrAbsoluteTime earliestDeliveryTime() {
    return earliestDeliveryTime;
  }

  /** ExpiryDate; null when absent. */
  public RelativeOrAbsoluteTime expiryDate() {
    return expiryDate;
  }

  /** DeliveryReport: whether delivery reports are requested; null when absent. */
  public Boolean deliveryReport() {
    return deliveryReport;
  }

  /** ReadReply: whether read replies are requested; null when absent. */
  public Boolean readReply() {
    return readReply;
  }

  /** Priority; null when absent. */
  public Priority priority() {
    return priority;
  }

  /** Subject; null when absent. */
  public String subject() {
    return subject;
  }

  /** ChargedParty; null when absent. */
  public ChargedParty chargedParty() {
    return chargedParty;
  }

  /** ChargedPartyID; null when absent. */
  public String chargedPartyId() {
    return chargedPartyId;
  }

  /** DistributionIndicator: whether recipients may forward the content; null when absent. */
  public Boolean distributionIndicator() {
    return distributionIndicator;
  }

  /** DeliveryCondition/DC values (Rel-6); empty when absent. */
  public List<Integer> deliveryConditions() {
    return deliveryConditions;
  }

  /** ApplicID (Rel-6 application addressing); null when absent. */
  public String applicId() {
    return applicId;
  }

  /** ReplyApplicID (Rel-6); null when absent. */
  public String replyApplicId() {
    return replyApplicId;
  }

  /** AuxApplicInfo (Rel-6); null when absent. */
  public String auxApplicInfo() {
    return auxApplicInfo;
  }

  /** ContentClass (Rel-6); null when absent. */
  public ContentClass contentClass() {
    return contentClass;
  }

  /** DRMContent (Rel-6); null when absent. */
  public Boolean drmContent() {
    return drmContent;
  }

  /** The message content, referenced from the Content element; null when absent. */
  public MimePart content() {
    return content;
  }

  /** The allowAdaptations attribute of Content; null when absent. */
  public Boolean allowAdaptations() {
    return allowAdaptations;
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.SUBMIT_REQ;
  }

  @Override
  public SubmitRequest withSenderIdentification(String vaspId, String vasId, Address senderAddress) {
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
    b.recipients = recipients;
    b.serviceCode = serviceCode;
    b.linkedId = linkedId;
    b.messageClass = messageClass;
    b.timeStamp = timeStamp;
    b.replyCharging = replyCharging;
    b.earliestDeliveryTime = earliestDeliveryTime;
    b.expiryDate = expiryDate;
    b.deliveryReport = deliveryReport;
    b.readReply = readReply;
    b.priority = priority;
    b.subject = subject;
    b.chargedParty = chargedParty;
    b.chargedPartyId = chargedPartyId;
    b.distributionIndicator = distributionIndicator;
    b.deliveryConditions.addAll(deliveryConditions);
    b.applicId = applicId;
    b.replyApplicId = replyApplicId;
    b.auxApplicInfo = auxApplicInfo;
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
    if (!(o instanceof SubmitRequest m)) {
      return false;
    }
    return Objects.equals(vaspId, m.vaspId)
        && Objects.equals(vasId, m.vasId)
        && Objects.equals(senderAddress, m.senderAddress)
        && Objects.equals(recipients, m.recipients)
        && Objects.equals(serviceCode, m.serviceCode)
        && Objects.equals(linkedId, m.linkedId)
        && Objects.equals(messageClass, m.messageClass)
        && Objects.equals(timeStamp, m.timeStamp)
        && Objects.equals(replyCharging, m.replyCharging)
        && Objects.equals(earliestDeliveryTime, m.earliestDeliveryTime)
        && Objects.equals(expiryDate, m.expiryDate)
        && Objects.equals(deliveryReport, m.deliveryReport)
        && Objects.equals(readReply, m.readReply)
        && Objects.equals(priority, m.priority)
        && Objects.equals(subject, m.subject)
        && Objects.equals(chargedParty, m.chargedParty)
        && Objects.equals(chargedPartyId, m.chargedPartyId)
        && Objects.equals(distributionIndicator, m.distributionIndicator)
        && Objects.equals(deliveryConditions, m.deliveryConditions)
        && Objects.equals(applicId, m.applicId)
        && Objects.equals(replyApplicId, m.replyApplicId)
        && Objects.equals(auxApplicInfo, m.auxApplicInfo)
        && Objects.equals(contentClass, m.contentClass)
        && Objects.equals(drmContent, m.drmContent)
        && Objects.equals(content, m.content)
        && Objects.equals(allowAdaptations, m.allowAdaptations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(vaspId, vasId, senderAddress, recipients, serviceCode, linkedId, messageClass, timeStamp, replyCharging, earliestDeliveryTime, expiryDate, deliveryReport, readReply, priority, subject, chargedParty, chargedPartyId, distributionIndicator, deliveryConditions, applicId, replyApplicId, auxApplicInfo, contentClass, drmContent, content, allowAdaptations);
  }

  /** The fields that are set, by name, as a record would show them. */
  @Override
  public String toString() {
    return Fields.toString("SubmitRequest",
        "vaspId", vaspId,
        "vasId", vasId,
        "senderAddress", senderAddress,
        "recipients", recipients,
        "serviceCode", serviceCode,
        "linkedId", linkedId,
        "messageClass", messageClass,
        "timeStamp", timeStamp,
        "replyCharging", replyCharging,
        "earliestDeliveryTime", earliestDeliveryTime,
        "expiryDate", expiryDate,
        "deliveryReport", deliveryReport,
        "readReply", readReply,
        "priority", priority,
        "subject", subject,
        "chargedParty", chargedParty,
        "chargedPartyId", chargedPartyId,
        "distributionIndicator", distributionIndicator,
        "deliveryConditions", deliveryConditions,
        "applicId", applicId,
        "replyApplicId", replyApplicId,
        "auxApplicInfo", auxApplicInfo,
        "contentClass", contentClass,
        "drmContent", drmContent,
        "content", content,
        "allowAdaptations", allowAdaptations);
  }

  /** Builds a {@link SubmitRequest}; every field is optional unless documented as required. */
  public static final class Builder {
    private String vaspId;
    private String vasId;
    private Address senderAddress;
    private Recipients recipients;
    private String serviceCode;
    private String linkedId;
    private MessageClass messageClass;
    private OffsetDateTime timeStamp;
    private ReplyCharging replyCharging;
    private RelativeOrAbsoluteTime earliestDeliveryTime;
    private RelativeOrAbsoluteTime expiryDate;
    private Boolean deliveryReport;
    private Boolean readReply;
    private Priority priority;
    private String subject;
    private ChargedParty chargedParty;
    private String chargedPartyId;
    private Boolean distributionIndicator;
    private final List<Integer> deliveryConditions = new ArrayList<>();
    private String applicId;
    private String replyApplicId;
    private String auxApplicInfo;
    private ContentClass contentClass;
    private Boolean drmContent;
    private MimePart content;
    private Boolean allowAdaptations;

    private Builder() {}

    /** The VASPID of SenderIdentification (the client fills in its configured one when absent). */
    public Builder vaspId(String vaspId) {
      this.vaspId = vaspId;
      return this;
    }

    /** The VASID of SenderIdentification. */
    public Builder vasId(String vasId) {
      this.vasId = vasId;
      return this;
    }

    /** SenderAddress: the originator shown to recipients. */
    public Builder senderAddress(Address senderAddress) {
      this.senderAddress = senderAddress;
      return this;
    }

    /** The To, Cc and Bcc recipients. */
    public Builder recipients(Recipients recipients) {
      this.recipients = recipients;
      return this;
    }

    /** ServiceCode, for charging. */
    public Builder serviceCode(String serviceCode) {
      this.serviceCode = serviceCode;
      return this;
    }

    /** LinkedID: the MessageID of a DeliverReq this answers. */
    public Builder linkedId(String linkedId) {
      this.linkedId = linkedId;
      return this;
    }

    /** MessageClass. */
    public Builder messageClass(MessageClass messageClass) {
      this.messageClass = messageClass;
      return this;
    }

    /** TimeStamp of submission. */
    public Builder timeStamp(OffsetDateTime timeStamp) {
      this.timeStamp = timeStamp;
      return this;
    }

    /** ReplyCharging: the VASP pays for a reply. */
    public Builder replyCharging(ReplyCharging replyCharging) {
      this.replyCharging = replyCharging;
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

    /** DeliveryReport: whether delivery reports are requested. */
    public Builder deliveryReport(Boolean deliveryReport) {
      this.deliveryReport = deliveryReport;
      return this;
    }

    /** ReadReply: whether read replies are requested. */
    public Builder readReply(Boolean readReply) {
      this.readReply = readReply;
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

    /** ChargedParty. */
    public Builder chargedParty(ChargedParty chargedParty) {
      this.chargedParty = chargedParty;
      return this;
    }

    /** ChargedPartyID. */
    public Builder chargedPartyId(String chargedPartyId) {
      this.chargedPartyId = chargedPartyId;
      return this;
    }

    /** DistributionIndicator: whether recipients may forward the content. */
    public Builder distributionIndicator(Boolean distributionIndicator) {
      this.distributionIndicator = distributionIndicator;
      return this;
    }

    /** DeliveryCondition/DC values (Rel-6). */
    public Builder deliveryConditions(List<Integer> deliveryConditions) {
      this.deliveryConditions.clear();
      this.deliveryConditions.addAll(deliveryConditions);
      return this;
    }

    /** Adds to deliveryConditions. */
    public Builder addDeliveryCondition(Integer value) {
      this.deliveryConditions.add(value);
      return this;
    }

    /** ApplicID (Rel-6 application addressing). */
    public Builder applicId(String applicId) {
      this.applicId = applicId;
      return this;
    }

    /** ReplyApplicID (Rel-6). */
    public Builder replyApplicId(String replyApplicId) {
      this.replyApplicId = replyApplicId;
      return this;
    }

    /** AuxApplicInfo (Rel-6). */
    public Builder auxApplicInfo(String auxApplicInfo) {
      this.auxApplicInfo = auxApplicInfo;
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

    /** The message content, referenced from the Content element. */
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
     * @throws IllegalStateException when a required field (recipients) is not set
     */
    public SubmitRequest build() {
      Fields.require(recipients, "SubmitRequest", "recipients");
      return new SubmitRequest(this);
    }
  }
}
