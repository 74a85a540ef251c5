package org.openmm7.stub;

import java.time.Instant;

/**
 * A message the stub relay accepted (answered 1000): what a real relay would keep and deliver.
 *
 * @param messageId     the MessageID the stub gave it
 * @param vaspId        the VASP that submitted it, or null
 * @param transactionId the TransactionID of the submitting request
 * @param release       the release name of its namespace
 * @param receivedAt    when it was accepted
 * @param state         what has happened to it since
 * @param replacements  how many times it was replaced (ReplaceReq)
 */
public record StoredMessage(String messageId, String vaspId, String transactionId, String release,
    Instant receivedAt, State state, int replacements) {

  /** The life of a stored message. */
  public enum State {
    /** Accepted and not touched since. */
    ACCEPTED,
    /** Cancelled by CancelReq or extendedCancelReq. */
    CANCELLED,
    /** Superseded by an extendedReplaceReq (the replacement has its own MessageID). */
    SUPERSEDED
  }

  /** Not API: public for the stub's internal packages only. */
  public StoredMessage withState(State s) {
    return new StoredMessage(messageId, vaspId, transactionId, release, receivedAt, s, replacements);
  }

  /** Not API: public for the stub's internal packages only. */
  public StoredMessage replaced() {
    return new StoredMessage(messageId, vaspId, transactionId, release, receivedAt, state, replacements + 1);
  }
}
