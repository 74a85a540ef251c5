package org.openmm7.client.internal.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.codec.SampleMessages;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.schema.Mm7Release;

/** The fingerprint tells requests apart by what they say, not by how they were packaged. */
class MessageFingerprintTest {
  private static final Mm7Codec CODEC = Mm7Codec.lenient();
  private static final Mm7Release REL = Mm7Release.latest();

  /** Encodes and decodes again: the form an endpoint fingerprints. */
  private static String wire(DeliverRequest m) throws Exception {
    EncodedMessage e = CODEC.encode(Mm7Envelope.of("tx", REL, m));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    try (DecodedMessage d = CODEC.decode(e.contentType(), new ByteArrayInputStream(out.toByteArray()))) {
      return MessageFingerprint.of(d.envelope().release().releaseName(), d.envelope().mm7Version(), d.message());
    }
  }

  private static String of(Object m) {
    return MessageFingerprint.of(REL.releaseName(), "6.8.0", (org.openmm7.client.message.Mm7Message) m);
  }

  private static DeliverRequest deliver() {
    return (DeliverRequest) SampleMessages.of(Mm7Operation.DELIVER_REQ, REL);
  }

  @Test
  void twoEncodingsOfOneMessageHaveOneFingerprint() throws Exception {
    assertEquals(wire(deliver()), wire(deliver()), "random boundaries do not matter");
  }

  @Test
  void theTopContentIdIsPackagingButInnerContentIdsAreContent() throws Exception {
    DeliverRequest m = deliver();
    Multipart content = (Multipart) m.content();
    assertEquals(of(m), of(m.toBuilder().content(content.withContentId("generated-anew@relay")).build()));
    Multipart innerRenamed = Multipart.related(content.parts().get(0),
        content.parts().get(1).withContentId("img9@openmm7"), content.parts().get(2));
    assertNotEquals(of(m), of(m.toBuilder().content(innerRenamed).build()), "the SMIL refers to inner IDs");
  }

  @Test
  void everyFieldCounts() {
    DeliveryReportRequest r = (DeliveryReportRequest) SampleMessages.of(Mm7Operation.DELIVERY_REPORT_REQ, REL);
    String base = of(r);
    assertEquals(base, of(r.toBuilder().build()));
    assertNotEquals(base, of(r.toBuilder().recipient(Address.number("+447000000099")).build()));
    assertNotEquals(base, of(r.toBuilder().statusText("other").build()));
    assertNotEquals(base, of(r.toBuilder().date(r.date().plusSeconds(1)).build()));
    assertNotEquals(base, of(r.toBuilder().statusText(null).build()), "absent is not empty");
    assertNotEquals(of(r.toBuilder().statusText("").build()), of(r.toBuilder().statusText(null).build()));
    assertNotEquals(base, of(r.toBuilder().recipient(r.recipient().withDisplayOnly(true)).build()),
        "an attribute of a nested record");
    assertNotEquals(base, MessageFingerprint.of(REL.releaseName(), "6.3.0", r), "the MM7Version");
    assertNotEquals(base, MessageFingerprint.of(Mm7Release.REL_6_MM7_1_3.releaseName(), "6.8.0", r), "the release");
  }

  @Test
  void contentBytesTypesAndHeadersCount() {
    DeliverRequest m = deliver();
    String base = of(m);
    DeliverRequest gif = m.toBuilder().content(BinaryPart.ofBytes(SampleMessages.GIF, "image/gif")).build();
    byte[] changed = SampleMessages.GIF.clone();
    changed[changed.length - 2] ^= 1;
    assertNotEquals(of(gif), of(m.toBuilder().content(BinaryPart.ofBytes(changed, "image/gif")).build()));
    assertNotEquals(of(gif), of(m.toBuilder().content(BinaryPart.ofBytes(SampleMessages.GIF, "image/png")).build()));
    assertNotEquals(of(gif), of(m.toBuilder().content(BinaryPart.ofBytes(SampleMessages.GIF, "image/gif")
        .withHeader("Content-Disposition", "attachment")).build()));
    assertNotEquals(of(gif), of(m.toBuilder().content(BinaryPart.ofBytes(SampleMessages.GIF, "image/gif")
        .withContentLocation("a.gif")).build()));
    assertNotEquals(of(m.toBuilder().content(TextPart.of("ab")).build()),
        of(m.toBuilder().content(TextPart.of("a b")).build()));
    // a part's bytes cannot run into the next part's: "ab" + "c" is not "a" + "bc"
    assertNotEquals(of(m.toBuilder().content(Multipart.mixed(TextPart.of("ab"), TextPart.of("c"))).build()),
        of(m.toBuilder().content(Multipart.mixed(TextPart.of("a"), TextPart.of("bc"))).build()));
    assertNotEquals(base, of(gif));
    assertEquals(of(m.toBuilder().content(TextPart.of("Grüße", "text/plain", StandardCharsets.UTF_8)).build()),
        of(m.toBuilder().content(TextPart.of("Grüße", "text/plain", StandardCharsets.UTF_8)).build()));
  }
}
