package org.openmm7.client.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.xml.bind.JAXBElement;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.schema.Mm7Release;
import org.openmm7.schema.jaxb.soap.EnvelopeType;
import org.openmm7.schema.jaxb.soap.FaultType;

/**
 * Encoder vs JAXB and angus-mail: random messages of every operation in every release are
 * encoded by {@link Mm7Codec}; the HTTP body is read by angus-mail, the SOAP part unmarshalled
 * by JAXB with the release's schema validating, and both must say what the message meant: the
 * same fields (compared as {@link ModelProjection} and {@link JaxbProjection} lines), the Content
 * href naming the content part, and the content tree with the same types, IDs, headers and bytes.
 */
class EncoderVsJaxbTest {
  private static final Mm7Codec CODEC = Mm7Codec.lenient();

  @Test
  void everythingTheEncoderWritesIsValidAndMeansWhatWasEncoded() {
    OracleRun.run("EncoderVsJaxb", 300, EncoderVsJaxbTest::check);
  }

  /** The operations a release has (its request, response and error elements), and a bare fault. */
  static List<Mm7Operation> operations(Mm7Release release) {
    List<Mm7Operation> ops = new ArrayList<>();
    for (Mm7Operation op : Mm7Operation.values()) {
      if (op == Mm7Operation.FAULT || release.hasOperation(op.elementName())) {
        ops.add(op);
      }
    }
    return ops;
  }

  static String version(Random r, Mm7Release release) {
    return Gen.chance(r, 70) ? release.defaultVersion()
        : Gen.pick(r, "5.3.0", "6.8.0", "0.0.0", "10.20.30", "5.10.0");
  }

  static void check(Random r) throws Exception {
    Mm7Release release = Gen.pick(r, Mm7Release.values());
    Mm7Operation op = Gen.pick(r, operations(release));
    Mm7Message message = ModelGen.message(r, release, op);
    Mm7Envelope envelope = new Mm7Envelope(Gen.nonBlank(r), release, version(r, release), message);

    EncodedMessage encoded = CODEC.encode(envelope);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encoded.writeTo(out);
    verify(envelope, encoded, out.toByteArray());
  }

  /**
   * Asserts that an encoded message is valid against its release's schema as JAXB reads it and
   * means what {@code envelope} says, content included.
   */
  static void verify(Mm7Envelope envelope, EncodedMessage encoded, byte[] bytes) throws Exception {
    Mm7Release release = envelope.release();
    Mm7Message message = envelope.message();
    Mm7Operation op = message.operation();
    String where = release.releaseName() + " " + op.elementName();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(bytes);
    byte[] soap;
    String href = null;
    MimePart content = Mm7Codec.contentOf(message);
    if (content == null) {
      assertTrue(!encoded.hasAttachments(), where + ": a message without content is a bare SOAP body");
      soap = body.toByteArray();
      assertEquals(soap.length, encoded.contentLength(), where + ": Content-Length");
    } else {
      MimeMultipart mp = MimeTrees.parse(encoded.contentType(), body.toByteArray());
      jakarta.mail.internet.ContentType type = new jakarta.mail.internet.ContentType(encoded.contentType());
      assertEquals("multipart/related", type.getBaseType().toLowerCase(), where);
      assertEquals("text/xml", type.getParameter("type"), where + ": type parameter");
      assertEquals(2, mp.getCount(), where + ": a SOAP part and a content part");
      BodyPart root = mp.getBodyPart(0);
      assertEquals("<" + MimeTrees.contentId(root) + ">", type.getParameter("start"), where + ": start names the first part");
      assertEquals("text/xml", new jakarta.mail.internet.ContentType(root.getContentType()).getBaseType(), where);
      soap = MimeTrees.bytes(root);
      BodyPart contentPart = mp.getBodyPart(1);
      String cid = MimeTrees.contentId(contentPart);
      assertNotNull(cid, where + ": the content part has a Content-ID");
      href = "cid:" + cid;
      MimePart expected = content.contentId().isPresent() ? content : content.withContentId(cid);
      MimeTrees.assertSame(contentPart, expected, where + " content");
      long length = encoded.contentLength();
      assertTrue(length == -1 || length == body.size(), where + ": Content-Length " + length + " but " + body.size() + " bytes");
    }

    EnvelopeType env = Jaxb.unmarshalEnvelope(release, soap);
    List<String> actual = new ArrayList<>();
    assertEquals(1, env.getHeader().getAny().size(), where + ": one header entry");
    actual.addAll(JaxbProjection.of("TransactionID", env.getHeader().getAny().get(0)));
    assertEquals(1, env.getBody().getAny().size(), where + ": one body entry");
    JAXBElement<?> entry = (JAXBElement<?>) env.getBody().getAny().get(0);
    String name = entry.getName().getLocalPart();
    assertEquals(entry.getValue() instanceof FaultType ? "Fault" : op.elementName(), name, where + ": body element");
    assertEquals(entry.getValue() instanceof FaultType ? "http://schemas.xmlsoap.org/soap/envelope/" : release.namespace(),
        entry.getName().getNamespaceURI(), where + ": body element namespace");
    actual.addAll(JaxbProjection.of(name, entry));
    JaxbProjection.assertSameLines(ModelProjection.of(envelope, href), JaxbProjection.sorted(actual),
        where + ": what JAXB read differs from what was encoded");
  }
}
