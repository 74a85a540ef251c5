package org.openmm7.stub;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.ResponseStatus;

/**
 * One push and what became of it.
 *
 * @param id            a stable id of the push
 * @param operation     DeliverReq, DeliveryReportReq or ReadReplyReq
 * @param transactionId the TransactionID it is sent with (the same on every attempt)
 * @param target        the VASP endpoint
 * @param messageId     the MessageID it is about (null for a DeliverReq)
 * @param attempts      when each attempt was made and how it ended
 * @param state         PENDING (will be retried), DELIVERED (answered 1000) or FAILED (gave up)
 * @param lastStatus    the VASP's last MM7 status, or null
 */
public record PushRecord(String id, Mm7Operation operation, String transactionId, URI target, String messageId,
    List<Attempt> attempts, State state, ResponseStatus lastStatus) {

  public PushRecord {
    attempts = List.copyOf(attempts);
  }

  /** Where a push stands. */
  public enum State { PENDING, DELIVERED, FAILED }

  /** One try: when, and the HTTP status and MM7 status or error it ended with. */
  public record Attempt(Instant at, int httpStatus, ResponseStatus status, String error) {}
}
