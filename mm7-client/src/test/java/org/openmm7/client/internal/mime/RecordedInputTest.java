package org.openmm7.client.internal.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.codec.Finding;
import org.openmm7.client.codec.Findings;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.ContentType;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.TextPart;

/**
 * A recorded body (array or file) and a body recorded as it is read decode to what the same bytes
 * as a plain stream decode to.
 */
class RecordedInputTest {
  private static final String SOAP = "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"/>";
  private static final String CT = "multipart/related; type=\"text/xml\"; start=\"<soap>\"; boundary=\"BB\"";

  @TempDir Path temp;

  private MimeLimits limits() {
    return MimeLimits.defaults().withTempDirectory(temp);
  }

  /** Decodes the body four ways and checks they agree; returns the findings' codes. */
  private List<String> sameEveryWay(String contentType, byte[] body) throws IOException {
    Findings fs = new Findings();
    Findings fa = new Findings();
    Findings ff = new Findings();
    Findings fr = new Findings();
    Path file = Files.write(temp.resolve("body-" + System.nanoTime()), body);
    try (ParsedBody s = MimeReader.read(contentType, new ByteArrayInputStream(body), limits(), fs);
        InputStream ai = RecordedInput.ofArray(body, body.length);
        InputStream fi = RecordedInput.ofFile(file);
        InputStream ri = new SegmentedRecording(body, new Random(body.length), 9000);
        ParsedBody a = MimeReader.read(contentType, ai, limits(), fa);
        ParsedBody f = MimeReader.read(contentType, fi, limits(), ff);
        ParsedBody g = MimeReader.read(contentType, ri, limits(), fr)) {
      assertEquals(List.of(), a.temporaryFiles(), "an array body spills nothing");
      assertEquals(List.of(), f.temporaryFiles(), "a file body spills nothing");
      assertEquals(List.of(), g.temporaryFiles(), "a body recorded as it is read spills nothing");
      for (ParsedBody p : List.of(a, f, g)) {
        assertArrayEquals(s.rootPart(), p.rootPart());
        assertEquals(s.rootContentType(), p.rootContentType());
        assertEquals(s.rootContentId(), p.rootContentId());
        assertEquals(s.attachments().size(), p.attachments().size());
        for (int i = 0; i < s.attachments().size(); i++) {
          same(s.attachments().get(i), p.attachments().get(i));
        }
      }
      assertEquals(codes(fs), codes(fa));
      assertEquals(codes(fs), codes(ff));
      assertEquals(codes(fs), codes(fr));
    }
    return codes(fs);
  }

  private static List<String> codes(Findings f) {
    return f.toList().stream().map(Finding::code).toList();
  }

  private static void same(MimePart e, MimePart a) throws IOException {
    assertEquals(e.contentType(), a.contentType());
    assertEquals(e.contentId(), a.contentId());
    assertEquals(e.contentLocation(), a.contentLocation());
    assertEquals(e.headers(), a.headers());
    if (e instanceof Multipart m) {
      List<MimePart> ap = ((Multipart) a).parts();
      assertEquals(m.parts().size(), ap.size());
      for (int i = 0; i < ap.size(); i++) {
        same(m.parts().get(i), ap.get(i));
      }
    } else {
      assertArrayEquals(bytes(e), bytes(a));
    }
  }

  private static byte[] bytes(MimePart p) throws IOException {
    if (p instanceof TextPart t) {
      return t.bytes();
    }
    BinaryPart b = (BinaryPart) p;
    byte[] all = b.bytes();
    try (InputStream in = b.openStream()) { // a second read gives the same bytes
      assertArrayEquals(all, in.readAllBytes());
    }
    return all;
  }

  private static byte[] crlf(String s) {
    return s.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void smallLargeNestedAndEncodedParts() throws IOException {
    Random r = new Random(3);
    for (int size : new int[] {0, 1, 1000, 262_144, 262_145, 700_000}) {
      byte[] bin = new byte[size];
      r.nextBytes(bin);
      MimePart content = Multipart.mixed(List.of(
          BinaryPart.ofBytes(bin, "video/3gpp").withContentId("v@x"),
          TextPart.of("héllo", "text/plain", StandardCharsets.UTF_8),
          Multipart.mixed(List.of(BinaryPart.ofBytes(bin, "image/png"), TextPart.of("x".repeat(size % 5000))))));
      EncodedPart body = EncodedPart.related(
          EncodedPart.ofBytes(ContentType.parse("text/xml; charset=utf-8"), "soap@x", SOAP.getBytes(StandardCharsets.UTF_8)),
          EncodedPart.of(content));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      body.writeBodyTo(out);
      sameEveryWay(body.contentType().toString(), out.toByteArray());
    }
  }

  @Test
  void rawEightBitIsStillFound() throws IOException {
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 300_000; i++) {
      big.append((char) ('a' + i % 26));
    }
    String body =
        "--BB\nContent-Type: text/xml\nContent-ID: <soap>\n\n<a/>\n"
            + "--BB\nContent-Type: image/jpeg\nContent-ID: <j>\nContent-Transfer-Encoding: 7bit\n\n\u00ff\u00d8\u00ff\u00e0\n"
            + "--BB\nContent-Type: image/jpeg\nContent-ID: <k>\n\n\u00ff\u00d8\n"
            + "--BB\nContent-Type: application/octet-stream\nContent-ID: <l>\n\n" + big + "\u00ff\n"
            + "--BB\nContent-Type: text/plain\nContent-ID: <m>\n\n" + big + "\n--BB--\n";
    assertEquals(3, sameEveryWay(CT, body.getBytes(StandardCharsets.ISO_8859_1)).stream()
        .filter("raw-8bit-binary"::equals).count());
    assertEquals(List.of("raw-8bit-binary", "raw-8bit-binary", "raw-8bit-binary"), sameEveryWay(CT, crlf(body)));
  }

  @Test
  void randomBodies() throws IOException {
    Random r = new Random(11);
    for (int round = 0; round < 20; round++) {
      List<MimePart> parts = new ArrayList<>();
      int n = 1 + r.nextInt(4);
      for (int i = 0; i < n; i++) {
        byte[] bin = new byte[r.nextInt(400_000)];
        r.nextBytes(bin);
        parts.add(BinaryPart.ofBytes(bin, "application/octet-stream"));
      }
      EncodedPart body = EncodedPart.related(
          EncodedPart.ofBytes(ContentType.parse("text/xml; charset=utf-8"), "soap@x", SOAP.getBytes(StandardCharsets.UTF_8)),
          EncodedPart.of(n == 1 ? parts.get(0) : Multipart.mixed(parts)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      body.writeBodyTo(out);
      sameEveryWay(body.contentType().toString(), out.toByteArray());
    }
  }

  @Test
  void theLimitHoldsAndAReadStreamIsReadAsAStream() throws IOException {
    byte[] body = crlf("--BB\nContent-Type: text/xml\nContent-ID: <soap>\n\n<a/>\n--BB\nContent-Type: image/png\n\n"
        + "x".repeat(1000) + "\n--BB--\n");
    Mm7DecodeException e = assertThrows(Mm7DecodeException.class, () -> MimeReader.read(CT,
        RecordedInput.ofArray(body, body.length), limits().withMaxTotalSize(100), new Findings()));
    assertEquals("size-limit-exceeded", e.reason());
    RecordedInput in = RecordedInput.ofArray(body, body.length);
    assertTrue(in.untouched());
    assertEquals('-', in.read());
    assertFalse(in.untouched());
  }
}
