package org.openmm7.client.inbound;

import org.openmm7.client.internal.SafeText;
import org.openmm7.client.Mm7StatusException;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ReadReplyRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a VASP does with the requests a relay pushes to it. Each method returns the response
 * (usually with status 1000; a response of another operation is answered 3000) or throws an {@link Mm7StatusException} to refuse, which the endpoint
 * sends as a SOAP Fault carrying a VASPErrorRsp with that status. The methods not overridden
 * refuse with 4003 (unsupported operation) and log a warning: a push is never acknowledged
 * silently.
 *
 * <p>The endpoint calls the handler once per TransactionID within its de-duplication window and
 * answers the relay's retries with the first answer. A handler that throws anything else (a
 * RuntimeException) makes the endpoint answer 3000 (server error), and a retry calls it again.
 *
 * <p>A DeliverReq's content may live in temporary files that are deleted when the method
 * returns: read or copy it before returning. Handlers are called on server threads, concurrently;
 * answer fast, since relays time out and retry.
 */
public interface Mm7InboundHandler {
  /** A mobile-originated message (DeliverReq). */
  default DeliverResponse deliver(DeliverRequest request, InboundContext context) throws Mm7StatusException {
    throw Unhandled.refuse("DeliverReq", context);
  }

  /**
   * A delivery report for an earlier SubmitReq (DeliveryReportReq); answer with
   * {@code StatusResponse.deliveryReport(ResponseStatus.SUCCESS)}.
   */
  default StatusResponse deliveryReport(DeliveryReportRequest request, InboundContext context)
      throws Mm7StatusException {
    throw Unhandled.refuse("DeliveryReportReq", context);
  }

  /** A read-reply report (ReadReplyReq); answer with {@code StatusResponse.readReply(ResponseStatus.SUCCESS)}. */
  default StatusResponse readReply(ReadReplyRequest request, InboundContext context) throws Mm7StatusException {
    throw Unhandled.refuse("ReadReplyReq", context);
  }
}

/** The default refusal. */
final class Unhandled {
  private static final Logger LOG = LoggerFactory.getLogger(Mm7InboundHandler.class);

  private Unhandled() {}

  static Mm7StatusException refuse(String operation, InboundContext context) {
    LOG.warn("{} (TransactionID {}) refused with 4003: the handler does not implement it", operation,
        SafeText.escape(context.transactionId()));
    return new Mm7StatusException(Mm7Status.UNSUPPORTED_OPERATION, "Unsupported operation",
        operation + " is not handled by this VASP");
  }
}
