package org.openmm7.client.message;

import java.util.Optional;

/** The MM7 operation elements, by their name in the schema. */
public enum Mm7Operation {
  SUBMIT_REQ("SubmitReq", Direction.TO_RELAY),
  SUBMIT_RSP("SubmitRsp", Direction.TO_VASP),
  CANCEL_REQ("CancelReq", Direction.TO_RELAY),
  CANCEL_RSP("CancelRsp", Direction.TO_VASP),
  REPLACE_REQ("ReplaceReq", Direction.TO_RELAY),
  REPLACE_RSP("ReplaceRsp", Direction.TO_VASP),
  EXTENDED_CANCEL_REQ("extendedCancelReq", Direction.TO_RELAY),
  EXTENDED_CANCEL_RSP("extendedCancelRsp", Direction.TO_VASP),
  EXTENDED_REPLACE_REQ("extendedReplaceReq", Direction.TO_RELAY),
  EXTENDED_REPLACE_RSP("extendedReplaceRsp", Direction.TO_VASP),
  DELIVER_REQ("DeliverReq", Direction.TO_VASP),
  DELIVER_RSP("DeliverRsp", Direction.TO_RELAY),
  DELIVERY_REPORT_REQ("DeliveryReportReq", Direction.TO_VASP),
  DELIVERY_REPORT_RSP("DeliveryReportRsp", Direction.TO_RELAY),
  READ_REPLY_REQ("ReadReplyReq", Direction.TO_VASP),
  READ_REPLY_RSP("ReadReplyRsp", Direction.TO_RELAY),
  RS_ERROR_RSP("RSErrorRsp", Direction.TO_VASP),
  VASP_ERROR_RSP("VASPErrorRsp", Direction.TO_RELAY),
  /** A SOAP Fault with no MM7 error element in its detail. */
  FAULT("Fault", null);

  /** Which way a message travels. */
  public enum Direction { TO_RELAY, TO_VASP }

  private final String elementName;
  private final Direction direction;

  Mm7Operation(String elementName, Direction direction) {
    this.elementName = elementName;
    this.direction = direction;
  }

  /** The element name in the SOAP Body, e.g. {@code SubmitReq}. */
  public String elementName() {
    return elementName;
  }

  /** Which way the message travels, or {@code null} for a bare fault. */
  public Direction direction() {
    return direction;
  }

  public boolean isRequest() {
    return elementName.endsWith("Req");
  }

  /** The response element that answers this request. */
  public Mm7Operation response() {
    return switch (this) {
      case SUBMIT_REQ -> SUBMIT_RSP;
      case CANCEL_REQ -> CANCEL_RSP;
      case REPLACE_REQ -> REPLACE_RSP;
      case EXTENDED_CANCEL_REQ -> EXTENDED_CANCEL_RSP;
      case EXTENDED_REPLACE_REQ -> EXTENDED_REPLACE_RSP;
      case DELIVER_REQ -> DELIVER_RSP;
      case DELIVERY_REPORT_REQ -> DELIVERY_REPORT_RSP;
      case READ_REPLY_REQ -> READ_REPLY_RSP;
      default -> throw new IllegalStateException(elementName + " is not a request");
    };
  }

  /** The operations, not a copy per lookup ({@code values()} copies its array at each call). */
  private static final Mm7Operation[] VALUES = values();

  /** The operation for an element name, matched exactly, or empty. */
  public static Optional<Mm7Operation> fromElementName(String name) {
    for (Mm7Operation op : VALUES) {
      if (op.elementName.equals(name)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
