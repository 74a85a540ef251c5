package org.openmm7.client.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Schemas;

/**
 * Every legal variant of every golden message ({@link LegalVariants}) decodes to the same message
 * with no finding of severity violation, and its SOAP part is valid against the release's XSD (the
 * JDK's schema validator as the oracle: a variant it accepts must not be called a violation).
 */
class LegalVariantsTest {
  private final Mm7Codec codec = Mm7Codec.lenient();

  @TestFactory
  Stream<DynamicTest> everyVariantIsLegal() throws Exception {
    List<LegalVariants.Variant> all = LegalVariants.all();
    assertTrue(all.size() > 11 * 18 * 8, "variants of every golden message: " + all.size());
    return all.stream().map(v -> DynamicTest.dynamicTest(v.toString(), () -> check(v)));
  }

  private void check(LegalVariants.Variant v) throws Exception {
    Path golden = v.golden();
    try (DecodedMessage g = codec.decodeCapture(Files.newInputStream(golden));
        DecodedMessage d = codec.decodeCapture(new ByteArrayInputStream(v.capture()))) {
      // the oracle first: the JDK's validator finds the SOAP part valid against the release's XSD
      Mm7Schemas.schema(d.envelope().release()).newValidator()
          .validate(new StreamSource(new ByteArrayInputStream(d.soapPart())));
      List<Finding> violations = d.findings().stream().filter(Finding::isViolation).collect(Collectors.toList());
      assertEquals(List.of(), violations, v + ": a legal variant has no violation");
      assertEquals(g.transactionId(), d.transactionId(), v.toString());
      assertEquals(g.envelope().release(), d.envelope().release(), v.toString());
      assertEquals(g.message().operation(), d.message().operation(), v.toString());
      assertEquals(g.leafParts().size(), d.leafParts().size(), v.toString());
      if (v.name().contains("utf8-subject")) {
        assertEquals(LegalVariants.UTF8_SUBJECT, subject(d.message()), v.toString());
      } else {
        assertEquals(subject(g.message()), subject(d.message()), v.toString());
      }
    }
  }

  private static String subject(Mm7Message m) {
    if (m instanceof SubmitRequest s) {
      return s.subject();
    } else if (m instanceof DeliverRequest s) {
      return s.subject();
    } else if (m instanceof ExtendedReplaceRequest s) {
      return s.subject();
    }
    return null;
  }

  /** Each rewrite applies to some golden message, so that none is silently a no-op. */
  @Test
  void everyRewriteApplies() throws Exception {
    Set<String> used = LegalVariants.all().stream().map(LegalVariants.Variant::name)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(LegalVariants.names()), used);
  }

  /**
   * The case: a SOAP part in UTF-8 with no Content-Transfer-Encoding and a non-ASCII Subject
   * is legal over HTTP (RFC 7231 appendix A.5): at most an informational raw-8bit-text.
   */
  @Test
  void utf8SoapPartWithoutTransferEncodingIsInformationalOnly() throws Exception {
    for (Path golden : LegalVariants.goldenFiles()) {
      LegalVariants.Variant v = LegalVariants.of(golden, "soap-part-without-cte-utf8-subject");
      if (v == null) {
        continue;
      }
      try (DecodedMessage d = codec.decodeCapture(new ByteArrayInputStream(v.capture()))) {
        Finding f = d.findings().stream().filter(x -> x.code().startsWith("raw-8bit")).findFirst().orElse(null);
        assertNotNull(f, v + ": the 8-bit SOAP part is noted");
        assertEquals(DecodeProblem.RAW_8BIT_TEXT, f.problem(), v + ": text, not binary");
        assertEquals(Severity.INFORMATIONAL, f.severity());
        assertTrue(f.rule().contains("RFC 7231"), f.rule());
        assertEquals(LegalVariants.UTF8_SUBJECT, subject(d.message()));
      }
    }
  }
}
