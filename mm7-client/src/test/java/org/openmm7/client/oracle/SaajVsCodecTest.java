package org.openmm7.client.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MimeMultipart;
import jakarta.xml.soap.AttachmentPart;
import jakarta.xml.soap.MessageFactory;
import jakarta.xml.soap.MimeHeaders;
import jakarta.xml.soap.SOAPConstants;
import jakarta.xml.soap.SOAPMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.schema.Mm7Release;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The SAAJ stack of jaxws-rt (saaj-impl) reads what the codec writes: random messages of every
 * operation in every release, with and without content. SAAJ finds the same envelope (the same
 * XML tree as the SOAP part the codec wrote) and the same attachment (Content-ID, Content-Type,
 * bytes) as angus-mail.
 */
class SaajVsCodecTest {
  private static final Mm7Codec CODEC = Mm7Codec.lenient();
  private static final MessageFactory SAAJ;

  static {
    try {
      SAAJ = MessageFactory.newInstance(SOAPConstants.SOAP_1_1_PROTOCOL);
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Test
  void saajReadsTheSameEnvelopeAndAttachmentsAsTheCodecWrote() {
    OracleRun.run("SaajReadsCodec", 150, SaajVsCodecTest::check);
  }

  static void check(Random r) throws Exception {
    Mm7Release release = Gen.pick(r, Mm7Release.values());
    List<Mm7Operation> ops = new ArrayList<>(EncoderVsJaxbTest.operations(release));
    // half the cases carry content: the operations that can
    if (r.nextBoolean()) {
      ops.retainAll(List.of(Mm7Operation.SUBMIT_REQ, Mm7Operation.DELIVER_REQ, Mm7Operation.REPLACE_REQ,
          Mm7Operation.EXTENDED_REPLACE_REQ));
    }
    Mm7Operation op = Gen.pick(r, ops);
    Mm7Message message = ModelGen.message(r, release, op);
    EncodedMessage encoded = CODEC.encode(new Mm7Envelope(Gen.nonBlank(r), release, null, message));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encoded.writeTo(out);
    byte[] body = out.toByteArray();
    String where = release.releaseName() + " " + op.elementName();

    MimeHeaders headers = new MimeHeaders();
    headers.addHeader("Content-Type", encoded.contentType());
    SOAPMessage saaj = SAAJ.createMessage(headers, new ByteArrayInputStream(body));
    Element saajEnvelope = saaj.getSOAPPart().getEnvelope();
    Document written = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(encoded.soapEnvelope()));
    Document read = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().newDocument();
    read.appendChild(read.importNode(saajEnvelope, true));
    read.normalizeDocument();
    written.normalizeDocument();
    assertTrue(written.getDocumentElement().isEqualNode(read.getDocumentElement()),
        where + ": SAAJ read another envelope than the codec wrote");

    List<AttachmentPart> attachments = new ArrayList<>();
    for (Iterator<AttachmentPart> i = saaj.getAttachments(); i.hasNext(); ) {
      attachments.add(i.next());
    }
    if (!encoded.hasAttachments()) {
      assertEquals(0, attachments.size(), where + ": attachments of a bare envelope");
      return;
    }
    MimeMultipart reference = MimeTrees.parse(encoded.contentType(), body);
    assertEquals(reference.getCount() - 1, attachments.size(), where + ": attachments");
    for (int i = 0; i < attachments.size(); i++) {
      AttachmentPart a = attachments.get(i);
      jakarta.mail.BodyPart ref = reference.getBodyPart(i + 1);
      assertEquals("<" + MimeTrees.contentId(ref) + ">", a.getContentId(), where + ": Content-ID");
      assertEquals(new jakarta.mail.internet.ContentType(ref.getContentType()).toString(),
          new jakarta.mail.internet.ContentType(a.getContentType()).toString(), where + ": Content-Type");
      // getRawContentBytes() throws NegativeArraySizeException on an empty part (saaj-impl 3.0.4)
      try (java.io.InputStream raw = a.getRawContent()) {
        assertArrayEquals(MimeTrees.bytes(ref), raw.readAllBytes(), where + ": attachment bytes");
      }
    }
  }
}
