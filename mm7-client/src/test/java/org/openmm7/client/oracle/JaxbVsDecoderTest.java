package org.openmm7.client.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.activation.DataHandler;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.schema.Mm7Release;

/**
 * JAXB vs decoder: random instances of the generated classes of every operation in every
 * release (see {@link JaxbGen}) are marshalled by JAXB with schema validation, wrapped in SOAP
 * with attachments by angus-mail when they refer to content, and decoded by {@link Mm7Codec} in
 * strict mode: no finding, and the decoded message means what JAXB wrote (the same
 * {@link JaxbProjection} / {@link ModelProjection} lines, the same content tree).
 */
class JaxbVsDecoderTest {
  private static final Mm7Codec STRICT = Mm7Codec.builder().strict(true).build();
  private static final Pattern SOAP_PREFIX = Pattern.compile("xmlns:([\\w.-]+)=\"http://schemas.xmlsoap.org/soap/envelope/\"");

  @Test
  void whatJaxbWritesDecodesStrictlyToTheSameMessage() {
    OracleRun.run("JaxbToDecoder", 300, JaxbVsDecoderTest::check);
  }

  /**
   * The decoder keeps free text as sent (Subject, StatusText) and trims blanks around every other
   * value (identifiers, addresses, codes, faultstring, Details): a deliberate difference, see
   * src/docs/differences.md. Both sides are compared after the same trimming.
   */
  private static final Set<String> KEPT_AS_SENT = Set.of("Subject", "StatusText");

  static List<String> trimmed(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      int eq = l.indexOf('=');
      if (eq < 0) {
        out.add(l);
        continue;
      }
      String path = l.substring(0, eq);
      String leaf = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('@')) + 1).replaceAll("\\[\\d+\\]$", "");
      String value = KEPT_AS_SENT.contains(leaf) ? l.substring(eq + 1) : l.substring(eq + 1).strip();
      if (value.startsWith("local ")) {
        // a date-time without a time zone is read as UTC (differences.md)
        value = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
            java.time.LocalDateTime.parse(value.substring(6)).atOffset(java.time.ZoneOffset.UTC));
      }
      if (leaf.equals("Details") && value.isEmpty()) {
        continue; // a Details of blanks only is read as none (differences.md)
      }
      out.add(path + "=" + value);
    }
    return JaxbProjection.sorted(out);
  }

  static void check(Random r) throws Exception {
    Mm7Release release = Gen.pick(r, Mm7Release.values());
    Mm7Operation op = Gen.pick(r, EncoderVsJaxbTest.operations(release));
    String where = release.releaseName() + " " + op.elementName();
    JaxbGen gen = new JaxbGen(r, release);
    Object header = gen.transactionId(Gen.nonBlank(r));
    Object body = gen.body(op.elementName());
    byte[] xml = Jaxb.marshalEnvelope(release, header, body, r.nextBoolean());
    Matcher prefix = SOAP_PREFIX.matcher(new String(xml, StandardCharsets.UTF_8));
    String soapPrefix = prefix.find() ? prefix.group(1) : "";

    String contentType = "text/xml; charset=utf-8";
    byte[] http = xml;
    MimeMultipart reference = null;
    if (gen.contentId != null) {
      AngusGen angus = new AngusGen(r);
      AngusGen.Multi top = (AngusGen.Multi) angus.multipart("related");
      MimeBodyPart soap = new MimeBodyPart();
      soap.setDataHandler(new DataHandler(new ByteArrayDataSource(xml, contentType)));
      soap.setHeader("Content-Type", contentType);
      soap.setHeader("Content-ID", "<soap@jaxb>");
      soap.setHeader("Content-Transfer-Encoding", "binary");
      top.addBodyPart(soap);
      MimeBodyPart content = angus.part(2);
      content.setHeader("Content-ID", "<" + gen.contentId + ">");
      top.addBodyPart(content);
      top.parameter("type", "text/xml");
      top.parameter("start", "<soap@jaxb>");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      top.writeTo(out);
      http = out.toByteArray();
      contentType = MimeUtility.unfold(top.getContentType()).replaceAll("\\s*\\r?\\n\\s*", " ");
      reference = MimeTrees.parse(contentType, http);
    }

    try (DecodedMessage d = STRICT.decode(contentType, http)) {
      List<org.openmm7.client.codec.Finding> faults = MimeTrees.faults(d.findings());
      if (op == Mm7Operation.FAULT) {
        // a Fault without RSErrorRsp/VASPErrorRsp is valid SOAP but not what MM7 senders send: rightly noted
        // (or, when its faultstring holds a number like a status code, status-only-in-faultstring)
        faults.removeIf(f -> f.code().equals("fault-without-status") || f.code().equals("status-only-in-faultstring"));
      }
      assertEquals(List.of(), faults, where + ": findings on what JAXB wrote\n" + new String(xml, StandardCharsets.UTF_8));
      assertEquals(release, d.envelope().release(), where + ": release");
      // what the XML says, as JAXB reads it back: JAXB writes a tab or LF in an attribute value
      // raw, which every parser then reads as a space (XML 1.0 3.3.3)
      org.openmm7.schema.jaxb.soap.EnvelopeType written = Jaxb.unmarshalEnvelope(release, xml);
      List<String> expected = new ArrayList<>(JaxbProjection.of("TransactionID", written.getHeader().getAny().get(0)));
      String bodyName = op == Mm7Operation.FAULT || op == Mm7Operation.RS_ERROR_RSP || op == Mm7Operation.VASP_ERROR_RSP
          ? "Fault" : op.elementName();
      expected.addAll(JaxbProjection.of(bodyName, written.getBody().getAny().get(0)));
      List<String> actual = ModelProjection.of(d.envelope(), gen.contentId == null ? null : "cid:" + gen.contentId,
          soapPrefix);
      if (op == Mm7Operation.FAULT) {
        // a Fault without detail: the model holds only faultcode and faultstring of it
        actual.removeIf(l -> !l.startsWith("Fault/") && !l.startsWith("TransactionID"));
      }
      JaxbProjection.assertSameLines(trimmed(JaxbProjection.sorted(expected)), trimmed(actual),
          where + ": the decoded message differs from what JAXB wrote\n" + new String(xml, StandardCharsets.UTF_8));
      if (reference != null) {
        assertTrue(d.content().isPresent(), where + ": content");
        MimeTrees.assertSame(reference.getBodyPart(1), d.content().get(), where + " content");
      }
    }
  }
}
