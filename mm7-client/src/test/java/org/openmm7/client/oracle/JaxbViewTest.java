package org.openmm7.client.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.xml.bind.JAXBElement;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.JaxbView;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.client.codec.Mm7EncodeException;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.hostile.HostileCorpus;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.schema.Mm7Release;
import org.openmm7.schema.jaxb.soap.FaultType;

/**
 * The public JAXB view ({@link JaxbView}) against JAXB itself and the neutral decoder: bodies JAXB
 * generated, encoded through the view, decode strictly to what JAXB says they mean; golden
 * messages read through the view equal what JAXB unmarshals from their SOAP part.
 */
class JaxbViewTest {
  private static final Mm7Codec STRICT = Mm7Codec.builder().strict(true).build();
  private static final Mm7Codec LENIENT = Mm7Codec.lenient();
  private static final JaxbView VIEW = JaxbView.validating();
  private static final List<Mm7Release> RELEASES = List.of(Mm7Release.REL_5_MM7_1_0, Mm7Release.REL_5_MM7_1_3,
      Mm7Release.REL_6_MM7_1_0, Mm7Release.REL_6_MM7_1_4);

  @Test
  void everyOperationEncodedThroughTheViewDecodesStrictlyToWhatJaxbSays() throws Exception {
    int checked = 0;
    for (Mm7Release release : RELEASES) {
      for (Mm7Operation op : EncoderVsJaxbTest.operations(release)) {
        for (int seed = 0; seed < 4; seed++) {
          roundTrip(new Random(release.ordinal() * 1000L + op.ordinal() * 10L + seed), release, op);
          checked++;
        }
      }
    }
    assertTrue(checked > 200, checked + " cases");
  }

  private static void roundTrip(Random r, Mm7Release release, Mm7Operation op) throws Exception {
    String where = release.releaseName() + " " + op.elementName();
    JaxbGen gen = new JaxbGen(r, release);
    String transactionId = Gen.nonBlank(r).strip();
    Object body = gen.body(op.elementName());
    MimePart content = null;
    if (gen.contentId != null) {
      // half of them without a Content-ID: the view takes the one the href names
      content = r.nextBoolean() ? TextPart.of("hello " + r.nextInt()).withContentId(gen.contentId)
          : BinaryPart.ofBytes(new byte[] {1, 2, (byte) r.nextInt()}, "image/gif");
    }
    EncodedMessage encoded = VIEW.encode(release, transactionId, body, content);
    assertEquals(content != null, encoded.hasAttachments(), where);
    try (DecodedMessage d = STRICT.decode(encoded.contentType(), bytes(encoded))) {
      List<org.openmm7.client.codec.Finding> faults = MimeTrees.faults(d.findings());
      if (op == Mm7Operation.FAULT) {
        faults.removeIf(f -> f.code().equals("fault-without-status") || f.code().equals("status-only-in-faultstring"));
      }
      assertEquals(List.of(), faults, where);
      assertEquals(release, d.envelope().release(), where);
      assertEquals(transactionId, d.transactionId(), where);
      String bodyName = op == Mm7Operation.FAULT || op == Mm7Operation.RS_ERROR_RSP || op == Mm7Operation.VASP_ERROR_RSP
          ? "Fault" : op.elementName();
      // the neutral model means what the JAXB object says
      List<String> expected = JaxbProjection.of(bodyName, body);
      List<String> actual = ModelProjection.of(d.envelope(), gen.contentId == null ? null : "cid:" + gen.contentId,
          soapPrefix(encoded));
      actual.removeIf(l -> l.startsWith("TransactionID"));
      if (op == Mm7Operation.FAULT) {
        actual.removeIf(l -> !l.startsWith("Fault/"));
      }
      String xml = new String(encoded.soapEnvelope(), StandardCharsets.UTF_8);
      JaxbProjection.assertSameLines(JaxbVsDecoderTest.trimmed(JaxbProjection.sorted(expected)),
          JaxbVsDecoderTest.trimmed(actual), where + "\n" + xml);
      // and the view reads back the very same JAXB object
      JaxbProjection.assertSameLines(JaxbProjection.sorted(expected),
          JaxbProjection.sorted(JaxbProjection.of(bodyName, VIEW.body(d))), where + " read back\n" + xml);
      if (content != null) {
        assertEquals(1, d.leafParts().size(), where);
        assertEquals(bytesOf(content), bytesOf(d.leafParts().get(0)), where);
      }
    }
  }

  @Test
  void goldenMessagesReadThroughTheViewEqualWhatJaxbUnmarshals() throws Exception {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(HostileCorpus.corpus().resolve("golden"))) {
      s.filter(p -> p.toString().endsWith(".http")).sorted().forEach(files::add);
    }
    assertTrue(files.size() > 150, files.size() + " golden messages");
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file); DecodedMessage d = LENIENT.decodeCapture(in)) {
        Mm7Release release = d.envelope().release();
        Object viewed = VIEW.body(d);
        Object reference = Jaxb.unmarshalEnvelope(release, d.soapPart()).getBody().getAny().get(0);
        String name = ((JAXBElement<?>) reference).getName().getLocalPart();
        assertEquals(name, ((JAXBElement<?>) viewed).getName().getLocalPart(), file.toString());
        JaxbProjection.assertSameLines(JaxbProjection.sorted(JaxbProjection.of(name, reference)),
            JaxbProjection.sorted(JaxbProjection.of(name, viewed)), file.toString());
        // the model and the view hold the same value type for the release
        assertEquals(Jaxb.packageOf(release).equals(((JAXBElement<?>) viewed).getValue().getClass().getPackageName())
            || name.equals("Fault"), true, file + ": " + ((JAXBElement<?>) viewed).getValue().getClass());
      }
    }
  }

  @Test
  void whatTheModelLeavesOutIsVisibleThroughTheView() throws Exception {
    // SOAP 1.1's faultactor has no place in the neutral model (ErrorResponse); blanks around an
    // identifier are trimmed by the decoder and kept by JAXB
    String soap = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\">"
        + "<env:Header><mm7:TransactionID xmlns:mm7=\"" + Mm7Release.REL_6_MM7_1_4.namespace()
        + "\" env:mustUnderstand=\"1\">tx-1</mm7:TransactionID></env:Header>"
        + "<env:Body><env:Fault><faultcode>env:Server</faultcode><faultstring>down</faultstring>"
        + "<faultactor>http://relay.example/mm7</faultactor></env:Fault></env:Body></env:Envelope>";
    try (DecodedMessage d = LENIENT.decode("text/xml; charset=utf-8", soap.getBytes(StandardCharsets.UTF_8))) {
      assertTrue(!d.message().toString().contains("relay.example"), "the model holds no faultactor: " + d.message());
      FaultType fault = VIEW.body(d, FaultType.class);
      assertEquals("http://relay.example/mm7", fault.getFaultactor());
      assertEquals("down", fault.getFaultstring());
    }
  }

  @Test
  void aForeignNamespaceTheDecoderTookForAReleaseIsReadAsThatRelease() throws Exception {
    // the decoder maps a namespace no release has (e.g. a vendor's) to a release with a finding;
    // the view reads the elements as that release's instead of dropping them
    Path file = HostileCorpus.corpus().resolve("golden").resolve("REL-6-MM7-1-4").resolve("SubmitRsp.http");
    String http = Files.readString(file, StandardCharsets.ISO_8859_1);
    String ns = Mm7Release.REL_6_MM7_1_4.namespace();
    String foreign = http.replace(ns, ns.replace("REL-6-MM7-1-4", "REL-6-MM7-1-9"));
    try (DecodedMessage d = LENIENT.decodeCapture(new java.io.ByteArrayInputStream(
        foreign.getBytes(StandardCharsets.ISO_8859_1)))) {
      assertTrue(!d.namespace().equals(d.envelope().release().namespace()), d.namespace());
      JAXBElement<?> viewed = (JAXBElement<?>) JaxbView.create().body(d);
      assertEquals(d.envelope().release().namespace(), viewed.getName().getNamespaceURI());
      List<String> lines = JaxbProjection.of("SubmitRsp", viewed);
      assertTrue(lines.stream().anyMatch(l -> l.contains("MessageID=")), lines.toString());
    }
  }

  @Test
  void deviationsTheDecoderToleratesAreReadAsTheirRelease() throws Exception {
    // each file of src/corpus/deviations the lenient decoder reads: the view reads the same
    // operation, and its values where the model has them (an unqualified body included)
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(HostileCorpus.corpus().resolve("deviations"))) {
      s.filter(p -> p.toString().endsWith(".http")).sorted().forEach(files::add);
    }
    int read = 0;
    for (Path file : files) {
      DecodedMessage d;
      try (InputStream in = Files.newInputStream(file)) {
        d = LENIENT.decodeCapture(in);
      } catch (Mm7DecodeException refused) {
        continue;
      }
      try (d) {
        JAXBElement<?> viewed = (JAXBElement<?>) JaxbView.create().body(d);
        String name = viewed.getName().getLocalPart();
        String op = d.message().operation().elementName();
        assertTrue(name.equals(op) || name.equals("Fault"), file + ": " + name + " for " + op);
        if (!name.equals("Fault")) {
          assertEquals(d.envelope().release().namespace(), viewed.getName().getNamespaceURI(), file.toString());
          assertTrue(JaxbProjection.of(name, viewed).stream().anyMatch(l -> l.contains("MM7Version=")),
              file + ": " + JaxbProjection.of(name, viewed));
        }
        read++;
      }
    }
    assertTrue(read > 25, read + " of " + files.size() + " deviations read");
  }

  @Test
  void encodingRefusesWhatAStrictPeerWouldRefuse() throws Exception {
    Mm7Release release = Mm7Release.REL_6_MM7_1_4;
    Random r = new Random(7);
    JaxbGen gen;
    Object submit;
    do {
      gen = new JaxbGen(r, release);
      submit = gen.body("SubmitReq");
    } while (gen.contentId == null);
    String contentId = gen.contentId;
    Object body = submit;
    // content named other than the href says
    Mm7EncodeException wrongId = assertThrows(Mm7EncodeException.class,
        () -> VIEW.encode(release, "tx", body, TextPart.of("x").withContentId("other@example")));
    assertTrue(wrongId.getMessage().contains("unresolved-content-reference"), wrongId.getMessage());
    // a Content reference and no content
    Mm7EncodeException none = assertThrows(Mm7EncodeException.class, () -> VIEW.encode(release, "tx", body, null));
    assertTrue(none.getMessage().contains("strict peer"), none.getMessage());
    // the right content passes
    assertTrue(VIEW.encode(release, "tx", body, TextPart.of("x").withContentId(contentId)).hasAttachments());
    // a body missing what the schema requires: named by the schema validator
    org.openmm7.schema.jaxb.rel6_1_4.SubmitReqType empty = new org.openmm7.schema.jaxb.rel6_1_4.SubmitReqType();
    Object invalid = new org.openmm7.schema.jaxb.rel6_1_4.ObjectFactory().createSubmitReq(empty);
    Mm7EncodeException schema = assertThrows(Mm7EncodeException.class, () -> VIEW.encode(release, "tx", invalid, null));
    assertTrue(schema.getMessage().contains("not valid against REL-6-MM7-1-4") && schema.getMessage().contains("cvc-"),
        schema.getMessage());
    // a body of another release is not the release's
    Object other = new JaxbGen(new Random(3), Mm7Release.REL_5_MM7_1_0).body("CancelRsp");
    assertThrows(Mm7EncodeException.class, () -> VIEW.encode(release, "tx", other, null));
    // not an element at all
    assertThrows(IllegalArgumentException.class, () -> VIEW.encode(release, "tx", empty, null));
  }

  @Test
  void aBodyOfAnotherTypeIsRefusedByTheTypedRead() throws Exception {
    Path file = HostileCorpus.corpus().resolve("golden").resolve("REL-6-MM7-1-4").resolve("CancelReq.http");
    try (InputStream in = Files.newInputStream(file); DecodedMessage d = LENIENT.decodeCapture(in)) {
      assertEquals("CancelReqType", VIEW.body(d, Object.class).getClass().getSimpleName());
      assertThrows(IllegalArgumentException.class,
          () -> VIEW.body(d, org.openmm7.schema.jaxb.rel6_1_4.SubmitReqType.class));
      assertThrows(IllegalArgumentException.class,
          () -> VIEW.body(d, org.openmm7.schema.jaxb.rel6_1_3.CancelReqType.class));
    }
  }

  @Test
  void aValidatingViewRefusesABodyTheSchemaDoesNotAllow() throws Exception {
    // an element the schema does not have in Status: JAXB alone skips it, validation refuses it
    Path file = HostileCorpus.corpus().resolve("golden").resolve("REL-6-MM7-1-4").resolve("CancelRsp.http");
    String http = Files.readString(file, StandardCharsets.ISO_8859_1);
    String bad = http.replaceFirst("</(\\w+:)?Status>", "<$1Unheard>x</$1Unheard></$1Status>");
    bad = bad.replaceFirst("(?i)Content-Length: \\d+", "Content-Length: " + (bad.length() - bad.indexOf("\r\n\r\n") - 4));
    try (DecodedMessage d = LENIENT.decodeCapture(new java.io.ByteArrayInputStream(
        bad.getBytes(StandardCharsets.ISO_8859_1)))) {
      Mm7DecodeException e = assertThrows(Mm7DecodeException.class, () -> VIEW.body(d));
      assertTrue(e.getMessage().contains("not valid against"), e.getMessage());
      assertEquals("CancelRsp", ((JAXBElement<?>) JaxbView.create().body(d)).getName().getLocalPart());
    }
  }

  /**
   * The figure in src/docs/jaxb-view.md: every golden message decoded from memory by the neutral
   * decoder, and the same followed by the view (without and with validation); and each encoded by
   * the codec and, from its JAXB body, by the view. Prints the times; asserts what was measured.
   */
  @Test
  void costNextToTheNeutralPath() throws Exception {
    List<byte[]> captures = new ArrayList<>();
    try (Stream<Path> s = Files.walk(HostileCorpus.corpus().resolve("golden"))) {
      for (Path p : s.filter(p -> p.toString().endsWith(".http")).sorted().toList()) {
        captures.add(Files.readAllBytes(p));
      }
    }
    JaxbView plain = JaxbView.create();
    long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    for (int round = 0; round < 8; round++) { // the best of 8 rounds, the first ones warm up
      long[] t = new long[5];
      for (byte[] c : captures) {
        long t0 = System.nanoTime();
        try (DecodedMessage d = LENIENT.decodeCapture(new java.io.ByteArrayInputStream(c))) {
          long t1 = System.nanoTime();
          JAXBElement<?> body = (JAXBElement<?>) plain.body(d);
          long t2 = System.nanoTime();
          VIEW.body(d);
          long t3 = System.nanoTime();
          EncodedMessage neutral = LENIENT.encode(d.envelope());
          long t4 = System.nanoTime();
          EncodedMessage viaView = plain.encode(d.envelope().release(), d.transactionId(), body, d.content().orElse(null));
          long t5 = System.nanoTime();
          String op = d.message().operation().elementName();
          assertEquals(body.getName().getLocalPart().equals("Fault") ? "Fault" : op, body.getName().getLocalPart());
          assertEquals(neutral.hasAttachments(), viaView.hasAttachments(), op);
          t[0] += t1 - t0;
          t[1] += t2 - t1;
          t[2] += t3 - t2;
          t[3] += t4 - t3;
          t[4] += t5 - t4;
        }
      }
      for (int i = 0; i < t.length; i++) {
        best[i] = Math.min(best[i], t[i]);
      }
    }
    int n = captures.size();
    System.out.printf("JaxbView cost over %d golden messages (best of 8 rounds, microseconds per message):%n"
        + "  decode (neutral)               %8.1f%n"
        + "  + view body, no validation     %8.1f  (x%.1f of the decode)%n"
        + "  + view body, validating        %8.1f  (x%.1f)%n"
        + "  encode (neutral)               %8.1f%n"
        + "  encode via the view (+ check)  %8.1f  (x%.1f of the neutral encode)%n",
        n, best[0] / 1e3 / n, best[1] / 1e3 / n, (double) best[1] / best[0], best[2] / 1e3 / n,
        (double) best[2] / best[0], best[3] / 1e3 / n, best[4] / 1e3 / n, (double) best[4] / best[3]);
  }

  private static String soapPrefix(EncodedMessage e) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("xmlns:([\\w.-]+)=\"http://schemas.xmlsoap.org/soap/envelope/\"")
        .matcher(new String(e.soapEnvelope(), StandardCharsets.UTF_8));
    String prefix = "";
    while (m.find()) {
      prefix = m.group(1); // JAXB declares its own prefix on Fault: the innermost one is in scope at faultcode
    }
    return prefix;
  }

  private static byte[] bytes(EncodedMessage e) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    return out.toByteArray();
  }

  private static String bytesOf(MimePart p) throws java.io.IOException {
    return java.util.Arrays.toString(MimeTrees.bytes(p));
  }
}
