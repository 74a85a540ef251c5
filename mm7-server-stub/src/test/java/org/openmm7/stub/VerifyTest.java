package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openmm7.stub.verify.Count.atLeast;
import static org.openmm7.stub.verify.Count.atMost;
import static org.openmm7.stub.verify.Count.never;
import static org.openmm7.stub.verify.Count.times;
import static org.openmm7.stub.verify.PartPattern.ofName;
import static org.openmm7.stub.verify.PartPattern.ofType;
import static org.openmm7.stub.verify.RequestPattern.anyRequest;
import static org.openmm7.stub.verify.RequestPattern.cancel;
import static org.openmm7.stub.verify.RequestPattern.submit;
import static org.openmm7.stub.verify.ValueMatcher.absent;
import static org.openmm7.stub.verify.ValueMatcher.containsString;
import static org.openmm7.stub.verify.ValueMatcher.matching;
import static org.openmm7.stub.verify.ValueMatcher.startsWith;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7StatusException;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.stub.verify.RequestPattern;

/** Matcher-based verification against what a real client sent, and the near-miss report when it fails. */
class VerifyTest {
  static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0};
  static Mm7StubServer stub;
  static Mm7Client client;

  @BeforeAll
  static void start() throws IOException {
    stub = Mm7StubServer.builder().strict(true).build().start();
    client = Mm7Client.builder(stub.endpoint()).vaspId("acme").vasId("news").senderAddress(Address.shortCode("12345"))
        .header("X-Campaign", "spring-sale").callTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stop() throws IOException {
    client.close();
    stub.close();
  }

  @BeforeEach
  void reset() {
    stub.reset();
  }

  static SubmitRequest.Builder offer(String subject, String... to) {
    Address[] addresses = new Address[to.length];
    for (int i = 0; i < to.length; i++) {
      addresses[i] = Address.number(to[i]);
    }
    return SubmitRequest.builder().recipients(Recipients.to(addresses)).subject(subject).serviceCode("promo-7")
        .content(Multipart.mixed(TextPart.of("Half price today"),
            BinaryPart.ofBytes(JPEG, "image/jpeg").withContentLocation("offer.jpg")), true);
  }

  @Test
  void everyKindOfConditionMeetsWhatWasSent() throws Exception {
    client.submit(offer("Spring offer", "+46700000001").recipients(Recipients.builder()
        .to(Address.number("+46700000001")).cc(Address.email("boss@example.com")).bcc(Address.number("+46700000009"))
        .build()).build());

    stub.verify(submit());
    stub.verify(submit().to("+46700000001").cc("boss@example.com").bcc("+46700000009")
        .recipient("+46700000009").sender("12345").subject("Spring offer").subject(containsString("offer"))
        .serviceCode("promo-7").vaspId("acme").header("x-campaign", "spring-sale")
        .header("Content-Type", startsWith("multipart/related")).header("X-Absent", absent())
        .withPart(ofType("image/jpeg").named("offer.jpg").withBytes(JPEG)).withPart(ofType("image/*"))
        .withPart(ofType("text/plain").withText(containsString("Half price"))).partCount(2)
        .transactionId(matching(".+")).withoutFindings().answeredWith(Mm7Status.SUCCESS).answeredWithHttp(200));

    // each condition on its own also fails where it should: one changed value each
    List<RequestPattern> wrong = List.of(submit().to("+46700000002"), submit().cc("+46700000001"),
        submit().bcc("boss@example.com"), submit().sender("54321"), submit().subject("Autumn offer"),
        submit().serviceCode("promo-8"), submit().vaspId("other"), submit().header("X-Campaign", "autumn"),
        submit().header("X-Absent", "x"), submit().withPart(ofType("image/gif")),
        submit().withPart(ofType("image/jpeg").withBytes(new byte[] {1, 2, 3})),
        submit().withPart(ofType("image/jpeg").withBytes(java.util.Arrays.copyOf(JPEG, JPEG.length - 1))),
        submit().withPart(ofName("other.jpg")), submit().partCount(3), submit().withFinding("raw-8bit-text"),
        submit().answeredWith(Mm7Status.SERVER_ERROR), cancel());
    for (RequestPattern p : wrong) {
      stub.verify(never(), p);
      assertThrows(AssertionError.class, () -> stub.verify(p), p::toString);
    }
  }

  @Test
  void countsMatchingRequests() throws Exception {
    client.submit(offer("one", "+46700000001").build());
    client.submit(offer("two", "+46700000001").build());
    client.submit(offer("three", "+46700000002").build());

    stub.verify(times(3), submit());
    stub.verify(times(2), submit().to("+46700000001"));
    stub.verify(atLeast(1), submit().to("+46700000002"));
    stub.verify(atMost(1), submit().subject("two"));
    stub.verify(never(), submit().to("+46700000003"));
    AssertionError tooMany = assertThrows(AssertionError.class, () -> stub.verify(times(1), submit().to("+46700000001")));
    assertTrue(tooMany.getMessage().startsWith("expected exactly 1 request(s) matching SubmitReq with To \"+46700000001\","
        + " but 2 of the 3 recorded matched"), tooMany.getMessage());
    assertTrue(tooMany.getMessage().contains("matching:\n  #1 SubmitReq") && tooMany.getMessage().contains("\n  #2 SubmitReq"),
        tooMany.getMessage());
    AssertionError none = assertThrows(AssertionError.class, () -> stub.verify(never(), anyRequest()));
    assertTrue(none.getMessage().contains("expected no request(s) matching any request, but 3 of the 3"), none.getMessage());
  }

  @Test
  void aFailureListsTheClosestRequestsWithWhatDiffers() throws Exception {
    client.submit(offer("Autumn offer", "+46700000001").serviceCode("promo-1").build());
    client.submit(offer("Spring offer", "+46700000002").build());
    client.submit(offer("Spring offer", "+46700000001").serviceCode("promo-9").build());
    assertThrows(Mm7StatusException.class, () -> client.cancel(CancelRequest.builder().messageId("nope").build()));

    AssertionError e = assertThrows(AssertionError.class, () -> stub.verify(submit().to("+46700000001")
        .subject("Spring offer").serviceCode("promo-7").withPart(ofType("image/png"))));
    String m = e.getMessage();
    assertTrue(m.startsWith("expected at least 1 request(s) matching SubmitReq with To \"+46700000001\", subject"
        + " \"Spring offer\", service code \"promo-7\", part type image/png, but 0 of the 4 recorded matched"), m);
    // #3 and #2 meet 3 of 5 (latest first), #1 meets 2, the CancelReq 0: the three closest are shown
    int third = m.indexOf("#3 SubmitReq");
    int second = m.indexOf("#2 SubmitReq");
    int first = m.indexOf("#1 SubmitReq");
    assertTrue(third > 0 && second > third && first > second, m);
    assertTrue(m.contains(" meets 3 of 5:\n      service code: expected \"promo-7\" but was \"promo-9\"\n"
        + "      part: expected type image/png but was [text/plain \"Half price today\", image/jpeg \"offer.jpg\" "
        + JPEG.length + " bytes]"), m);
    assertTrue(m.contains("To: expected \"+46700000001\" but was \"+46700000002\""), m);
    assertTrue(m.substring(first).contains("meets 2 of 5:\n      subject: expected \"Spring offer\" but was \"Autumn offer\""), m);
    assertTrue(!m.contains("#4 CancelReq") && m.endsWith("(1 more not matching)"), m);
  }

  @Test
  void findingsAnswersAndUnreadableRequestsAreConditionsToo() throws Exception {
    Path corpus = Http.corpus();
    post(corpus.resolve("deviations/elements-out-of-order.http"));
    post(corpus.resolve("rejected/not-well-formed.http"));

    stub.verify(submit().withFinding("elements-out-of-order").answeredWith(Mm7Status.VALIDATION_ERROR)
        .answeredWithHttp(500));
    stub.verify(anyRequest().withFinding("not-well-formed").answeredWith(Mm7Status.MESSAGE_FORMAT_CORRUPT));
    stub.verify(times(2), anyRequest());
    AssertionError e = assertThrows(AssertionError.class, () -> stub.verify(submit().withoutFindings()
        .answeredWith(Mm7Status.SUCCESS)));
    String m = e.getMessage();
    assertTrue(m.contains("#1 SubmitReq") && m.contains("findings: expected none but was elements-out-of-order")
        && m.contains("answer: expected 1000 but was 4004 (RSErrorRsp, HTTP 500)"), m);
    assertTrue(m.contains("#2 unreadable (not-well-formed)") && m.contains(
        "operation: expected SubmitReq but was unreadable (not-well-formed)"), m);
  }

  @Test
  void nothingRecordedIsSaid() {
    AssertionError e = assertThrows(AssertionError.class, () -> stub.verify(submit()));
    assertEquals("expected at least 1 request(s) matching SubmitReq, but 0 of the 0 recorded matched\n"
        + "no request was recorded", e.getMessage());
  }

  @Test
  void aPeersControlCharactersAreEscapedInTheReport() throws Exception {
    client.submit(offer("line one\r\nX-Injected: yes", "+46700000001").build());
    AssertionError e = assertThrows(AssertionError.class, () -> stub.verify(submit().subject("line one")));
    assertTrue(e.getMessage().contains("but was \"line one\\u000d\\u000aX-Injected: yes\""), e.getMessage());
  }

  static void post(Path capture) throws Exception {
    Http.post(stub.endpoint(), capture);
  }
}
