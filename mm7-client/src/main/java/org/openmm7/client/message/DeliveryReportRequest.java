package org.openmm7.client.message;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * DeliveryReportReq: the relay reports the delivery state of a message the VASP submitted.
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} starts a builder from a message to change
 * some of its fields. Equal when every field is equal. Optional fields are {@code null} when
 * absent, lists are empty (never null) and unmodifiable.
 */
public final class DeliveryReportRequest implements Mm7Request {
  private final String relayServerId;
  private final String messageId;
  private final Address recipient;
  private final Address sender;
  private final OffsetDateTime date;
  private final MessageStatus mmStatus;
  private final String mmStatusExtension;
  private final String statusText;
  private final String applicId;
  private final String replyApplicId;
  private final String auxApplicInfo;
  private final UaCapabilities uaCapabilities;

  private DeliveryReportRequest(Builder b) {
    this.relayServerId = b.relayServerId;
    this.messageId = b.messageId;
    this.recipient = b.recipient;
    this.sender = b.sender;
    this.date = b.date;
    this.mmStatus = b.mmStatus;
    this.mmStatusExtension = b.mmStatusExtension;
    this.statusText = b.statusText;
    this.applicId = b.applicId;
    this.replyApplicId = b.replyApplicId;
    this.auxApplicInfo = b.auxApplicInfo;
    this.uaCapabilities = b.uaCapabilities;
  }

  /** MMSRelayServerID; null when absent. */
  public String relayServerId() {
    return relayServerId;
  }

  /** MessageID of the submitted message; required, never null. */
  public String messageId() {
    return messageId;
  }

  /** Recipient the report is about; required, never null. */
  public Address recipient() {
    return recipient;
  }

  /** Sender of the submitted message; required, never null. */
  public Address sender() {
    return sender;
  }

  /**
   * Date of the event (the codec writes the current time when absent: the schema requires it); null when absent.
   */
  public OffsetDateTime date() {
    return date;
  }

  /** MMStatus; required, never null. */
  public MessageStatus mmStatus() {
    return mmStatus;
  }

  /** MMStatusExtension (Rel-6); null when absent. */
  public String mmStatusExtension() {
    return mmStatusExtension;
  }

  /** StatusText; null when absent. */
  public String statusText() {
    return statusText;
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

  /** UACapabilities (Rel-6); null when absent. */
  public UaCapabilities uaCapabilities() {
    return uaCapabilities;
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.DELIVERY_REPORT_REQ;
  }

  /** A builder with no field set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this message, to change some of its fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.relayServerId = relayServerId;
    b.messageId = messageId;
    b.recipient = recipient;
    b.sender = sender;
    b.date = date;
    b.mmStatus = mmStatus;
    b.mmStatusExtension = mmStatusExtension;
    b.statusText = statusText;
    b.applicId = applicId;
    b.replyApplicId = replyApplicId;
    b.auxApplicInfo = auxApplicInfo;
    b.uaCapabilities = uaCapabilities;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DeliveryReportRequest m)) {
      return false;
    }
    return Objects.equals(relayServerId, m.relayServerId)
        && Objects.equals(messageId, m.messageId)
        && Objects.equals(recipient, m.recipient)
        && Objects.equals(sender, m.sender)
        && Objects.equals(date, m.date)
        && Objects.equals(mmStatus, m.mmStatus)
        && Objects.equals(mmStatusExtension, m.mmStatusExtension)
        && Objects.equals(statusText, m.statusText)
        && Objects.equals(applicId, m.applicId)
        && Objects.equals(replyApplicId, m.replyApplicId)
        && Objects.equals(auxApplicInfo, m.auxApplicInfo)
        && Objects.equals(uaCapabilities, m.uaCapabilities);
  }

  @Override
  public int hashCode() {
    return Objects.hash(relayServerId, messageId, recipient, sender, date, mmStatus, mmStatusExtension, statusText, applicId, replyApplicId, auxApplicInfo, uaCapabilities);
  }

  /** The fields that are set, by name, as a record would show them. */
  @Override
  public String toString() {
    return Fields.toString("DeliveryReportRequest",
        "relayServerId", relayServerId,
        "messageId", messageId,
        "recipient", recipient,
        "sender", sender,
        "date", date,
        "mmStatus", mmStatus,
        "mmStatusExtension", mmStatusExtension,
        "statusText", statusText,
        "applicId", applicId,
        "replyApplicId", replyApplicId,
        "auxApplicInfo", auxApplicInfo,
        "uaCapabilities", uaCapabilities);
  }

  /** Builds a {@link DeliveryReportRequest}; every field is optional unless documented as required. */
  public static final class Builder {
    private String relayServerId;
    private String messageId;
    private Address recipient;
    private Address sender;
    private OffsetDateTime date;
    private MessageStatus mmStatus;
    private String mmStatusExtension;
    private String statusText;
    private String applicId;
    private String replyApplicId;
    private String auxApplicInfo;
    private UaCapabilities uaCapabilities;

    private Builder() {}

    /** MMSRelayServerID. */
    public Builder relayServerId(String relayServerId) {
      this.relayServerId = relayServerId;
      return this;
    }

    /** MessageID of the submitted message. */
    public Builder messageId(String messageId) {
      this.messageId = messageId;
      return this;
    }

    /** Recipient the report is about. */
    public Builder recipient(Address recipient) {
      this.recipient = recipient;
      return this;
    }

    /** Sender of the submitted message. */
    public Builder sender(Address sender) {
      this.sender = sender;
      return this;
    }

    /** Date of the event (the codec writes the current time when absent: the schema requires it). */
    public Builder date(OffsetDateTime date) {
      this.date = date;
      return this;
    }

    /** MMStatus. */
    public Builder mmStatus(MessageStatus mmStatus) {
      this.mmStatus = mmStatus;
      return this;
    }

    /** MMStatusExtension (Rel-6). */
    public Builder mmStatusExtension(String mmStatusExtension) {
      this.mmStatusExtension = mmStatusExtension;
      return this;
    }

    /** StatusText. */
    public Builder statusText(String statusText) {
      this.statusText = statusText;
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

    /** UACapabilities (Rel-6). */
    public Builder uaCapabilities(UaCapabilities uaCapabilities) {
      this.uaCapabilities = uaCapabilities;
      return this;
    }

    /**
     * The message.
     *
     * @throws IllegalStateException when a required field (messageId, recipient, sender, mmStatus) is not set
     */
    public DeliveryReportRequest build() {
      Fields.require(messageId, "DeliveryReportRequest", "messageId");
      Fields.require(recipient, "DeliveryReportRequest", "recipient");
      Fields.require(sender, "DeliveryReportRequest", "sender");
      Fields.require(mmStatus, "DeliveryReportRequest", "mmStatus");
      return new DeliveryReportRequest(this);
    }
  }
}
