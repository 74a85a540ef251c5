package org.openmm7.client.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openmm7.client.content.ContentType;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.internal.mime.EncodedPart;
import org.openmm7.client.internal.mime.LegacyEncodedPart;

/**
 * The MIME part writer that writes header blocks and delimiters as bytes against the writer it
 * replaced ({@link LegacyEncodedPart}, kept unchanged in the tests): random content trees (text,
 * binary, nested multiparts, Content-IDs and locations, extra headers with non-ASCII values),
 * alone, as the content of a multipart/related with a SOAP root, and in a multipart of planned
 * parts. The bytes written, the lengths and the content types must be the same, boundaries aside
 * (random in both: each is replaced by its order of appearance); angus-mail must read the
 * related body's parts with the Content-IDs given.
 */
class EncodedPartEquivalenceTest {
  private static final Pattern BOUNDARY = Pattern.compile("=_mm7_[0-9a-f]{64}");

  @Test
  void writesWhatTheOldWriterWroteButForTheBoundaries() {
    OracleRun.run("EncodedPartEquivalence", 400, EncodedPartEquivalenceTest::check);
  }

  @Test
  void boundariesAreStillNewPerPart() throws Exception {
    EncodedPart a = EncodedPart.related(EncodedPart.ofBytes(ContentType.parse("text/xml"), "s@x", new byte[] {'<'}),
        EncodedPart.of(TextPart.of("x")));
    EncodedPart b = EncodedPart.related(EncodedPart.ofBytes(ContentType.parse("text/xml"), "s@x", new byte[] {'<'}),
        EncodedPart.of(TextPart.of("x")));
    assertNotEquals(a.contentTypeHeader(), b.contentTypeHeader());
    assertEquals(a.contentType().toString(), a.contentTypeHeader());
  }

  private static void check(Random r) throws Exception {
    MimePart content = decorate(r, ModelGen.ContentGen.content(r, r.nextInt(3)));
    assertSame(LegacyEncodedPart.of(content), EncodedPart.of(content));

    ContentType soapType = ContentType.parse(Gen.pick(r, "text/xml; charset=utf-8", "text/xml",
        "application/xml; charset=\"utf-8\"; x=\"a b\""));
    String cid = Gen.pick(r, "soap@x", "soap-" + Gen.word(r) + "@openmm7", "a\"b\\c@x", "é@x");
    byte[] soap = Gen.text(r).getBytes(StandardCharsets.UTF_8);
    LegacyEncodedPart oldBody = LegacyEncodedPart.related(LegacyEncodedPart.ofBytes(soapType, cid, soap),
        LegacyEncodedPart.of(content));
    EncodedPart newBody = Gen.chance(r, 50)
        ? EncodedPart.related(EncodedPart.ofBytes(soapType, cid, soap), EncodedPart.of(content))
        : EncodedPart.related(EncodedPart.wrapping(soapType, cid, soap.clone()), EncodedPart.of(content));
    assertSame(oldBody, newBody);
    assertEquals(normalised(oldBody.contentType().toString()), normalised(newBody.contentTypeHeader()));
    byte[] written = body(newBody);
    MimeMultipart read = MimeTrees.parse(newBody.contentTypeHeader(), written);
    // angus-mail reads header bytes as ISO-8859-1; the codec writes a non-ASCII Content-ID as UTF-8
    String readCid = read.getBodyPart(0).getHeader("Content-ID")[0];
    assertEquals("<" + cid + ">", new String(readCid.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    assertEquals(2, read.getCount());

    List<MimePart> parts = new ArrayList<>();
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      parts.add(decorate(r, ModelGen.ContentGen.content(r, r.nextInt(2))));
    }
    ContentType type = ContentType.parse(Gen.pick(r, "multipart/mixed", "multipart/related; type=\"text/xml\"",
        "multipart/alternative; boundary=old; x=1"));
    List<LegacyEncodedPart> oldParts = new ArrayList<>();
    List<EncodedPart> newParts = new ArrayList<>();
    for (MimePart p : parts) {
      oldParts.add(LegacyEncodedPart.of(p));
      newParts.add(EncodedPart.of(p));
    }
    assertSame(LegacyEncodedPart.multipart(type, oldParts), EncodedPart.multipart(type, newParts));
  }

  /** Headers besides the codec's own, some of them not ASCII; a location that is not ASCII. */
  private static MimePart decorate(Random r, MimePart p) {
    if (Gen.chance(r, 30)) {
      p = p.withHeader("X-" + Gen.word(r), Gen.pick(r, "plain", "é ü", "中文", "a\tb"));
    }
    if (Gen.chance(r, 15)) {
      p = p.withContentLocation(Gen.pick(r, "ß.txt", "x y.bin"));
    }
    return p;
  }

  private static void assertSame(LegacyEncodedPart expected, EncodedPart actual) throws Exception {
    assertEquals(expected.length(), actual.length());
    assertEquals(expected.bodyLength(), actual.bodyLength());
    assertEquals(normalised(expected.contentType().toString()), normalised(actual.contentType().toString()));
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    expected.writeTo(e);
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    actual.writeTo(a);
    assertEquals(normalised(e.toString(StandardCharsets.ISO_8859_1)), normalised(a.toString(StandardCharsets.ISO_8859_1)));
  }

  private static byte[] body(EncodedPart p) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.writeBodyTo(out);
    return out.toByteArray();
  }

  /** Each boundary replaced by B and its order of first appearance. */
  private static String normalised(String s) {
    Map<String, String> names = new HashMap<>();
    Matcher m = BOUNDARY.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, names.computeIfAbsent(m.group(), k -> "B" + names.size()));
    }
    return m.appendTail(sb).toString();
  }
}
