package org.openmm7.client.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.activation.DataHandler;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.schema.Mm7Release;

/**
 * MIME vs angus-mail, both ways. Random MIME trees written by angus-mail as an MM7 message's
 * content decode in {@link Mm7Codec} (strict, from an array and from a stream) to the parts and
 * bytes angus-mail reads from the same body; random content trees the codec writes parse in
 * angus-mail to the same parts and bytes.
 */
class MimeVsAngusTest {
  private static final Mm7Codec STRICT = Mm7Codec.builder().strict(true).build();

  @Test
  void mimeWrittenByAngusDecodesToTheSamePartsInTheCodec() {
    OracleRun.run("AngusToCodec", 200, MimeVsAngusTest::angusToCodec);
  }

  @Test
  void mimeWrittenByTheCodecParsesToTheSamePartsInAngus() {
    OracleRun.run("CodecToAngus", 200, MimeVsAngusTest::codecToAngus);
  }

  /** The SOAP envelope of a DeliverReq whose Content refers to {@code contentId}. */
  static byte[] deliverEnvelope(Random r, Mm7Release release, String contentId) throws Exception {
    DeliverRequest deliver = DeliverRequest.builder()
        .sender(Address.number("+4470000001"))
        .timeStamp(OffsetDateTime.of(2026, 12, 6, 12, 0, 0, 0, ZoneOffset.UTC))
        .subject(Gen.text(r))
        .content(TextPart.of("placeholder").withContentId(contentId))
        .build();
    return STRICT.encode(Mm7Envelope.of("tx-" + Gen.word(r), release, deliver)).soapEnvelope();
  }

  static void angusToCodec(Random r) throws Exception {
    AngusGen gen = new AngusGen(r);
    Mm7Release release = Gen.pick(r, Mm7Release.values());
    String contentId = Gen.word(r) + "@" + Gen.word(r);
    String soapId = "soap-" + Gen.word(r);

    AngusGen.Multi top = (AngusGen.Multi) gen.multipart("related");
    MimeBodyPart soap = new MimeBodyPart();
    String soapType = "text/xml; charset=utf-8";
    soap.setDataHandler(new DataHandler(new ByteArrayDataSource(deliverEnvelope(r, release, contentId), soapType)));
    soap.setHeader("Content-Type", soapType);
    soap.setHeader(Gen.chance(r, 30) ? "content-id" : "Content-ID", "<" + soapId + ">");
    soap.setHeader("Content-Transfer-Encoding", Gen.pick(r, "8bit", "binary", "base64", "quoted-printable"));
    top.addBodyPart(soap);
    MimeBodyPart content = gen.part(3);
    content.setHeader("Content-ID", "<" + contentId + ">");
    top.addBodyPart(content);
    top.parameter("type", "text/xml");
    top.parameter("start", "<" + soapId + ">");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    top.writeTo(out);
    if (Gen.chance(r, 30)) {
      out.write("\r\nan epilogue\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    byte[] body = gen.padDelimiters(out.toByteArray());
    String httpType = MimeUtility.unfold(top.getContentType()).replaceAll("\\s*\\r?\\n\\s*", " ");

    if (System.getProperty("openmm7.oracle.dump") != null) {
      java.nio.file.Files.write(java.nio.file.Path.of(System.getProperty("openmm7.oracle.dump")),
          ("Content-Type: " + httpType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      java.nio.file.Files.write(java.nio.file.Path.of(System.getProperty("openmm7.oracle.dump")), body,
          java.nio.file.StandardOpenOption.APPEND);
    }
    MimeMultipart reference = MimeTrees.parse(httpType, body);
    boolean fromArray = r.nextBoolean();
    try (DecodedMessage d = fromArray ? STRICT.decode(httpType, body)
        : STRICT.decode(httpType, new ByteArrayInputStream(body))) {
      String where = (fromArray ? "array " : "stream ") + release.releaseName();
      assertEquals(java.util.List.of(), MimeTrees.faults(d.findings()), where + ": findings on a valid message");
      assertTrue(d.content().isPresent(), where + ": content");
      MimeTrees.assertSame(reference.getBodyPart(1), d.content().get(), where + " content");
      assertEquals(new String(MimeTrees.bytes(reference.getBodyPart(0)), StandardCharsets.UTF_8),
          new String(d.soapPart(), StandardCharsets.UTF_8), where + ": SOAP part");
    }
  }

  static void codecToAngus(Random r) throws Exception {
    Mm7Release release = Gen.pick(r, Mm7Release.values());
    MimePart content = ModelGen.ContentGen.content(r, 3);
    DeliverRequest deliver = DeliverRequest.builder()
        .sender(Address.shortCode("1234"))
        .timeStamp(OffsetDateTime.of(2026, 12, 6, 12, 0, 0, 0, ZoneOffset.UTC))
        .content(content)
        .build();
    EncodedMessage encoded = STRICT.encode(Mm7Envelope.of("tx", release, deliver));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encoded.writeTo(out);
    MimeMultipart reference = MimeTrees.parse(encoded.contentType(), out.toByteArray());
    assertEquals(2, reference.getCount(), "a SOAP part and the content");
    String cid = MimeTrees.contentId(reference.getBodyPart(1));
    MimeTrees.assertSame(reference.getBodyPart(1), content.contentId().isPresent() ? content : content.withContentId(cid),
        release.releaseName() + " content");
    // and back: the codec reads its own output as angus-mail does
    try (DecodedMessage d = STRICT.decode(encoded.contentType(), out.toByteArray())) {
      assertEquals(java.util.List.of(), MimeTrees.faults(d.findings()), "findings on the codec's own output");
      MimeTrees.assertSame(reference.getBodyPart(1), d.content().orElseThrow(), "decoded content");
    }
  }
}
