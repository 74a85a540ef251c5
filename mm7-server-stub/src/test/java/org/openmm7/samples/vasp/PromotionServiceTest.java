package org.openmm7.samples.vasp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openmm7.stub.verify.Count.never;
import static org.openmm7.stub.verify.Count.once;
import static org.openmm7.stub.verify.Count.times;
import static org.openmm7.stub.verify.PartPattern.ofType;
import static org.openmm7.stub.verify.RequestPattern.anyRequest;
import static org.openmm7.stub.verify.RequestPattern.submit;
import static org.openmm7.stub.verify.ValueMatcher.containsString;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openmm7.client.Mm7StatusException;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.stub.Mm7StubExtension;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.ReportStep;
import org.openmm7.stub.StubReply;
import org.openmm7.stub.verify.Received;

/**
 * The sample VASP test suite: how a team tests its MM7 code against the stub, written only with
 * the stub's verification API (await, verify with patterns, awaitReport). One strict relay stub
 * for the class; the service under test, with its own report endpoint, is made per test and
 * becomes the stub's push target then.
 */
class PromotionServiceTest {
  static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0};
  static final String SUBSCRIBER = "+46700000001";

  @RegisterExtension
  static Mm7StubExtension relay = Mm7StubExtension.newInstance().strict(true)
      .deliveryReports(ReportStep.parseList("Forwarded:0ms,Retrieved:100ms")).build();

  PromotionService service;

  @BeforeEach
  void startTheService(Mm7StubServer stub) throws Exception {
    service = new PromotionService(stub.endpoint(), "spring-sale");
    stub.pushTo(service.reportEndpoint()); // set while running: no ordering of static initialisers
  }

  @AfterEach
  void stopTheService() throws Exception {
    service.close();
  }

  @Test
  void theOfferGoesOutAsOneConformantSubmitWithPictureAndCaption() throws Exception {
    service.sendOffer(SUBSCRIBER, "Half price today", JPEG);

    Received<SubmitRequest> sent = relay.awaitSubmit(Duration.ofSeconds(5));
    assertEquals("Offer: Half price today", sent.message().subject());
    relay.verify(once(), submit().to(SUBSCRIBER).sender("72000").subject(containsString("Half price"))
        .serviceCode("promo-7").header("X-Campaign", "spring-sale")
        .withPart(ofType("image/jpeg").named("offer.jpg").withBytes(JPEG))
        .withPart(ofType("text/plain").withText("Half price today")).withPart(ofType("application/smil"))
        .withoutFindings().answeredWith(Mm7Status.SUCCESS));
  }

  @Test
  void theServiceLearnsThatTheOfferWasRetrieved() throws Exception {
    String messageId = service.sendOffer(SUBSCRIBER, "Half price today", JPEG);

    relay.awaitReport(messageId, SUBSCRIBER, MessageStatus.RETRIEVED, Duration.ofSeconds(10));
    assertEquals(MessageStatus.RETRIEVED, service.reportedStatus(messageId, SUBSCRIBER));
  }

  @Test
  void eachSubscriberGetsTheirOwnSubmit() throws Exception {
    for (String subscriber : new String[] {"+46700000001", "+46700000002", "+46700000003"}) {
      service.sendOffer(subscriber, "Half price today", JPEG);
    }
    relay.verify(times(3), submit().serviceCode("promo-7"));
    relay.verify(once(), submit().to("+46700000002"));
    relay.verify(never(), submit().to("+46700000004"));
  }

  @Test
  void aRefusedOfferIsNotRetried() {
    relay.enqueue(StubReply.status(Mm7Status.SERVICE_UNAVAILABLE));

    Mm7StatusException refused = assertThrows(Mm7StatusException.class,
        () -> service.sendOffer(SUBSCRIBER, "Half price today", JPEG));
    assertEquals(Mm7Status.SERVICE_UNAVAILABLE, refused.mm7Status());
    relay.verify(times(1), anyRequest());
    relay.verify(submit().answeredWith(Mm7Status.SERVICE_UNAVAILABLE));
  }

  /** What a failing verification tells: the closest request, and each condition it misses with what it had. */
  @Test
  void aFailedVerificationSaysWhatDiffered() throws Exception {
    service.sendOffer(SUBSCRIBER, "Half price today", JPEG);

    AssertionError failure = assertThrows(AssertionError.class, () -> relay.verify(
        submit().to(SUBSCRIBER).subject(containsString("Autumn")).withPart(ofType("image/png"))));
    String report = failure.getMessage();
    assertTrue(report.startsWith("expected at least 1 request(s) matching SubmitReq with To \"+46700000001\","
        + " subject containing \"Autumn\", part type image/png, but 0 of the 1 recorded matched\n"
        + "closest recorded request(s):\n  #1 SubmitReq tx="), report);
    assertTrue(report.contains(" meets 2 of 4:\n"
        + "      subject: expected containing \"Autumn\" but was \"Offer: Half price today\"\n"
        + "      part: expected type image/png but was [application/smil \"presentation.smil\" "), report);
    assertTrue(report.endsWith(" bytes, image/jpeg \"offer.jpg\" 11 bytes, text/plain \"text2.txt\" \"Half price today\"]"),
        report);
  }
}
