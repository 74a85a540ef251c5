package org.openmm7.client.message;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * ReadReplyReq: the relay reports that a recipient read (or deleted) a message the VASP submitted.
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} starts a builder from a message to change
 * some of its fields. Equal when every field is equal. Optional fields are {@code null} when
 * absent, lists are empty (never null) and unmodifiable.
 */
public final class ReadReplyRequest implements Mm7Request {
  private final String relayServerId;
  private final String messageId;
  private final Address recipient;
  private final Address sender;
  private final OffsetDateTime timeStamp;
  private final MessageStatus mmStatus;
  private final String statusText;
  private final String applicId;
  private final String replyApplicId;
  private final String auxApplicInfo;

  private ReadReplyRequest(Builder b) {
    this.relayServerId = b.relayServerId;
    this.messageId = b.messageId;
    this.recipient = b.recipient;
    this.sender = b.sender;
    this.timeStamp = b.timeStamp;
    this.mmStatus = b.mmStatus;
    this.statusText = b.statusText;
    this.applicId = b.applicId;
    this.replyApplicId = b.replyApplicId;
    this.auxApplicInfo = b.auxApplicInfo;
  }

  /** MMSRelayServerID; null when absent. */
  public String relayServerId() {
    return relayServerId;
  }

  /** MessageID of the submitted message; required, never null. */
  public String messageId() {
    return messageId;
  }

  /** Recipient who read it; required, never null. */
  public Address recipient() {
    return recipient;
  }

  /** Sender of the submitted message; required, never null. */
  public Address sender() {
    return sender;
  }

  /** TimeStamp of the read report (the codec writes the current time when absent); null when absent. */
  public OffsetDateTime timeStamp() {
    return timeStamp;
  }

  /** MMStatus: Read, Deleted or Indeterminate; required, never null. */
  public MessageStatus mmStatus() {
    return mmStatus;
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

  @Override
  public Mm7Operation operation() {
    return Mm7Operation.READ_REPLY_REQ;
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
    b.timeStamp = timeStamp;
    b.mmStatus = mmStatus;
    b.statusText = statusText;
    b.applicId = applicId;
    b.replyApplicId = replyApplicId;
    b.auxApplicInfo = auxApplicInfo;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ReadReplyRequest m)) {
      return false;
    }
    return Objects.equals(relayServerId, m.relayServerId)
        && Objects.equals(messageId, m.messageId)
        && Objects.equals(recipient, m.recipient)
        && Objects.equals(sender, m.sender)
        && Objects.equals(timeStamp, m.timeStamp)
        && Objects.equals(mmStatus, m.mmStatus)
        && Objects.equals(statusText, m.statusText)
        && Objects.equals(applicId, m.applicId)
        && Objects.equals(replyApplicId, m.replyApplicId)
        && Objects.equals(auxApplicInfo, m.auxApplicInfo);
  }

  @Override
  public int hashCode() {
    return Objects.hash(relayServerId, messageId, recipient, sender, timeStamp, mmStatus, statusText, applicId, replyApplicId, auxApplicInfo);
  }

  /** The fields that are set, by name, as a record would show them. */
  @Override
  public String toString() {
    return Fields.toString("ReadReplyRequest",
        "relayServerId", relayServerId,
        "messageId", messageId,
        "recipient", recipient,
        "sender", sender,
        "timeStamp", timeStamp,
        "mmStatus", mmStatus,
        "statusText", statusText,
        "applicId", applicId,
        "replyApplicId", replyApplicId,
        "auxApplicInfo", auxApplicInfo);
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

    /**
     * The message.
     *
     * @throws IllegalStateException when a required field (messageId, recipient, sender, mmStatus) is not set
     */
    public ReadReplyRequest build() {
      Fields.require(messageId, "ReadReplyRequest", "messageId");
      Fields.require(recipient, "ReadReplyRequest", "recipient");
      Fields.require(sender, "ReadReplyRequest", "sender");
      Fields.require(mmStatus, "ReadReplyRequest", "mmStatus");
      return new ReadReplyRequest(this);
    }
  }
}
