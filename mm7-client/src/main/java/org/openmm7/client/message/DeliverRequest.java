package org.openmm7.client.message;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.openmm7.client.content.MimePart;

/**
 * DeliverReq: the relay delivers a mobile-originated message to the VASP.
 *
 * @param relayServerId MMSRelayServerID
 * @param vaspId VASPID of the VASP the message is for
 * @param vasId VASID of the service the message is for
 * @param linkedId LinkedID: quote it in a SubmitReq that answers this message
 * @param sender Sender (required)
 * @param recipients Recipients
 * @param previouslySentBy Previouslysentby: addresses that forwarded the message before
 * @param previouslySentDates Previouslysentdateandtime, one per forwarding
 * @param senderSpi SenderSPI (Rel-6)
 * @param recipientSpi RecipientSPI (Rel-6)
 * @param timeStamp TimeStamp (the codec writes the current time when absent: the schema requires it)
 * @param replyChargingId ReplyChargingID
 * @param priority Priority
 * @param subject Subject
 * @param applicId ApplicID (Rel-6)
 * @param replyApplicId ReplyApplicID (Rel-6)
 * @param auxApplicInfo AuxApplicInfo (Rel-6)
 * @param uaCapabilities UACapabilities of the sender's terminal (Rel-6)
 * @param content the message content
 * @param allowAdaptations the allowAdaptations attribute of Content
 */
public record DeliverRequest(
    String relayServerId,
    String vaspId,
    String vasId,
    String linkedId,
    Address sender,
    Recipients recipients,
    List<Address> previouslySentBy,
    List<OffsetDateTime> previouslySentDates,
    String senderSpi,
    String recipientSpi,
    OffsetDateTime timeStamp,
    String replyChargingId,
    Priority priority,
    String subject,
    String applicId,
    String replyApplicId,
    String auxApplicInfo,
    UaCapabilities uaCapabilities,
    MimePart content,
    Boolean allowAdaptations) implements Mm7Request {

  public DeliverRequest {
    Objects.requireNonNull(sender, "sender");
    previouslySentBy = previouslySentBy == null ? List.of() : List.copyOf(previouslySentBy);
    previouslySentDates = previouslySentDates == null ? List.of() : List.copyOf(previouslySentDates);
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.DELIVER_REQ;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this message, to change some of its fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.relayServerId = relayServerId;
    b.vaspId = vaspId;
    b.vasId = vasId;
    b.linkedId = linkedId;
    b.sender = sender;
    b.recipients = recipients;
    b.previouslySentBy.addAll(previouslySentBy);
    b.previouslySentDates.addAll(previouslySentDates);
    b.senderSpi = senderSpi;
    b.recipientSpi = recipientSpi;
    b.timeStamp = timeStamp;
    b.replyChargingId = replyChargingId;
    b.priority = priority;
    b.subject = subject;
    b.applicId = applicId;
    b.replyApplicId = replyApplicId;
    b.auxApplicInfo = auxApplicInfo;
    b.uaCapabilities = uaCapabilities;
    b.content = content;
    b.allowAdaptations = allowAdaptations;
    return b;
  }

  /** Builds a {@link DeliverRequest}; every field is optional unless documented as required. */
  public static final class Builder {
    private String relayServerId;
    private String vaspId;
    private String vasId;
    private String linkedId;
    private Address sender;
    private Recipients recipients;
    private final List<Address> previouslySentBy = new ArrayList<>();
    private final List<OffsetDateTime> previouslySentDates = new ArrayList<>();
    private String senderSpi;
    private String recipientSpi;
    private OffsetDateTime timeStamp;
    private String replyChargingId;
    private Priority priority;
    private String subject;
    private String applicId;
    private String replyApplicId;
    private String auxApplicInfo;
    private UaCapabilities uaCapabilities;
    private MimePart content;
    private Boolean allowAdaptations;

    private Builder() {}

    /** MMSRelayServerID. */
    public Builder relayServerId(String relayServerId) {
      this.relayServerId = relayServerId;
      return this;
    }

    /** VASPID of the VASP the message is for. */
    public Builder vaspId(String vaspId) {
      this.vaspId = vaspId;
      return this;
    }

    /** VASID of the service the message is for. */
    public Builder vasId(String vasId) {
      this.vasId = vasId;
      return this;
    }

    /** LinkedID: quote it in a SubmitReq that answers this message. */
    public Builder linkedId(String linkedId) {
      this.linkedId = linkedId;
      return this;
    }

    /** Sender. */
    public Builder sender(Address sender) {
      this.sender = sender;
      return this;
    }

    /** Recipients. */
    public Builder recipients(Recipients recipients) {
      this.recipients = recipients;
      return this;
    }

    /** Previouslysentby: addresses that forwarded the message before. */
    public Builder previouslySentBy(List<Address> previouslySentBy) {
      this.previouslySentBy.clear();
      this.previouslySentBy.addAll(previouslySentBy);
      return this;
    }

    /** Adds to previouslySentBy. */
    public Builder addPreviouslySentBy(Address value) {
      this.previouslySentBy.add(value);
      return this;
    }

    /** Previouslysentdateandtime, one per forwarding. */
    public Builder previouslySentDates(List<OffsetDateTime> previouslySentDates) {
      this.previouslySentDates.clear();
      this.previouslySentDates.addAll(previouslySentDates);
      return this;
    }

    /** Adds to previouslySentDates. */
    public Builder addPreviouslySentDate(OffsetDateTime value) {
      this.previouslySentDates.add(value);
      return this;
    }

    /** SenderSPI (Rel-6). */
    public Builder senderSpi(String senderSpi) {
      this.senderSpi = senderSpi;
      return this;
    }

    /** RecipientSPI (Rel-6). */
    public Builder recipientSpi(String recipientSpi) {
      this.recipientSpi = recipientSpi;
      return this;
    }

    /** TimeStamp (the codec writes the current time when absent: the schema requires it). */
    public Builder timeStamp(OffsetDateTime timeStamp) {
      this.timeStamp = timeStamp;
      return this;
    }

    /** ReplyChargingID. */
    public Builder replyChargingId(String replyChargingId) {
      this.replyChargingId = replyChargingId;
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

    /** ApplicID (Rel-6). */
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

    /** UACapabilities of the sender's terminal (Rel-6). */
    public Builder uaCapabilities(UaCapabilities uaCapabilities) {
      this.uaCapabilities = uaCapabilities;
      return this;
    }

    /** The message content. */
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

    public DeliverRequest build() {
      return new DeliverRequest(relayServerId, vaspId, vasId, linkedId, sender, recipients, previouslySentBy, previouslySentDates, senderSpi, recipientSpi, timeStamp, replyChargingId, priority, subject, applicId, replyApplicId, auxApplicInfo, uaCapabilities, content, allowAdaptations);
    }
  }
}
