package org.openmm7.client.message;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.openmm7.client.content.MimePart;

/**
 * SubmitReq: a VASP submits a multimedia message to the relay for delivery.
 *
 * @param vaspId the VASPID of SenderIdentification (the client fills in its configured one when absent)
 * @param vasId the VASID of SenderIdentification
 * @param senderAddress SenderAddress: the originator shown to recipients
 * @param recipients the To, Cc and Bcc recipients (required)
 * @param serviceCode ServiceCode, for charging
 * @param linkedId LinkedID: the MessageID of a DeliverReq this answers
 * @param messageClass MessageClass
 * @param timeStamp TimeStamp of submission
 * @param replyCharging ReplyCharging: the VASP pays for a reply
 * @param earliestDeliveryTime EarliestDeliveryTime
 * @param expiryDate ExpiryDate
 * @param deliveryReport DeliveryReport: whether delivery reports are requested
 * @param readReply ReadReply: whether read replies are requested
 * @param priority Priority
 * @param subject Subject
 * @param chargedParty ChargedParty
 * @param chargedPartyId ChargedPartyID
 * @param distributionIndicator DistributionIndicator: whether recipients may forward the content
 * @param deliveryConditions DeliveryCondition/DC values (Rel-6)
 * @param applicId ApplicID (Rel-6 application addressing)
 * @param replyApplicId ReplyApplicID (Rel-6)
 * @param auxApplicInfo AuxApplicInfo (Rel-6)
 * @param contentClass ContentClass (Rel-6)
 * @param drmContent DRMContent (Rel-6)
 * @param content the message content, referenced from the Content element
 * @param allowAdaptations the allowAdaptations attribute of Content
 */
public record SubmitRequest(
    String vaspId,
    String vasId,
    Address senderAddress,
    Recipients recipients,
    String serviceCode,
    String linkedId,
    MessageClass messageClass,
    OffsetDateTime timeStamp,
    ReplyCharging replyCharging,
    RelativeOrAbsoluteTime earliestDeliveryTime,
    RelativeOrAbsoluteTime expiryDate,
    Boolean deliveryReport,
    Boolean readReply,
    Priority priority,
    String subject,
    ChargedParty chargedParty,
    String chargedPartyId,
    Boolean distributionIndicator,
    List<Integer> deliveryConditions,
    String applicId,
    String replyApplicId,
    String auxApplicInfo,
    ContentClass contentClass,
    Boolean drmContent,
    MimePart content,
    Boolean allowAdaptations) implements VaspRequest {

  public SubmitRequest {
    Objects.requireNonNull(recipients, "recipients");
    deliveryConditions = deliveryConditions == null ? List.of() : List.copyOf(deliveryConditions);
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.SUBMIT_REQ;
  }

  @Override
  public SubmitRequest withSenderIdentification(String vaspId, String vasId, Address senderAddress) {
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

    public SubmitRequest build() {
      return new SubmitRequest(vaspId, vasId, senderAddress, recipients, serviceCode, linkedId, messageClass, timeStamp, replyCharging, earliestDeliveryTime, expiryDate, deliveryReport, readReply, priority, subject, chargedParty, chargedPartyId, distributionIndicator, deliveryConditions, applicId, replyApplicId, auxApplicInfo, contentClass, drmContent, content, allowAdaptations);
    }
  }
}
