package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openmm7.client.inbound.InboundContext;
import org.openmm7.client.inbound.Mm7InboundHandler;
import org.openmm7.client.inbound.Mm7InboundServer;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.ResponseStatus;

/**
 * Issue 11: a push carrying a value of an enumerated element that no release lists (a newer
 * MMStatus, a vendor's Priority) is taken, 1000, by the inbound endpoint and by a strict VASP stub:
 * a refused delivery report is retried by the relay for hours. The handler gets the value as sent.
 */
class UnknownValuesAcceptedTest {

  @ParameterizedTest(name = "{0} {1}: {2} -> {3}")
  @CsvSource({
      "REL-6-MM7-1-4, DeliveryReportReq, <mm7:MMStatus>Rejected</mm7:MMStatus>, <mm7:MMStatus>Bounced</mm7:MMStatus>",
      "REL-5-MM7-1-2, DeliveryReportReq, <mm7:MMStatus>Retrieved</mm7:MMStatus>, <mm7:MMStatus>DeliveredToHandset</mm7:MMStatus>",
      "REL-6-MM7-1-0, ReadReplyReq, <mm7:MMStatus>Read</mm7:MMStatus>, <mm7:MMStatus>Opened</mm7:MMStatus>",
      "REL-6-MM7-1-4, DeliverReq, <mm7:Priority>Low</mm7:Priority>, <mm7:Priority>Urgent</mm7:Priority>",
  })
  void aPushWithAnUnlistedValueIsTaken(String release, String op, String from, String to) throws Exception {
    byte[] golden = Files.readAllBytes(Http.corpus().resolve("golden").resolve(release).resolve(op + ".http"));
    String s = new String(golden, StandardCharsets.ISO_8859_1);
    assertTrue(s.contains(from), from);
    String body = s.substring(s.indexOf("\r\n\r\n") + 4).replace(from, to);
    String contentType = Http.read(Http.corpus().resolve("golden").resolve(release).resolve(op + ".http")).contentType();
    byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    String value = to.replaceAll("<[^>]+>", "");

    List<Mm7Message> seen = new CopyOnWriteArrayList<>();
    Mm7InboundHandler handler = new Mm7InboundHandler() {
      @Override
      public DeliverResponse deliver(DeliverRequest request, InboundContext context) {
        seen.add(request);
        return new DeliverResponse(ResponseStatus.SUCCESS, null);
      }

      @Override
      public StatusResponse deliveryReport(DeliveryReportRequest request, InboundContext context) {
        seen.add(request);
        assertTrue(context.findings().stream().anyMatch(f -> f.code().equals("unknown-value")), context.findings().toString());
        return StatusResponse.deliveryReport(ResponseStatus.SUCCESS);
      }

      @Override
      public StatusResponse readReply(ReadReplyRequest request, InboundContext context) {
        seen.add(request);
        return StatusResponse.readReply(ResponseStatus.SUCCESS);
      }
    };
    try (Mm7InboundServer endpoint = Mm7InboundServer.builder(handler).host("127.0.0.1").path("/mm7").start()) {
      Http.Answer a = Http.post(java.net.URI.create("http://127.0.0.1:" + endpoint.port() + "/mm7"), contentType, bytes, null);
      assertEquals(1000, a.statusCode(), "the inbound endpoint takes it: " + a);
      assertEquals(1, seen.size());
      assertEquals(value, valueOf(seen.get(0)));
    }
    try (Mm7StubServer vasp = Mm7StubServer.builder().role(Role.VASP).strict(true).build().start()) {
      Http.Answer a = Http.post(vasp.endpoint(), contentType, bytes, null);
      assertEquals(1000, a.statusCode(), "a strict VASP stub takes it: " + a);
      RecordedRequest r = vasp.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      assertEquals(List.of("unknown-value"), r.problemCodes());
      assertFalse(r.findings().get(0).isViolation());
      assertEquals(value, valueOf(r.message()));
    }
  }

  private static String valueOf(Mm7Message m) {
    if (m instanceof DeliveryReportRequest r) {
      return r.mmStatus().wireName();
    } else if (m instanceof ReadReplyRequest r) {
      return r.mmStatus().wireName();
    }
    return ((DeliverRequest) m).priority().wireName();
  }
}
