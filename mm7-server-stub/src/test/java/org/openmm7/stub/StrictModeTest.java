package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.openmm7.client.codec.DecodeProblem;
import org.openmm7.client.codec.Severity;

/**
 * Every deviation class of the corpus against a lenient and a strict relay: the lenient one accepts
 * and records exactly the corpus's findings; the strict one refuses a request with a violation (the
 * status of the first violation in the table, each violation and its rule named) and accepts one
 * whose findings are all legal or tolerated, whatever they are (issue 11: strict refuses only
 * violations).
 */
class StrictModeTest {
  /**
   * Deviation classes that a strict relay accepts, decided from the specifications: each is legal
   * or a tolerated deviation, never a MUST broken (RFC 2387 §3.2: start is optional; RFC 7231
   * appendix A.5: 8-bit bodies over HTTP; RFC 2387 needs the root's Content-ID only when start
   * names it; MM7Version and /TYPE=PLMN are strings; RFC 7303: the charset label wins over the XML
   * declaration; SwA allows attachments the body does not reference; a fault's status in its
   * faultstring is readable; an unprefixed faultcode is a valid xs:QName, the XSD oracle agrees).
   */
  static final Set<String> STRICT_ACCEPTS = Set.of("missing-start-parameter", "raw-8bit-binary",
      "soap-part-without-content-id", "version-namespace-mismatch", "number-type-suffix", "whitespace-in-values",
      "xml-encoding-mismatch", "content-element-missing", "status-only-in-faultstring", "faultcode-unprefixed");
  static final Set<String> RELAY_REQUESTS =
      Set.of("SubmitReq", "CancelReq", "ReplaceReq", "extendedCancelReq", "extendedReplaceReq");
  /** Findings about the capture's HTTP head, which java.net.http rewrites (it sends its own Content-Length). */
  static final Set<String> HEAD_FINDINGS = Set.of("content-length-mismatch", "fault-with-http-200");

  static Mm7StubServer lenient;
  static Mm7StubServer strict;

  @BeforeAll
  static void start() throws Exception {
    lenient = Mm7StubServer.builder().build().start();
    strict = Mm7StubServer.builder().strict(true).build().start();
  }

  @AfterAll
  static void stop() {
    lenient.close();
    strict.close();
  }

  @TestFactory
  Stream<DynamicTest> everyDeviation() throws Exception {
    Path dir = Http.corpus().resolve("deviations");
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".http")).sorted().collect(Collectors.toList()).stream()
          .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }
  }

  private static synchronized void check(Path file) throws Exception {
    JsonNode expected = new ObjectMapper().readTree(
        file.resolveSibling(file.getFileName().toString().replace(".http", ".expected.json")).toFile());
    String op = expected.path("operation").asText();
    Set<String> findings = new TreeSet<>();
    expected.path("findings").forEach(f -> findings.add(f.path("code").asText()));
    findings.removeAll(HEAD_FINDINGS);
    boolean toRelay = RELAY_REQUESTS.contains(op);

    lenient.reset();
    Http.Answer a = Http.post(lenient.endpoint(), file);
    RecordedRequest r = lenient.takeRequest(Duration.ofSeconds(5)).orElseThrow();
    assertEquals(findings, new TreeSet<>(r.problemCodes()), "lenient relay records the corpus's findings");
    if (findings.contains("unknown-namespace")) {
      assertEquals(4002, a.statusCode(), a::toString);
    } else if (toRelay) {
      assertEquals(200, a.httpStatus(), a::toString);
      assertEquals(1000, a.statusCode(), "lenient relay accepts " + file.getFileName() + ": " + a);
    } else {
      assertEquals(4003, a.statusCode(), op + " is read, and refused as not a relay operation: " + a);
    }

    strict.reset();
    Http.Answer s = Http.post(strict.endpoint(), file);
    boolean violation = !STRICT_ACCEPTS.containsAll(findings);
    if (violation) {
      assertEquals(500, s.httpStatus(), s::toString);
      assertTrue(s.isFault());
      String text = s.message().status().text() + " " + s.message().status().details();
      DecodeProblem first = null;
      for (String f : findings) {
        DecodeProblem p = DecodeProblem.of(f);
        if (STRICT_ACCEPTS.contains(f)) {
          assertTrue(p.severity() != Severity.VIOLATION, f + " is not a violation");
          assertFalse(text.contains(f), "the fault does not name the tolerated " + f + ": " + text);
        } else {
          assertEquals(Severity.VIOLATION, p.severity(), f);
          assertTrue(text.contains(f) && text.contains(p.rule()), "the fault names " + f + " and its rule: " + text);
          first = first == null ? p : first;
        }
      }
      int expectedCode = findings.contains("unknown-namespace") ? 4002 : r.findings().stream()
          .filter(f -> f.problem().isViolation()).findFirst().orElseThrow().problem().status().code();
      assertEquals(expectedCode, s.statusCode(), file.getFileName() + ": " + s.message());
    } else if (toRelay) {
      assertEquals(1000, s.statusCode(), "strict relay accepts " + file.getFileName() + " " + findings + ": " + s);
    } else {
      assertEquals(4003, s.statusCode(), op + " is read, and refused as not a relay operation: " + s);
      assertTrue(s.isFault());
    }
    assertEquals(a.transactionId(), s.transactionId(), "TransactionID echoed");
  }
}
