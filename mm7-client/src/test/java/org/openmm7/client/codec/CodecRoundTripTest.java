package org.openmm7.client.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.ContentClass;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;
import org.openmm7.schema.Mm7Schemas;

/** Every operation in every namespace: valid against the release's XSD, and decoded back to the same message. */
class CodecRoundTripTest {
  private final Mm7Codec codec = Mm7Codec.lenient();

  @TestFactory
  Stream<DynamicTest> everyOperationInEveryNamespaceIsSchemaValidAndRoundTrips() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Mm7Release release : Mm7Release.values()) {
      for (Mm7Message m : SampleMessages.all(release)) {
        tests.add(DynamicTest.dynamicTest(release.releaseName() + " " + m.operation().elementName(),
            () -> roundTrip(release, m)));
      }
    }
    return tests.stream();
  }

  private void roundTrip(Mm7Release release, Mm7Message message) throws Exception {
    EncodedMessage encoded = codec.encode(Mm7Envelope.of("tx-42", release, message));
    String soap = new String(encoded.soapEnvelope(), java.nio.charset.StandardCharsets.UTF_8);
    Validator v = Mm7Schemas.schema(release).newValidator();
    v.validate(new StreamSource(new StringReader(soap)));

    ByteArrayOutputStream body = new ByteArrayOutputStream();
    encoded.writeTo(body);
    if (encoded.contentLength() >= 0) {
      assertEquals(encoded.contentLength(), body.size(), "declared Content-Length");
    }
    try (DecodedMessage d = codec.decode(encoded.contentType(), new ByteArrayInputStream(body.toByteArray()))) {
      assertEquals(List.of(), d.findings(), "a message OpenMM7 wrote has no findings");
      assertEquals("tx-42", d.transactionId());
      assertEquals(release, d.envelope().release());
      assertEquals(release.defaultVersion(), d.envelope().mm7Version());
      assertEquals(release.namespace(), d.namespace());
      assertEquals(withoutContent(message), withoutContent(d.message()));
      MimePart sent = Mm7Codec.contentOf(message);
      MimePart got = Mm7Codec.contentOf(d.message());
      assertEquals(sent == null, got == null, "content present on both sides");
      if (sent != null) {
        assertSameLeaves(sent, got);
      }
    }
  }

  static void assertSameLeaves(MimePart sent, MimePart got) throws IOException {
    List<MimePart> a = leaves(sent);
    List<MimePart> b = leaves(got);
    assertEquals(a.size(), b.size(), "leaf count");
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).contentType().mediaType(), b.get(i).contentType().mediaType());
      if (a.get(i).contentId().isPresent()) {
        assertEquals(a.get(i).contentId(), b.get(i).contentId());
      }
      assertEquals(a.get(i).contentLocation(), b.get(i).contentLocation());
      assertArrayEquals(bytes(a.get(i)), bytes(b.get(i)), "bytes of leaf " + i);
    }
  }

  static List<MimePart> leaves(MimePart p) {
    return p instanceof Multipart m ? m.leaves() : List.of(p);
  }

  static byte[] bytes(MimePart p) throws IOException {
    if (p instanceof TextPart t) {
      return t.text().getBytes(t.charset());
    }
    return ((BinaryPart) p).bytes();
  }

  static Mm7Message withoutContent(Mm7Message m) {
    if (m instanceof SubmitRequest r) {
      return r.toBuilder().content(null).build();
    } else if (m instanceof ReplaceRequest r) {
      return r.toBuilder().content(null).build();
    } else if (m instanceof ExtendedReplaceRequest r) {
      return r.toBuilder().content(null).build();
    } else if (m instanceof DeliverRequest r) {
      return r.toBuilder().content(null).build();
    }
    return m;
  }

  @Test
  void anElementTheReleaseLacksIsAnErrorNamingElementAndRelease() {
    SubmitRequest m = ((SubmitRequest) SampleMessages.of(Mm7Operation.SUBMIT_REQ, Mm7Release.REL_5_MM7_1_0))
        .toBuilder().contentClass(ContentClass.TEXT).build();
    Mm7EncodeException e = assertThrows(Mm7EncodeException.class,
        () -> codec.encode(Mm7Envelope.of("t", Mm7Release.REL_5_MM7_1_0, m)));
    assertTrue(e.getMessage().contains("ContentClass"), e.getMessage());
    assertTrue(e.getMessage().contains("REL-5-MM7-1-0"), e.getMessage());
  }

  @Test
  void markupCharactersInTextsAndAttributesSurviveTheRoundTrip() throws Exception {
    String subject = "<b>Tom & \"Jerry\"</b> > 'x' \u00e9\u20ac\ud83d\ude00";
    SubmitRequest m = ((SubmitRequest) SampleMessages.of(Mm7Operation.SUBMIT_REQ, Mm7Release.latest()))
        .toBuilder().subject(subject).build();
    EncodedMessage e = codec.encode(Mm7Envelope.of("tx&<\"1\">", Mm7Release.latest(), m));
    String soap = new String(e.soapEnvelope(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(soap.contains("&lt;b&gt;Tom &amp; \"Jerry\"&lt;/b&gt; &gt; 'x'"), soap);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    try (DecodedMessage d = codec.decode(e.contentType(), new ByteArrayInputStream(out.toByteArray()))) {
      assertEquals(subject, ((SubmitRequest) d.message()).subject());
      assertEquals("tx&<\"1\">", d.transactionId());
      assertTrue(d.findings().isEmpty(), d.findings().toString());
    }
  }

  @Test
  void aCharacterXmlCannotCarryIsAnEncodeErrorNotABrokenMessage() {
    SubmitRequest m = ((SubmitRequest) SampleMessages.of(Mm7Operation.SUBMIT_REQ, Mm7Release.latest()))
        .toBuilder().subject("bell \u0007").build();
    Mm7EncodeException e = assertThrows(Mm7EncodeException.class,
        () -> codec.encode(Mm7Envelope.of("t", Mm7Release.latest(), m)));
    assertTrue(e.getMessage().contains("U+0007"), e.getMessage());
  }

  @Test
  void anOperationTheReleaseLacksIsAnError() {
    Mm7EncodeException e = assertThrows(Mm7EncodeException.class, () -> codec.encode(
        Mm7Envelope.of("t", Mm7Release.REL_5_MM7_1_2, ExtendedCancelRequest.builder().cancelId("m").build())));
    assertTrue(e.getMessage().contains("extendedCancelReq"), e.getMessage());
    assertTrue(e.getMessage().contains("REL-5-MM7-1-2"), e.getMessage());
  }

  @Test
  void withoutContentTheBodyIsPlainTextXml() throws Exception {
    EncodedMessage e = codec.encode(Mm7Envelope.of("t", Mm7Release.latest(),
        SampleMessages.of(Mm7Operation.CANCEL_REQ, Mm7Release.latest())));
    assertTrue(e.contentType().startsWith("text/xml"), e.contentType());
    assertFalse(e.hasAttachments());
    String soap = new String(e.soapEnvelope(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(soap.contains("mustUnderstand=\"1\""), soap);
  }

  @Test
  void withContentTheBodyIsMultipartRelatedWithStartAndRandomBoundary() throws Exception {
    Mm7Message m = SampleMessages.of(Mm7Operation.SUBMIT_REQ, Mm7Release.latest());
    EncodedMessage a = codec.encode(Mm7Envelope.of("t", Mm7Release.latest(), m));
    EncodedMessage b = codec.encode(Mm7Envelope.of("t", Mm7Release.latest(), m));
    assertTrue(a.contentType().startsWith("multipart/related"), a.contentType());
    assertTrue(a.contentType().contains("type=\"text/xml\"") || a.contentType().contains("type=text/xml"), a.contentType());
    assertTrue(a.contentType().contains("start="), a.contentType());
    assertFalse(a.contentType().contains("\n"), "one header line");
    assertFalse(a.contentType().equals(b.contentType()), "a new boundary per message");
    String soap = new String(a.soapEnvelope(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(soap.contains("href=\"cid:"), soap);
  }
}
