package org.openmm7.client.message;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.openmm7.client.content.MimePart;

/**
 * DeliverReq: the relay delivers a mobile-originated message to the VASP.
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} starts a builder from a message to change
 * some of its fields. Equal when every field is equal. Optional fields are {@code null} when
 * absent, lists are empty (never null) and unmodifiable.
 */
public final class DeliverRequest implements Mm7Request {
  private final String relayServerId;
  private final String vaspId;
  private final String vasId;
  private final String linkedId;
  private final Address sender;
  private final Recipients recipients;
  private final List<Address> previouslySentBy;
  private final List<OffsetDateTime> previouslySentDates;
  private final String senderSpi;
  private final String recipientSpi;
  private final OffsetDateTime timeStamp;
  private final String replyChargingId;
  private final Priority priority;
  private final String subject;
  private final String applicId;
  private final String replyApplicId;
  private final String auxApplicInfo;
  private final UaCapabilities uaCapabilities;
  private final MimePart content;
  private final Boolean allowAdaptations;

  private DeliverRequest(Builder b) {
    this.relayServerId = b.relayServerId;
    this.vaspId = b.vaspId;
    this.vasId = b.vasId;
    this.linkedId = b.linkedId;
    this.sender = b.sender;
    this.recipients = b.recipients;
    this.previouslySentBy = Fields.copy(b.previouslySentBy, "DeliverRequest", "previouslySentBy");
    this.previouslySentDates = Fields.copy(b.previouslySentDates, "DeliverRequest", "previouslySentDates");
    this.senderSpi = b.senderSpi;
    this.recipientSpi = b.recipientSpi;
    this.timeStamp = b.timeStamp;
    this.replyChargingId = b.replyChargingId;
    this.priority = b.priority;
    this.subject = b.subject;
    this.applicId = b.applicId;
    this.replyApplicId = b.replyApplicId;
    this.auxApplicInfo = b.auxApplicInfo;
    this.uaCapabilities = b.uaCapabilities;
    this.content = b.content;
    this.allowAdaptations = b.allowAdaptations;
  }

  /** MMSRelayServerID; null when absent. */
  public String relayServerId() {
    return relayServerId;
  }

  /** VASPID of the VASP the message is for; null when absent. */
  public String vaspId() {
    return vaspId;
  }

  /** VASID of the service the message is for; null when absent. */
  public String vasId() {
    return vasId;
  }

  /** LinkedID: quote it in a SubmitReq that answers this message; null when absent. */
  public String linkedId() {
    return linkedId;
  }

  /** Sender; required, never null. */
  public Address sender() {
    return sender;
  }

  /** Recipients; null when absent. */
  public Recipients recipients() {
    return recipients;
  }

  /** Previouslysentby: addresses that forwarded the message before; empty when absent. */
  public List<Address> previouslySentBy() {
    return previouslySentBy;
  }

  /** Previouslysentdateandtime, one per forwarding; empty when absent. */
  public List<OffsetDateTime> previouslySentDates() {
    return previouslySentDates;
  }

  /** SenderSPI (Rel-6); null when absent. */
  public String senderSpi() {
    return senderSpi;
  }

  /** RecipientSPI (Rel-6); null when absent. */
  public String recipientSpi() {
    return recipientSpi;
  }

  /** TimeStamp (the codec writes the current time when absent: the schema requires it); null when absent. */
  public OffsetDateTime timeStamp() {
    return timeStamp;
  }

  /** ReplyChargingID; null when absent. */
  public String replyChargingId() {
    return replyChargingId;
  }

  /** Priority; null when absent. */
  public Priority priority() {
    return priority;
  }

  /** Subject; null when absent. */
  public String subject() {
    return subject;
  }

  /** ApplicID (Rel-6); null when absent. */
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

  /** UACapabilities of the sender's terminal (Rel-6); null when absent. */
  public UaCapabilities uaCapabilities() {
    return uaCapabilities;
  }

  /** The message content; null when absent. */
  public MimePart content() {
    return content;
  }

  /** The allowAdaptations attribute of Content; null when absent. */
  public Boolean allowAdaptations() {
    return allowAdaptations;
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.DELIVER_REQ;
  }

  /** A builder with no field set. */
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

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DeliverRequest m)) {
      return false;
    }
    return Objects.equals(relayServerId, m.relayServerId)
        && Objects.equals(vaspId, m.vaspId)
        && Objects.equals(vasId, m.vasId)
        && Objects.equals(linkedId, m.linkedId)
        && Objects.equals(sender, m.sender)
        && Objects.equals(recipients, m.recipients)
        && Objects.equals(previouslySentBy, m.previouslySentBy)
        && Objects.equals(previouslySentDates, m.previouslySentDates)
        && Objects.equals(senderSpi, m.senderSpi)
        && Objects.equals(recipientSpi, m.recipientSpi)
        && Objects.equals(timeStamp, m.timeStamp)
        && Objects.equals(replyChargingId, m.replyChargingId)
        && Objects.equals(priority, m.priority)
        && Objects.equals(subject, m.subject)
        && Objects.equals(applicId, m.applicId)
        && Objects.equals(replyApplicId, m.replyApplicId)
        && Objects.equals(auxApplicInfo, m.auxApplicInfo)
        && Objects.equals(uaCapabilities, m.uaCapabilities)
        && Objects.equals(content, m.content)
        && Objects.equals(allowAdaptations, m.allowAdaptations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(relayServerId, vaspId, vasId, linkedId, sender, recipients, previouslySentBy, previouslySentDates, senderSpi, recipientSpi, timeStamp, replyChargingId, priority, subject, applicId, replyApplicId, auxApplicInfo, uaCapabilities, content, allowAdaptations);
  }

  /** The fields that are set, by name, as a record would show them. */
  @Override
  public String toString() {
    return Fields.toString("DeliverRequest",
        "relayServerId", relayServerId,
        "vaspId", vaspId,
        "vasId", vasId,
        "linkedId", linkedId,
        "sender", sender,
        "recipients", recipients,
        "previouslySentBy", previouslySentBy,
        "previouslySentDates", previouslySentDates,
        "senderSpi", senderSpi,
        "recipientSpi", recipientSpi,
        "timeStamp", timeStamp,
        "replyChargingId", replyChargingId,
        "priority", priority,
        "subject", subject,
        "applicId", applicId,
        "replyApplicId", replyApplicId,
        "auxApplicInfo", auxApplicInfo,
        "uaCapabilities", uaCapabilities,
        "content", content,
        "allowAdaptations", allowAdaptations);
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

    /**
     * The message.
     *
     * @throws IllegalStateException when a required field (sender) is not set
     */
    public DeliverRequest build() {
      Fields.require(sender, "DeliverRequest", "sender");
      return new DeliverRequest(this);
    }
  }
}
