package org.openmm7.client.message;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * An answer that carries only a Status: CancelRsp, ReplaceRsp, extendedCancelRsp (from the relay)
 * and DeliveryReportRsp, ReadReplyRsp (from the VASP). The answers that carry more have their own
 * types: {@link SubmitResponse}, {@link DeliverResponse}, {@link ExtendedReplaceResponse}.
 *
 * @param operation which answer this is: one of the five status-only response elements
 * @param status    the Status
 */
public record StatusResponse(Mm7Operation operation, ResponseStatus status) implements Mm7Response {
  private static final Set<Mm7Operation> STATUS_ONLY = EnumSet.of(Mm7Operation.CANCEL_RSP, Mm7Operation.REPLACE_RSP,
      Mm7Operation.EXTENDED_CANCEL_RSP, Mm7Operation.DELIVERY_REPORT_RSP, Mm7Operation.READ_REPLY_RSP);

  /**
   * @throws IllegalArgumentException when the operation is not a status-only response
   */
  public StatusResponse {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(status, "status");
    if (!STATUS_ONLY.contains(operation)) {
      throw new IllegalArgumentException(operation.elementName() + " is not a response carrying only a Status");
    }
  }

  /** Whether the operation is a response that carries only a Status. */
  public static boolean isStatusOnly(Mm7Operation operation) {
    return STATUS_ONLY.contains(operation);
  }

  /**
   * The status-only answer to a request, e.g. a CancelRsp for {@link Mm7Operation#CANCEL_REQ}.
   *
   * @throws IllegalArgumentException when that request's answer carries more than a Status
   */
  public static StatusResponse answering(Mm7Operation request, ResponseStatus status) {
    if (!request.isRequest()) {
      throw new IllegalArgumentException(request.elementName() + " is not a request");
    }
    return new StatusResponse(request.response(), status);
  }

  /** A CancelRsp. */
  public static StatusResponse cancel(ResponseStatus status) {
    return new StatusResponse(Mm7Operation.CANCEL_RSP, status);
  }

  /** A ReplaceRsp. */
  public static StatusResponse replace(ResponseStatus status) {
    return new StatusResponse(Mm7Operation.REPLACE_RSP, status);
  }

  /** An extendedCancelRsp. */
  public static StatusResponse extendedCancel(ResponseStatus status) {
    return new StatusResponse(Mm7Operation.EXTENDED_CANCEL_RSP, status);
  }

  /** A DeliveryReportRsp. */
  public static StatusResponse deliveryReport(ResponseStatus status) {
    return new StatusResponse(Mm7Operation.DELIVERY_REPORT_RSP, status);
  }

  /** A ReadReplyRsp. */
  public static StatusResponse readReply(ResponseStatus status) {
    return new StatusResponse(Mm7Operation.READ_REPLY_RSP, status);
  }

  @Override
  public String toString() {
    return operation.elementName() + "[" + status + "]";
  }
}
