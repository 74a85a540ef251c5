package org.openmm7.stub;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.ResponseStatus;

/**
 * One push and what became of it.
 *
 * @param id            a stable id of the push
 * @param operation     DeliverReq, DeliveryReportReq or ReadReplyReq
 * @param transactionId the TransactionID it is sent with (the same on every attempt)
 * @param target        the VASP endpoint, or null while the push is {@link State#HELD held}
 * @param messageId     the MessageID it is about (null for a DeliverReq)
 * @param attempts      when each attempt was made and how it ended
 * @param state         HELD (no push target: kept, not sent), PENDING (will be tried), DELIVERED
 *                      (answered 1000) or FAILED (gave up)
 * @param lastStatus    the VASP's last MM7 status, or null
 * @param recipient     the recipient a DeliveryReportReq or ReadReplyReq is about (its address's
 *                      value), else null
 * @param mmStatus      the MMStatus a DeliveryReportReq or ReadReplyReq reports, else null
 */
public record PushRecord(String id, Mm7Operation operation, String transactionId, URI target, String messageId,
    List<Attempt> attempts, State state, ResponseStatus lastStatus, String recipient, MessageStatus mmStatus) {

  public PushRecord {
    attempts = List.copyOf(attempts);
  }

  /** A push that is about no recipient (a DeliverReq). */
  public PushRecord(String id, Mm7Operation operation, String transactionId, URI target, String messageId,
      List<Attempt> attempts, State state, ResponseStatus lastStatus) {
    this(id, operation, transactionId, target, messageId, attempts, state, lastStatus, null, null);
  }

  /** Where a push stands. */
  public enum State {
    /**
     * Kept, not sent: there was no push target for its VASP when it was made. {@link
     * Pushes#sendHeld()} sends it once a target is set ({@link Mm7StubServer#pushTo}).
     */
    HELD,
    /** Being tried: the next attempt is due or under way. */
    PENDING,
    /** The VASP answered 1000 with the matching response and TransactionID. */
    DELIVERED,
    /** Given up after the attempts of the retry schedule. */
    FAILED
  }

  /** One try: when, and the HTTP status and MM7 status or error it ended with. */
  public record Attempt(Instant at, int httpStatus, ResponseStatus status, String error) {}
}
