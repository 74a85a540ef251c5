package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;

/** Scripted replies from a JSON file, as {@code mm7 stub --script FILE} reads it. */
class ScriptTest {
  @TempDir
  Path dir;

  static Http.Answer submitTo(Mm7StubServer stub, String recipient) throws Exception {
    SubmitRequest s = SubmitRequest.builder().vaspId("acme").recipients(Recipients.to(Address.number(recipient)))
        .build();
    return Http.post(stub.endpoint(), Mm7Envelope.of("tx-" + recipient, Mm7Release.latest(), s), null);
  }

  @Test
  void theReadmeExample() throws Exception {
    Path file = dir.resolve("script.json");
    Files.writeString(file, """
        [
          {"match": {"operation": "SubmitReq", "recipient": "+4470000000*"},
           "reply": {"status": 3001, "text": "Not possible today", "faultOverHttp200": true, "delayMillis": 5}},
          {"match": {"nth": 3}, "reply": {"connectionReset": true}},
          {"match": {"operation": "SubmitReq"}, "reply": {"emptyBody": true, "httpStatus": 204}, "times": 1},
          {"match": {"operation": "SubmitReq", "vaspId": "ac*"}, "reply": {"status": 1100}}
        ]
        """);
    StubScript script = StubScript.read(file, Role.RELAY);
    assertEquals(4, script.size());
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      stub.setDispatcher(script);
      Http.Answer first = submitTo(stub, "+447000000001");
      assertEquals(200, first.httpStatus(), "fault over HTTP 200");
      ErrorResponse e = assertInstanceOf(ErrorResponse.class, first.message());
      assertEquals(Mm7Operation.RS_ERROR_RSP, e.operation());
      assertEquals(3001, e.status().code());
      assertEquals("Not possible today", e.status().text());

      Http.Answer second = submitTo(stub, "+449999999999");
      assertEquals(204, second.httpStatus());
      assertEquals(0, second.body().length);

      assertThrows(IOException.class, () -> submitTo(stub, "+449999999998"), "the third request: connection reset");

      Http.Answer fourth = submitTo(stub, "+449999999997");
      assertEquals(1100, fourth.statusCode(), "times: 1 used up, the next rule applies");
      assertInstanceOf(SubmitResponse.class, fourth.message());
      assertEquals(4, stub.requests().size());
    }
  }

  @Test
  void asTheVaspFaultsAreVaspErrorRsp() {
    StubScript s = StubScript.parse("[{\"reply\": {\"status\": 4006}}]", Role.VASP);
    RecordedRequest any = null;
    StubReply r = s.dispatch(any == null ? dummy() : any);
    assertEquals(Mm7Operation.VASP_ERROR_RSP, ((ErrorResponse) r.message()).operation());
    assertEquals(500, r.httpStatus());
  }

  private static RecordedRequest dummy() {
    return new RecordedRequest(1, java.time.Instant.now(), "POST", "/mm7", java.util.Map.of(), "", null, null, false,
        null, null, null, Mm7Release.latest(), java.util.List.of(), "not-well-formed", "x");
  }

  @Test
  void mistakesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StubScript.parse("[{\"match\": {\"operation\": \"SubmitReq\", \"recipent\": \"+44*\"}}]", Role.RELAY));
    assertTrue(e.getMessage().contains("recipent"), e::getMessage);
    assertThrows(IllegalArgumentException.class, () -> StubScript.parse("{}", Role.RELAY));
    assertThrows(IllegalArgumentException.class, () -> StubScript.parse("[{\"reply\": {\"status\": 12}}]", Role.RELAY));
    assertThrows(IllegalArgumentException.class, () -> StubScript.parse("[not json", Role.RELAY));
  }
}
