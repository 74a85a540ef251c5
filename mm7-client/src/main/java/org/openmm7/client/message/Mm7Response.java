package org.openmm7.client.message;

/** A response, including the error responses carried in SOAP Faults. */
public sealed interface Mm7Response extends Mm7Message
    permits SubmitResponse, CancelResponse, ReplaceResponse, ExtendedCancelResponse, ExtendedReplaceResponse,
        DeliverResponse, DeliveryReportResponse, ReadReplyResponse, ErrorResponse {
  /** The Status every response carries. */
  ResponseStatus status();
}
