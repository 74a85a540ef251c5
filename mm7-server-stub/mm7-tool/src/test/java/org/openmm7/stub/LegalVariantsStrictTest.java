package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.cli.InspectRun;
import org.openmm7.client.codec.LegalVariants;

/**
 * Issue 11: {@code stub --strict} accepts every golden message and every legal variant of one
 * ({@link LegalVariants}: the SOAP part without Content-Transfer-Encoding carrying a UTF-8 Subject,
 * 8bit, other prefixes, the MM7 namespace as a default, start omitted, ...), and
 * {@code mm7 inspect --strict} says the same (exit 0, verdict not refused). A relay request goes to
 * a strict relay, a relay's push to a strict VASP; responses are judged by inspect alone. The
 * variants of three releases go through the stub and inspect (the oldest, and the two pairs peers
 * use most); LegalVariantsTest (mm7-client) decodes those of all eleven.
 */
class LegalVariantsStrictTest {
  static final Set<String> TO_RELAY = StrictModeTest.RELAY_REQUESTS;
  static final Set<String> TO_VASP = Set.of("DeliverReq", "DeliveryReportReq", "ReadReplyReq");
  static final Set<String> VARIANT_RELEASES = Set.of("REL-5-MM7-1-0", "REL-5-MM7-1-2", "REL-6-MM7-1-4");

  static Mm7StubServer relay;
  static Mm7StubServer vasp;

  @TempDir
  static Path dir;

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
  Stream<DynamicTest> everyGoldenMessageAndLegalVariantIsAcceptedByStrict() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path golden : LegalVariants.goldenFiles()) {
      String op = golden.getFileName().toString().replace(".http", "");
      String name = golden.getParent().getFileName() + "/" + op;
      tests.add(DynamicTest.dynamicTest(name + " golden", () -> check(name + " golden", op, Files.readAllBytes(golden))));
      if (!VARIANT_RELEASES.contains(golden.getParent().getFileName().toString())) {
        continue;
      }
      for (LegalVariants.Variant v : LegalVariants.of(golden)) {
        tests.add(DynamicTest.dynamicTest(v.toString(), () -> check(v.toString(), op, v.capture())));
      }
    }
    return tests.stream();
  }

  private static void check(String name, String op, byte[] capture) throws Exception {
    Path file = Files.write(dir.resolve(name.replaceAll("[^A-Za-z0-9.-]", "_") + ".http"), capture);
    InspectRun run = InspectRun.strict(file);
    assertEquals(0, run.exitCode(), name + ": inspect --strict accepts it: " + run.err() + run.json());
    assertEquals(false, run.json().path("verdict").path("refused").asBoolean(true), name);
    for (JsonNode f : run.json().path("findings")) {
      assertTrue(!f.path("severity").asText().equals("violation"), name + ": no violation: " + f);
    }
    Mm7StubServer stub = TO_RELAY.contains(op) ? relay : TO_VASP.contains(op) ? vasp : null;
    if (stub != null) {
      Http.Answer a = Http.post(stub.endpoint(), file);
      // a cancel or replace of a message the stub never saw is 2005: past the strict check all the same
      assertTrue(a.statusCode() == 1000 || a.statusCode() == 2005, name + ": strict stub accepts it: " + a);
    }
  }

  /** The case against the stub itself: a UTF-8 SOAP part with no transfer encoding is taken. */
  @Test
  void strictRelayAcceptsUtf8SoapPartWithoutTransferEncoding() throws Exception {
    int n = 0;
    for (Path golden : LegalVariants.goldenFiles()) {
      LegalVariants.Variant v = LegalVariants.of(golden, "soap-part-without-cte-utf8-subject");
      if (v == null || !v.operation().equals("SubmitReq")) {
        continue;
      }
      relay.reset();
      Http.Answer a = Http.post(relay.endpoint(), v.contentType(), v.body(), null);
      assertEquals(200, a.httpStatus(), v + ": " + a);
      assertEquals(1000, a.statusCode(), v + ": " + a);
      RecordedRequest r = relay.takeRequest(java.time.Duration.ofSeconds(5)).orElseThrow();
      assertTrue(r.problemCodes().contains("raw-8bit-text"), r.problemCodes().toString());
      assertEquals(LegalVariants.UTF8_SUBJECT, ((org.openmm7.client.message.SubmitRequest) r.message()).subject());
      n++;
    }
    assertEquals(11, n, "one SubmitReq per release");
  }
}
