package org.openmm7.client.internal.transport;

import java.io.IOException;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.Mm7ProtocolException;
import org.openmm7.client.Mm7StatusException;
import org.openmm7.client.Mm7TransportException;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.StatusResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a peer's reply to a request: the typed response when its MM7 status is a success and it
 * answers the request (same operation's response, same TransactionID), else the exception the
 * reply stands for: {@link Mm7StatusException} for a fault or a non-success status, {@link
 * Mm7ProtocolException} for a 2xx that is no matching MM7 response, {@link Mm7TransportException}
 * for an HTTP error without a readable SOAP body.
 */
public final class ReplyReader {
  // Mm7Client's logger, by name: Mm7Client holds this reader, and the reader need not know Mm7Client
  private static final Logger LOG = LoggerFactory.getLogger("org.openmm7.client.Mm7Client");
  private final Mm7Codec codec;
  private final boolean acceptEmptyReplies;

  /** @param acceptEmptyReplies whether an empty 2xx stands for success where the response has only a status */
  public ReplyReader(Mm7Codec codec, boolean acceptEmptyReplies) {
    this.codec = codec;
    this.acceptEmptyReplies = acceptEmptyReplies;
  }

  /** Turns a reply into the response, or the exception it stands for. */
  public Mm7Response interpret(Mm7Operation requestOp, String txId, HttpReply reply) throws Mm7Exception {
    Mm7Operation expectedOp = requestOp.response();
    int status = reply.status();
    String http = "HTTP " + status + (reply.reason().isEmpty() ? "" : " " + reply.reason());
    if (reply.isBlank()) {
      if (reply.isSuccessful() && acceptEmptyReplies) {
        Mm7Response assumed = assumedSuccess(expectedOp);
        if (assumed != null) {
          LOG.debug("an empty {} taken as {} with 1000", http, expectedOp.elementName());
          return assumed;
        }
      }
      if (reply.isSuccessful()) {
        throw new Mm7ProtocolException("an empty reply (" + http + ") where " + expectedOp.elementName()
            + " was expected", "", null);
      }
      throw new Mm7TransportException(Mm7TransportException.Kind.HTTP_STATUS, http + " without a body",
          status, "", null);
    }
    if (reply.looksLikeHtml()) {
      if (reply.isSuccessful()) {
        throw new Mm7ProtocolException("an HTML page (" + http + ") where " + expectedOp.elementName()
            + " was expected", reply.excerpt(), null);
      }
      throw new Mm7TransportException(Mm7TransportException.Kind.HTTP_STATUS, http + " with an HTML page, not SOAP",
          status, reply.excerpt(), null);
    }
    Mm7Envelope envelope;
    // the body is in memory already: decoded in place (the array entry), not through a stream's buffers
    try (DecodedMessage decoded = codec.decode(reply.contentType(), reply.body())) {
      envelope = decoded.envelope();
    } catch (Mm7ProtocolException e) {
      if (reply.isSuccessful()) {
        throw new Mm7ProtocolException("the reply (" + http + ") is not a readable MM7 message: " + e.getMessage(),
            reply.excerpt(), e);
      }
      throw new Mm7TransportException(Mm7TransportException.Kind.HTTP_STATUS, http + " without a readable SOAP body: "
          + e.getMessage(), status, reply.excerpt(), e);
    } catch (IOException e) {
      throw new Mm7ProtocolException("the reply (" + http + ") cannot be read: " + e.getMessage(), reply.excerpt(), e);
    }
    Mm7Message message = envelope.message();
    String replyTx = envelope.transactionId() == null ? "" : envelope.transactionId().strip();
    if (message instanceof ErrorResponse error) {
      if (!replyTx.isEmpty() && !replyTx.equals(txId)) {
        throw new Mm7ProtocolException("a fault (" + error.status() + ") for TransactionID '" + replyTx
            + "' answered TransactionID '" + txId + "'", reply.excerpt(), null);
      }
      throw new Mm7StatusException(error.status(), txId, error, status);
    }
    if (message.operation() != expectedOp || !(message instanceof Mm7Response response)) {
      throw new Mm7ProtocolException(message.operation().elementName() + " (" + http + ") answered "
          + requestOp.elementName() + "; expected " + expectedOp.elementName(), reply.excerpt(), null);
    }
    if (!replyTx.equals(txId)) {
      throw new Mm7ProtocolException(replyTx.isEmpty()
          ? expectedOp.elementName() + " came back without a TransactionID; sent '" + txId + "'"
          : "TransactionID mismatch: sent '" + txId + "', the reply carries '" + replyTx + "'",
          reply.excerpt(), null);
    }
    if (!response.status().isSuccess()) {
      throw new Mm7StatusException(response.status(), txId, response, status);
    }
    if (!reply.isSuccessful()) {
      LOG.warn("{} with a success status came with {}; taking the MM7 status", expectedOp.elementName(), http);
    }
    return response;
  }

  /** The response an empty 2xx stands for, for operations whose response carries only a status. */
  private static Mm7Response assumedSuccess(Mm7Operation op) {
    switch (op) {
      case CANCEL_RSP:
      case REPLACE_RSP:
      case EXTENDED_CANCEL_RSP:
      case DELIVERY_REPORT_RSP:
      case READ_REPLY_RSP:
        return new StatusResponse(op, ResponseStatus.SUCCESS);
      case DELIVER_RSP:
        return new DeliverResponse(ResponseStatus.SUCCESS, null);
      default:
        return null; // SubmitRsp and extendedReplaceRsp carry a MessageID that cannot be made up
    }
  }
}
