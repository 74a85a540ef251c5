package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Status;

/** The JUnit 5 extension: one strict stub for the class, reset before each test, AssertionError on failure. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionTest {
  @RegisterExtension
  static Mm7StubExtension stub = Mm7StubExtension.newInstance().strict(true).build();

  static URI firstEndpoint;

  @Test
  @Order(1)
  void recordsAndVerifies() throws Exception {
    firstEndpoint = stub.endpoint();
    stub.enqueue(StubReply.status(Mm7Status.SERVICE_UNAVAILABLE));
    stub.enqueue(StubReply.status(Mm7Status.SERVICE_UNAVAILABLE));
    assertEquals(4006, Http.post(stub.endpoint(), Http.corpus().resolve("golden/REL-6-MM7-1-3/SubmitReq.http"))
        .statusCode());
    assertEquals(4006, Http.post(stub.endpoint(),
        Http.corpus().resolve("golden/REL-6-MM7-1-3/SubmitReq.http")).statusCode());
    stub.verifySubmitted(2);
    stub.verifyReceived(Mm7Operation.CANCEL_REQ, 0);
    stub.assertNoFindings();
    AssertionError e = assertThrows(AssertionError.class, () -> stub.verifySubmitted(3));
    assertTrue(e.getMessage().contains("expected 3 SubmitReq but the stub received 2"), e.getMessage());
    assertEquals(1, stub.takeRequest(Duration.ofSeconds(5)).orElseThrow().sequence());
  }

  @Test
  @Order(2)
  void isResetBeforeEachTestButKeepsRunning() throws Exception {
    assertEquals(firstEndpoint, stub.endpoint(), "one stub for the class");
    stub.verifyNoRequests();
    Http.Answer a = Http.post(stub.endpoint(), Http.corpus().resolve("golden/REL-6-MM7-1-3/SubmitReq.http"));
    assertEquals(1000, a.statusCode(), "the queue was cleared: " + a);
    Http.Answer bad = Http.post(stub.endpoint(), Http.corpus().resolve("deviations/elements-out-of-order.http"));
    assertEquals(4004, bad.statusCode(), "strict");
    AssertionError e = assertThrows(AssertionError.class, stub::assertNoFindings);
    assertTrue(e.getMessage().contains("elements-out-of-order"), e.getMessage());
    assertEquals(1, stub.conformance().values().stream().mapToInt(VaspConformance::withFindings).sum());
  }

  /** Issue 11: a strict stub accepts legal forms; assertNoViolations passes them, assertNoFindings does not. */
  @Test
  @Order(3)
  void assertNoViolationsPassesLegalFormsAndFailsOnABrokenRule() throws Exception {
    java.nio.file.Path golden = Http.corpus().resolve("golden/REL-6-MM7-1-4/SubmitReq.http");
    org.openmm7.client.codec.LegalVariants.Variant v =
        org.openmm7.client.codec.LegalVariants.of(golden, "soap-part-without-cte-utf8-subject");
    assertEquals(1000, Http.post(stub.endpoint(), v.contentType(), v.body(), null).statusCode());
    v = org.openmm7.client.codec.LegalVariants.of(golden, "start-omitted");
    assertEquals(1000, Http.post(stub.endpoint(), v.contentType(), v.body(), null).statusCode());
    stub.assertNoViolations();
    AssertionError all = assertThrows(AssertionError.class, stub::assertNoFindings);
    assertTrue(all.getMessage().contains("raw-8bit-text") && all.getMessage().contains("missing-start-parameter"),
        all.getMessage());
    Http.post(stub.endpoint(), Http.corpus().resolve("deviations/href-without-cid.http"));
    AssertionError e = assertThrows(AssertionError.class, stub::assertNoViolations);
    assertTrue(e.getMessage().contains("href-without-cid") && !e.getMessage().contains("raw-8bit-text"), e.getMessage());
  }
}
