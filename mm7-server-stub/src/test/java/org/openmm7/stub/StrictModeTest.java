package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * Every deviation class of the corpus against a lenient and a strict relay: a request to the relay
 * with findings is refused by the strict one (2007 for MIME/format findings, 4004 for the others,
 * 4002 for an unknown namespace, the finding named in StatusText) and accepted by the lenient one,
 * which records exactly the corpus's findings.
 */
class StrictModeTest {
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
    RecordedRequest r = lenient.takeRequest(Duration.ofSeconds(5));
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
    if (toRelay && !findings.isEmpty()) {
      assertEquals(500, s.httpStatus(), s::toString);
      assertTrue(s.isFault());
      int expectedCode = findings.contains("unknown-namespace") ? 4002
          : findings.stream().anyMatch(f -> f.startsWith("href-") || f.contains("start") || f.contains("content-id")
              || f.contains("8bit") || f.startsWith("multipart")) ? 2007 : 4004;
      assertEquals(expectedCode, s.statusCode(), file.getFileName() + ": " + s.message());
      for (String f : findings) {
        String text = s.message().status().text() + " " + s.message().status().details();
        assertTrue(text.contains(f), "the fault names " + f + ": " + text);
      }
    } else if (toRelay) {
      assertEquals(1000, s.statusCode(), "strict relay accepts a clean " + file.getFileName() + ": " + s);
    } else {
      assertEquals(findings.isEmpty() ? 4003 : s.statusCode(), s.statusCode());
      assertTrue(s.isFault());
    }
    assertEquals(a.transactionId(), s.transactionId(), "TransactionID echoed");
  }
}
