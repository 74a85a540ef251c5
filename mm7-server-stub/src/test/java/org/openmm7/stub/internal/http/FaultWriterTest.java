package org.openmm7.stub.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.schema.Mm7Release;

/**
 * The fault of last resort (the answer when even encoding a fault fails) is encoded once per JVM
 * and role, not at every stub's build: each role still gets its own, a whole MM7 fault 3000 that
 * an independent decode reads back.
 */
class FaultWriterTest {
  private static final ResponseStatus SERVER_ERROR = new ResponseStatus(Mm7Status.SERVER_ERROR, "Server error", null);

  @Test
  void eachRoleHasItsOwnLastResortFaultEncodedOnce() throws Exception {
    FaultWriter.FixedAnswer relay = FaultWriter.lastResortFault(Mm7Codec.lenient(), ErrorResponse.fromRelay(SERVER_ERROR));
    FaultWriter.FixedAnswer vasp = FaultWriter.lastResortFault(Mm7Codec.lenient(), ErrorResponse.fromVasp(SERVER_ERROR));
    assertSame(relay, FaultWriter.lastResortFault(Mm7Codec.builder().strict(true).build(), ErrorResponse.fromRelay(SERVER_ERROR)),
        "a second stub of the role reuses the first one's bytes");
    assertSame(vasp, FaultWriter.lastResortFault(Mm7Codec.lenient(), ErrorResponse.fromVasp(SERVER_ERROR)));
    assertFault(relay, Mm7Operation.RS_ERROR_RSP);
    assertFault(vasp, Mm7Operation.VASP_ERROR_RSP);
  }

  private static void assertFault(FaultWriter.FixedAnswer answer, Mm7Operation operation) throws Exception {
    try (DecodedMessage d = Mm7Codec.builder().strict(true).build().decode(answer.contentType(), answer.body(), 0, answer.body().length)) {
      assertTrue(d.message() instanceof ErrorResponse, d.message().toString());
      ErrorResponse e = (ErrorResponse) d.message();
      assertEquals(operation, e.operation());
      assertEquals(3000, e.status().code());
      assertEquals(Mm7Release.latest().namespace(), d.namespace());
      assertEquals("", d.transactionId());
    }
  }
}
