package org.openmm7.client.message;

/** A response, including the error responses carried in SOAP Faults. */
public sealed interface Mm7Response extends Mm7Message
    permits SubmitResponse, DeliverResponse, ExtendedReplaceResponse, StatusResponse, ErrorResponse {
  /** The Status every response carries. */
  ResponseStatus status();
}
