package org.openmm7.client.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The five responses that carry only a Status are one type that names its operation. */
class StatusResponseTest {
  private static final List<Mm7Operation> STATUS_ONLY = List.of(Mm7Operation.CANCEL_RSP, Mm7Operation.REPLACE_RSP,
      Mm7Operation.EXTENDED_CANCEL_RSP, Mm7Operation.DELIVERY_REPORT_RSP, Mm7Operation.READ_REPLY_RSP);

  @Test
  void theFactoriesNameTheirOperation() {
    ResponseStatus s = ResponseStatus.SUCCESS;
    assertEquals(Mm7Operation.CANCEL_RSP, StatusResponse.cancel(s).operation());
    assertEquals(Mm7Operation.REPLACE_RSP, StatusResponse.replace(s).operation());
    assertEquals(Mm7Operation.EXTENDED_CANCEL_RSP, StatusResponse.extendedCancel(s).operation());
    assertEquals(Mm7Operation.DELIVERY_REPORT_RSP, StatusResponse.deliveryReport(s).operation());
    assertEquals(Mm7Operation.READ_REPLY_RSP, StatusResponse.readReply(s).operation());
  }

  @Test
  void answeringARequestGivesItsResponseElement() {
    assertEquals(StatusResponse.cancel(ResponseStatus.SUCCESS),
        StatusResponse.answering(Mm7Operation.CANCEL_REQ, ResponseStatus.SUCCESS));
    assertEquals(Mm7Operation.READ_REPLY_RSP,
        StatusResponse.answering(Mm7Operation.READ_REPLY_REQ, ResponseStatus.of(Mm7Status.SERVER_ERROR)).operation());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StatusResponse.answering(Mm7Operation.SUBMIT_REQ, ResponseStatus.SUCCESS));
    assertEquals("SubmitRsp is not a response carrying only a Status", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> StatusResponse.answering(Mm7Operation.CANCEL_RSP, ResponseStatus.SUCCESS));
    assertEquals("CancelRsp is not a request", e.getMessage());
  }

  @Test
  void onlyTheFiveStatusOnlyOperationsAreAccepted() {
    for (Mm7Operation op : Mm7Operation.values()) {
      assertEquals(STATUS_ONLY.contains(op), StatusResponse.isStatusOnly(op), op.elementName());
      if (!STATUS_ONLY.contains(op)) {
        assertThrows(IllegalArgumentException.class, () -> new StatusResponse(op, ResponseStatus.SUCCESS), op.elementName());
      }
    }
  }

  @Test
  void equalityTakesTheOperationIntoAccount() {
    assertNotEquals(StatusResponse.cancel(ResponseStatus.SUCCESS), StatusResponse.replace(ResponseStatus.SUCCESS));
    assertEquals(StatusResponse.cancel(ResponseStatus.SUCCESS), StatusResponse.cancel(ResponseStatus.SUCCESS));
    assertEquals("CancelRsp[1000 Success]", StatusResponse.cancel(ResponseStatus.SUCCESS).toString());
  }

  @Test
  void noOtherMessageTypeCarriesOnlyAStatus() {
    for (Class<? extends Mm7Message> c : MessageFiller.messageTypes()) {
      List<String> fields = MessageFiller.fields(c).stream().map(f -> f.getName()).filter(n -> !n.equals("operation")).toList();
      if (c != StatusResponse.class) {
        assertFalse(fields.equals(List.of("status")), c.getSimpleName() + " carries only a status: use StatusResponse");
      }
    }
    assertTrue(MessageFiller.messageTypes().contains(StatusResponse.class));
  }
}
