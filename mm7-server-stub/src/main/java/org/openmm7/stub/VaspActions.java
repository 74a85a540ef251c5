package org.openmm7.stub;

import java.util.concurrent.CompletableFuture;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.Mm7Request;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.SubmitRequest;

/**
 * What the stub, playing the VASP ({@link Role#VASP}), sends to a relay on demand: SubmitReq,
 * CancelReq, ReplaceReq, to the relay endpoint of {@link Mm7StubServer.Builder#relayEndpoint}, in the
 * stub's default release, each with a new TransactionID. Not retried (a relay may already have
 * accepted a request it did not answer).
 *
 * <p>The futures complete with the relay's decoded answer: the response, or an
 * {@link org.openmm7.client.message.ErrorResponse} for a fault (an MM7 error is an answer, not a
 * failure); they fail with an {@link java.io.IOException} when no readable MM7 answer came
 * (connection refused, an empty or unreadable body, no relay endpoint configured).
 */
public interface VaspActions {

  /** Sends a SubmitReq (the VASPID from the relay credentials' user name when the request has none). */
  CompletableFuture<Mm7Response> submit(SubmitRequest request);

  /** Sends a CancelReq for this MessageID. */
  CompletableFuture<Mm7Response> cancel(String messageId);

  /** Sends a CancelReq as given. */
  CompletableFuture<Mm7Response> cancel(CancelRequest request);

  /** Sends a ReplaceReq. */
  CompletableFuture<Mm7Response> replace(ReplaceRequest request);

  /** Sends any request to the relay (for requests the other methods do not cover, e.g. extendedCancelReq). */
  CompletableFuture<Mm7Response> send(Mm7Request request);
}
