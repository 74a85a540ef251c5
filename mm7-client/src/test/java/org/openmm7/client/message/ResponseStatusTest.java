package org.openmm7.client.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openmm7.client.Mm7StatusException;

/** {@code status().code()} is the number, {@code status().mm7Status()} the open value. */
class ResponseStatusTest {
  @Test
  void codeIsTheNumberAndMm7StatusTheValue() {
    ResponseStatus s = new ResponseStatus(Mm7Status.ADDRESS_ERROR, null, "unknown +1");
    assertEquals(2002, s.code());
    assertSame(Mm7Status.ADDRESS_ERROR, s.mm7Status());
    assertTrue(s.mm7Status().isClientError());
    assertEquals("Address Error", s.text());
    assertEquals("2002 Address Error (unknown +1)", s.toString());
  }

  @Test
  void aCodeNoTableListsKeepsItsNumber() {
    ResponseStatus s = ResponseStatus.of(4242, "Carrier says no");
    assertEquals(4242, s.code());
    assertFalse(s.mm7Status().isKnown());
    assertFalse(s.isSuccess());
    assertEquals(Mm7Status.of(4242), s.mm7Status());
  }

  @Test
  void partialSuccessIsASuccess() {
    assertTrue(ResponseStatus.of(Mm7Status.PARTIAL_SUCCESS).isSuccess());
    assertEquals(1100, ResponseStatus.of(Mm7Status.PARTIAL_SUCCESS).code());
  }

  @Test
  void theExceptionHasTheSameShape() {
    Mm7StatusException e = new Mm7StatusException(Mm7Status.SERVICE_UNAVAILABLE, "busy");
    assertEquals(4006, e.code());
    assertSame(Mm7Status.SERVICE_UNAVAILABLE, e.mm7Status());
    assertEquals(e.status().code(), e.code());
    assertEquals("busy", e.status().text());
  }
}
