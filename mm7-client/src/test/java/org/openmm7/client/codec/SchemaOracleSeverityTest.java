package org.openmm7.client.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.openmm7.client.hostile.HostileCorpus;
import org.openmm7.schema.Mm7Release;
import org.openmm7.schema.Mm7Schemas;

/**
 * The JDK's XML Schema validator over the project's XSDs as the oracle of the severities of the
 * codes about the envelope's XML (issue 11; it moved faultcode-unprefixed to a deviation and split
 * text-in-empty-element, a violation, from whitespace-in-values): over the golden messages, the deviations and the legal
 * variants, the SOAP part is valid for its release's schema exactly when the decoder reports none of
 * those codes as a violation. A schema-valid message called a violation, or a schema-invalid one
 * with no violation, is a wrong severity (or a missed finding).
 */
class SchemaOracleSeverityTest {
  /** The codes whose rule is the XSD of the release or of the SOAP envelope. */
  static final Set<String> SCHEMA_CODES = Set.of("body-no-namespace", "unqualified-children", "unknown-element",
      "elements-out-of-order", "too-many-occurrences", "missing-element", "address-bare-text", "boolean-capitalised",
      "fault-children-qualified", "faultcode-in-mm7-namespace", "href-namespace-qualified", "missing-transaction-id",
      "whitespace-in-values", "text-in-empty-element", "unknown-value", "faultcode-unprefixed",
      "whitespace-before-xml-declaration");

  @TestFactory
  Stream<DynamicTest> schemaValidExactlyWhenNoSchemaViolation() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    Path corpus = HostileCorpus.corpus();
    List<Path> files;
    try (Stream<Path> s = Files.walk(corpus)) {
      files = s.filter(p -> p.toString().endsWith(".http")
          && (p.startsWith(corpus.resolve("golden")) || p.startsWith(corpus.resolve("deviations"))))
          .sorted().collect(Collectors.toList());
    }
    for (Path f : files) {
      tests.add(DynamicTest.dynamicTest(corpus.relativize(f).toString(), () -> check(f.toString(), Files.newInputStream(f))));
    }
    for (LegalVariants.Variant v : LegalVariants.all()) {
      if (v.release().equals("REL-6-MM7-1-4") || v.release().equals("REL-5-MM7-1-2")) {
        tests.add(DynamicTest.dynamicTest(v.toString(), () -> check(v.toString(), new ByteArrayInputStream(v.capture()))));
      }
    }
    assertTrue(tests.size() > 200, "cases: " + tests.size());
    return tests.stream();
  }

  private static void check(String name, InputStream capture) throws Exception {
    try (DecodedMessage d = Mm7Codec.lenient().decodeCapture(capture)) {
      if (Mm7Release.fromNamespace(d.namespace()).isEmpty()) {
        return; // no schema to ask (unknown-namespace, body-no-namespace without a namespace anywhere)
      }
      if (d.findings().stream().anyMatch(f -> f.code().equals("xml-encoding-mismatch"))) {
        return; // the validator reads the bytes by the XML declaration; the MIME label it cannot see wins
      }
      String invalid = null;
      try {
        Mm7Schemas.schema(d.envelope().release()).newValidator()
            .validate(new StreamSource(new ByteArrayInputStream(d.soapPart())));
      } catch (org.xml.sax.SAXException e) {
        invalid = e.getMessage();
      }
      List<String> violations = d.findings().stream()
          .filter(f -> SCHEMA_CODES.contains(f.code()) && f.isViolation()).map(Finding::toString)
          .collect(Collectors.toList());
      assertEquals(invalid != null, !violations.isEmpty(), name + ": the XSD says "
          + (invalid == null ? "valid" : invalid) + "; schema violations found: " + violations + "; all: " + d.findings());
    }
  }
}
