package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.openmm7.cli.InspectRun;

/**
 * Issue 11: {@code mm7 inspect --strict} gives exactly the verdict {@code mm7 stub --strict} gives
 * (it used to exit 0 with findings): over every request of the corpus (golden, deviations,
 * rejected), inspect exits 1 exactly when the strict stub refuses the request for its form, and
 * names the same MM7 status. Requests to a relay go to a strict relay, a relay's pushes to a strict
 * VASP.
 */
class StrictVerdictAgreementTest {
  /** Findings about the capture's HTTP head, which java.net.http rewrites (it sends its own Content-Length). */
  static final Set<String> HEAD_ONLY = Set.of("content-length-mismatch");

  static Mm7StubServer relay;
  static Mm7StubServer vasp;

  @BeforeAll
  static void start() throws Exception {
    relay = Mm7StubServer.builder().strict(true).build().start();
    vasp = Mm7StubServer.builder().role(Role.VASP).strict(true).build().start();
  }

  @AfterAll
  static void stop() {
    relay.close();
    vasp.close();
  }

  @TestFactory
  Stream<DynamicTest> inspectStrictAgreesWithTheStrictStub() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Http.corpus())) {
      files = s.filter(p -> p.toString().endsWith(".http") && !p.startsWith(Http.corpus().resolve("hostile"))
          && !p.startsWith(Http.corpus().resolve("golden")) || p.toString().endsWith("golden/REL-6-MM7-1-4/SubmitReq.http"))
          .filter(StrictVerdictAgreementTest::isRequest).sorted().collect(Collectors.toList());
    }
    assertTrue(files.size() > 30, "the corpus's requests: " + files.size());
    return files.stream().map(f -> DynamicTest.dynamicTest(Http.corpus().relativize(f).toString(), () -> check(f)));
  }

  private static boolean isRequest(Path p) {
    try {
      String start = new String(Files.readAllBytes(p), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1);
      return start.startsWith("POST ");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void check(Path file) throws Exception {
    InspectRun run = InspectRun.strict(file);
    for (JsonNode f : run.json().path("findings")) {
      if (HEAD_ONLY.contains(f.path("code").asText())) {
        return; // the stub never sees that head
      }
    }
    boolean rejected = run.json().isMissingNode();
    String op = rejected ? "" : run.json().path("operation").asText();
    Mm7StubServer stub = StrictModeTest.RELAY_REQUESTS.contains(op) || rejected ? relay
        : Set.of("DeliverReq", "DeliveryReportReq", "ReadReplyReq").contains(op) ? vasp : null;
    if (stub == null) {
      return;
    }
    Http.Answer a = Http.post(stub.endpoint(), file);
    boolean stubRefuses = a.isFault() && a.statusCode() != 2005;
    assertEquals(stubRefuses ? 1 : 0, run.exitCode(), file.getFileName() + ": stub answered " + a
        + "; inspect said " + run.err() + " " + run.json().path("verdict"));
    if (stubRefuses) {
      String said = rejected ? run.err() : run.json().path("verdict").path("status").asText();
      assertTrue(said.contains(String.valueOf(a.statusCode())), file.getFileName() + ": the stub answered "
          + a.statusCode() + ", inspect said " + said);
    }
  }
}
