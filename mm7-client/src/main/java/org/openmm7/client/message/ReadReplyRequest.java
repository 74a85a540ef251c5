package org.openmm7.client.message;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * ReadReplyReq: the relay reports that a recipient read (or deleted) a message the VASP submitted.
 *
 * @param relayServerId MMSRelayServerID
 * @param messageId MessageID of the submitted message (required)
 * @param recipient Recipient who read it (required)
 * @param sender Sender of the submitted message (required)
 * @param timeStamp TimeStamp of the read report (the codec writes the current time when absent)
 * @param mmStatus MMStatus: Read, Deleted or Indeterminate (required)
 * @param statusText StatusText
 * @param applicId ApplicID (Rel-6)
 * @param replyApplicId ReplyApplicID (Rel-6)
 * @param auxApplicInfo AuxApplicInfo (Rel-6)
 */
public record ReadReplyRequest(
    String relayServerId,
    String messageId,
    Address recipient,
    Address sender,
    OffsetDateTime timeStamp,
    MessageStatus mmStatus,
    String statusText,
    String applicId,
    String replyApplicId,
    String auxApplicInfo) implements Mm7Request {

  public ReadReplyRequest {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(mmStatus, "mmStatus");
  }

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.READ_REPLY_REQ;
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
    b.timeStamp = timeStamp;
    b.mmStatus = mmStatus;
    b.statusText = statusText;
    b.applicId = applicId;
    b.replyApplicId = replyApplicId;
    b.auxApplicInfo = auxApplicInfo;
    return b;
  }

  /** Builds a {@link ReadReplyRequest}; every field is optional unless documented as required. */
  public static final class Builder {
    private String relayServerId;
    private String messageId;
    private Address recipient;
    private Address sender;
    private OffsetDateTime timeStamp;
    private MessageStatus mmStatus;
    private String statusText;
    private String applicId;
    private String replyApplicId;
    private String auxApplicInfo;

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

    /** Recipient who read it. */
    public Builder recipient(Address recipient) {
      this.recipient = recipient;
      return this;
    }

    /** Sender of the submitted message. */
    public Builder sender(Address sender) {
      this.sender = sender;
      return this;
    }

    /** TimeStamp of the read report (the codec writes the current time when absent). */
    public Builder timeStamp(OffsetDateTime timeStamp) {
      this.timeStamp = timeStamp;
      return this;
    }

    /** MMStatus: Read, Deleted or Indeterminate. */
    public Builder mmStatus(MessageStatus mmStatus) {
      this.mmStatus = mmStatus;
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

    public ReadReplyRequest build() {
      return new ReadReplyRequest(relayServerId, messageId, recipient, sender, timeStamp, mmStatus, statusText, applicId, replyApplicId, auxApplicInfo);
    }
  }
}
