package org.openmm7.client.message;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * DeliveryReportReq: the relay reports the delivery state of a message the VASP submitted.
 *
 * @param relayServerId MMSRelayServerID
 * @param messageId MessageID of the submitted message (required)
 * @param recipient Recipient the report is about (required)
 * @param sender Sender of the submitted message (required)
 * @param date Date of the event (the codec writes the current time when absent: the schema requires it)
 * @param mmStatus MMStatus (required)
 * @param mmStatusExtension MMStatusExtension (Rel-6)
 * @param statusText StatusText
 * @param applicId ApplicID (Rel-6)
 * @param replyApplicId ReplyApplicID (Rel-6)
 * @param auxApplicInfo AuxApplicInfo (Rel-6)
 * @param uaCapabilities UACapabilities (Rel-6)
 */
public record DeliveryReportRequest(
    String relayServerId,
    String messageId,
    Address recipient,
    Address sender,
    OffsetDateTime date,
    MessageStatus mmStatus,
    String mmStatusExtension,
    String statusText,
    String applicId,
    String replyApplicId,
    String auxApplicInfo,
    UaCapabilities uaCapabilities) implements Mm7Request {

  public DeliveryReportRequest {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(mmStatus, "mmStatus");
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.DELIVERY_REPORT_REQ;
  }

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

    public DeliveryReportRequest build() {
      return new DeliveryReportRequest(relayServerId, messageId, recipient, sender, date, mmStatus, mmStatusExtension, statusText, applicId, replyApplicId, auxApplicInfo, uaCapabilities);
    }
  }
}
