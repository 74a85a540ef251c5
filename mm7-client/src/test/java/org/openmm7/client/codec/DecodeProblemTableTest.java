package org.openmm7.client.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openmm7.client.hostile.HostileCorpus;
import org.openmm7.client.message.Mm7Status;

/**
 * The one table of decode problems (issue 11): every code the corpus names is in it with a
 * severity, a cited rule and a status; it is documented, row for row, in src/docs/findings.md
 * (rewritten with {@code -Dopenmm7.updateDocs=true}, a run that then fails); and the decision
 * made from it refuses violations only.
 */
class DecodeProblemTableTest {
  private static final boolean UPDATE = Boolean.getBoolean("openmm7.updateDocs");
  private static final String START = "<!-- table:start (written by DecodeProblemTableTest) -->";
  private static final String END = "<!-- table:end -->";

  static Path doc() {
    return HostileCorpus.corpus().getParent().resolve("docs").resolve("findings.md");
  }

  @Test
  void everyProblemHasASeverityARuleAndAStatus() {
    List<DecodeProblem> all = DecodeProblem.known();
    assertTrue(all.size() > 60, "problems: " + all.size());
    for (DecodeProblem p : all) {
      assertTrue(p.code().matches("[a-z0-9]+(-[a-z0-9.]+)*"), p.code());
      assertNotNull(p.severity(), p.code());
      assertFalse(p.rule().isBlank(), p.code());
      assertFalse(p.summary().isBlank(), p.code());
      assertTrue(p.status().isKnown() && !p.status().isSuccess(), p.code() + " " + p.status());
      assertSame(p, DecodeProblem.of(p.code()));
      assertTrue(p.isKnown());
      // a bound of this reader is named as such, not dressed up as a rule of a specification
      assertEquals(p.severity() == Severity.UNSUPPORTED && !p.code().equals("must-understand"),
          p.rule().startsWith("this reader's"), p.code() + ": " + p.rule());
    }
  }

  /** Every finding code and refusal reason the corpus names is a constant of the table. */
  @Test
  void everyCodeInTheCorpusIsInTheTable() throws IOException {
    Set<String> codes = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> s = Files.walk(HostileCorpus.corpus())) {
      for (Path p : s.filter(f -> f.toString().endsWith(".expected.json")).collect(Collectors.toList())) {
        JsonNode e = json.readTree(p.toFile());
        e.path("findings").forEach(f -> codes.add(f.path("code").asText()));
        for (String field : List.of("error", "reason", "codec")) {
          if (e.path(field).isTextual() && !e.path(field).asText().equals("accepted")) {
            codes.add(e.path(field).asText());
          }
        }
      }
    }
    assertTrue(codes.size() > 50, "codes: " + codes);
    for (String c : codes) {
      assertTrue(DecodeProblem.of(c).isKnown(), c + " is in the corpus but not in the table");
    }
  }

  @Test
  void anUnknownCodeIsAnOpenValueNeverRefused() {
    DecodeProblem p = DecodeProblem.of("boundary-inferred-somewhere-else");
    assertFalse(p.isKnown());
    assertEquals(Severity.DEVIATION, p.severity());
    assertEquals(p, DecodeProblem.of("boundary-inferred-somewhere-else"));
    Finding f = new Finding("boundary-inferred-somewhere-else", "here", "why");
    assertEquals(Optional.empty(), FaultPolicy.strict().judge(List.of(f)));
  }

  @Test
  void strictRefusesViolationsOnlyAndNamesTheirRules() {
    Finding info = new Finding(DecodeProblem.MISSING_START_PARAMETER, "HTTP Content-Type", "no start");
    Finding text = new Finding(DecodeProblem.RAW_8BIT_TEXT, "MIME part 1", "UTF-8");
    Finding deviation = new Finding(DecodeProblem.VERSION_NAMESPACE_MISMATCH, "SubmitReq/MM7Version", "5.2.0");
    Finding order = new Finding(DecodeProblem.ELEMENTS_OUT_OF_ORDER, "SubmitReq/Priority", "after Subject");
    Finding href = new Finding(DecodeProblem.HREF_WITHOUT_CID, "SubmitReq/Content@href", "part1");
    assertEquals(Optional.empty(), FaultPolicy.strict().judge(List.of(info, text, deviation)));
    FaultPolicy.Refusal r = FaultPolicy.strict().judge(List.of(info, order, text, href)).orElseThrow();
    assertEquals(Mm7Status.VALIDATION_ERROR, r.status(), "the first violation's status");
    assertEquals(List.of(order, href), r.findings());
    assertTrue(r.text().contains("elements-out-of-order") && r.text().contains("href-without-cid"), r.text());
    assertFalse(r.text().contains("missing-start-parameter") || r.details().contains("raw-8bit-text"), r.details());
    assertTrue(r.details().contains(DecodeProblem.ELEMENTS_OUT_OF_ORDER.rule())
        && r.details().contains(DecodeProblem.HREF_WITHOUT_CID.rule()), r.details());
    assertEquals(Optional.empty(), FaultPolicy.lenient().judge(List.of(order, href)));
    FaultPolicy relay = FaultPolicy.lenient().refusing(DecodeProblem.UNKNOWN_NAMESPACE);
    Finding ns = new Finding(DecodeProblem.UNKNOWN_NAMESPACE, "SubmitReq", "REL-6-MM7-6-7");
    assertEquals(Mm7Status.UNSUPPORTED_VERSION, relay.judge(List.of(order, ns)).orElseThrow().status());
  }

  @Test
  void aRefusalOfAnUndecodableMessageTakesTheTablesStatus() {
    assertEquals(2004, FaultPolicy.refusal(new Mm7DecodeException(DecodeProblem.TOO_MANY_PARTS, "x")).status().code());
    FaultPolicy.Refusal mu = FaultPolicy.refusal(new Mm7DecodeException("must-understand", "header x:Y"));
    assertEquals(4004, mu.status().code());
    assertEquals("env:MustUnderstand", mu.faultCode());
    assertEquals(4002, FaultPolicy.refusal(new Mm7DecodeException(DecodeProblem.SOAP_1_2, "x")).status().code());
    assertEquals(4003, FaultPolicy.refusal(new Mm7DecodeException(DecodeProblem.UNKNOWN_OPERATION, "x")).status().code());
    assertEquals(2007, FaultPolicy.refusal(new Mm7DecodeException(DecodeProblem.NOT_WELL_FORMED, "x")).status().code());
  }

  /** src/docs/findings.md holds exactly the table's rows. */
  @Test
  void theDocumentedTableIsTheTable() throws IOException {
    String table = table();
    String doc = Files.readString(doc());
    int a = doc.indexOf(START);
    int b = doc.indexOf(END);
    assertTrue(a >= 0 && b > a, "markers in " + doc());
    String current = doc.substring(a + START.length(), b).strip();
    if (!current.equals(table.strip())) {
      if (UPDATE) {
        Files.writeString(doc(), doc.substring(0, a + START.length()) + "\n" + table + doc.substring(b));
        fail("rewrote " + doc() + ": review, commit, rerun");
      }
      fail(doc() + " is not the table of DecodeProblem; rerun with -Dopenmm7.updateDocs=true");
    }
  }

  private static String table() {
    StringBuilder t = new StringBuilder();
    t.append("| code | severity | MM7 status when refused | rule | what it is |\n");
    t.append("|---|---|---|---|---|\n");
    for (DecodeProblem p : DecodeProblem.known()) {
      boolean refused = p.severity() == Severity.VIOLATION || p.severity() == Severity.UNSUPPORTED;
      t.append("| `").append(p.code()).append("` | ").append(p.severity().wireName()).append(" | ")
          .append(refused ? "" : "not refused (").append(p.status().code()).append(' ').append(p.status().defaultText())
          .append(refused ? "" : ")")
          .append(p.faultCode() == null ? "" : " (faultcode " + p.faultCode() + ")").append(" | ")
          .append(p.rule().replace("|", "\\|")).append(" | ").append(p.summary().replace("|", "\\|")).append(" |\n");
    }
    return t.toString();
  }
}
