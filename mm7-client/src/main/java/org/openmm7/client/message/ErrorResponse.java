package org.openmm7.client.message;

import java.util.Objects;

/**
 * An error answer: RSErrorRsp (from the relay) or VASPErrorRsp (from the VASP), normally carried
 * in the detail of a SOAP Fault, or a bare Fault whose status was read from its faultstring.
 *
 * @param operation   {@link Mm7Operation#RS_ERROR_RSP}, {@link Mm7Operation#VASP_ERROR_RSP} or
 *                    {@link Mm7Operation#FAULT}
 * @param status      the Status
 * @param faultCode   the SOAP faultcode as sent (e.g. {@code env:Client}), or {@code null} when not in a Fault
 * @param faultString the SOAP faultstring, or {@code null}
 */
public record ErrorResponse(Mm7Operation operation, ResponseStatus status, String faultCode, String faultString)
    implements Mm7Response {
  public ErrorResponse {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(status, "status");
    if (operation != Mm7Operation.RS_ERROR_RSP && operation != Mm7Operation.VASP_ERROR_RSP
        && operation != Mm7Operation.FAULT) {
      throw new IllegalArgumentException(operation + " is not an error response");
    }
  }

  /** An RSErrorRsp in a Fault: the relay refusing a request. */
  public static ErrorResponse fromRelay(ResponseStatus status) {
    return new ErrorResponse(Mm7Operation.RS_ERROR_RSP, status, null, null);
  }

  /** A VASPErrorRsp in a Fault: the VASP refusing a pushed request. */
  public static ErrorResponse fromVasp(ResponseStatus status) {
    return new ErrorResponse(Mm7Operation.VASP_ERROR_RSP, status, null, null);
  }
}
