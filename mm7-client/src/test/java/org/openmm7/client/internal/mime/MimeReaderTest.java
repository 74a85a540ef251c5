package org.openmm7.client.internal.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.codec.Finding;
import org.openmm7.client.codec.Findings;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.ContentType;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.Smil;
import org.openmm7.client.content.TextPart;

/** Reader: round trips, each lenient case with its finding, each refusal with its reason, spilling. */
class MimeReaderTest {
  private static final String SOAP = "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"/>";
  private static final Charset GB2312 = Charset.forName("GB2312");
  private static final Charset EUC_KR = Charset.forName("EUC-KR");

  @TempDir Path temp;

  private MimeLimits limits() {
    return MimeLimits.defaults().withTempDirectory(temp);
  }

  /** A body written with LF in the source and CRLF on the wire. */
  private static byte[] crlf(String s) {
    return s.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  private ParsedBody read(String contentType, byte[] body, Findings f) throws IOException {
    return MimeReader.read(contentType, new ByteArrayInputStream(body), limits(), f);
  }

  private static Set<String> codes(Findings f) {
    return f.toList().stream().map(Finding::code).collect(Collectors.toSet());
  }

  private static final String CT = "multipart/related; type=\"text/xml\"; start=\"<soap>\"; boundary=\"BB\"";

  // ---- round trips ----

  @Test
  void roundTripOfANestedTreeWithLegacyCharsets() throws IOException {
    byte[] big = new byte[300_000];
    new Random(1).nextBytes(big);
    MimePart content =
        Smil.presentation(
            BinaryPart.ofBytes(new byte[] {1, 2, 3, '\r', '\n', '-', '-'}, "image/jpeg"),
            TextPart.of("你好，世界", "text/plain", GB2312),
            TextPart.of("안녕하세요", "text/plain", EUC_KR).withHeader("Content-Description", "korean"),
            Multipart.mixed(
                TextPart.of("Grüße aus Köln", "text/plain", StandardCharsets.ISO_8859_1).withContentId("latin@x"),
                BinaryPart.ofBytes(big, "video/3gpp").withContentLocation("clip.3gp")));
    EncodedPart body =
        EncodedPart.related(
            EncodedPart.ofBytes(ContentType.parse("text/xml; charset=utf-8"), "soap@x", SOAP.getBytes(StandardCharsets.UTF_8)),
            EncodedPart.of(content));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.writeBodyTo(out);

    Findings f = new Findings();
    Path spilled;
    try (ParsedBody parsed = read(body.contentType().toString(), out.toByteArray(), f)) {
      assertEquals(List.of(), f.toList());
      assertEquals(SOAP, new String(parsed.rootPart(), StandardCharsets.UTF_8));
      assertEquals(Optional.of("soap@x"), parsed.rootContentId());
      assertEquals("text/xml; charset=utf-8", parsed.rootContentType().toString());
      assertEquals(1, parsed.attachments().size());
      assertSameTree(content, parsed.attachments().get(0));
      assertEquals(1, parsed.temporaryFiles().size());
      spilled = parsed.temporaryFiles().get(0);
      assertTrue(Files.exists(spilled));
      assertEquals(temp, spilled.getParent());
      MimePart clip = parsed.findByContentId("clip.3gp").orElseThrow();
      assertArrayEquals(big, ((BinaryPart) clip).bytes());
      assertEquals("Grüße aus Köln", ((TextPart) parsed.findByContentId("cid:latin@x").orElseThrow()).text());
    }
    assertFalse(Files.exists(spilled));
  }

  static void assertSameTree(MimePart expected, MimePart actual) throws IOException {
    assertEquals(expected.contentType(), actual.contentType());
    assertEquals(expected.contentId(), actual.contentId());
    assertEquals(expected.contentLocation(), actual.contentLocation());
    assertEquals(expected.headers(), actual.headers());
    if (expected instanceof Multipart m) {
      Multipart a = assertInstanceOf(Multipart.class, actual);
      assertEquals(m.parts().size(), a.parts().size());
      for (int i = 0; i < m.parts().size(); i++) {
        assertSameTree(m.parts().get(i), a.parts().get(i));
      }
    } else if (expected instanceof TextPart t) {
      TextPart a = assertInstanceOf(TextPart.class, actual);
      assertEquals(t.text(), a.text());
      assertEquals(t.charset(), a.charset());
    } else {
      assertArrayEquals(((BinaryPart) expected).bytes(), ((BinaryPart) actual).bytes());
    }
  }

  @Test
  void roundTripsSurviveAnyChunkingOfTheInput() throws IOException {
    Random r = new Random(7);
    for (int round = 0; round < 40; round++) {
      byte[] bin = new byte[r.nextInt(200_000)];
      r.nextBytes(bin);
      // content full of near-delimiters
      byte[] tricky = ("x\r\n--" + "BBB\r\n--" + "\r\n-\r\r\n\n--").getBytes(StandardCharsets.US_ASCII);
      MimePart content =
          Multipart.mixed(
              BinaryPart.ofBytes(bin, "application/octet-stream"),
              BinaryPart.ofBytes(tricky, "application/x-tricky"),
              TextPart.of("ends with CR\r"),
              BinaryPart.ofBytes(new byte[0], "image/gif"));
      EncodedPart body =
          EncodedPart.related(
              EncodedPart.ofBytes(ContentType.parse("text/xml"), "s@x", SOAP.getBytes(StandardCharsets.UTF_8)),
              EncodedPart.of(content));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      body.writeBodyTo(out);
      int maxChunk = 1 + r.nextInt(r.nextBoolean() ? 5 : 70_000);
      Findings f = new Findings();
      try (ParsedBody parsed =
          MimeReader.read(
              body.contentType().toString(), new ChunkyStream(out.toByteArray(), new Random(round), maxChunk), limits(), f)) {
        assertEquals(List.of(), f.toList());
        assertEquals(SOAP, new String(parsed.rootPart(), StandardCharsets.UTF_8));
        assertSameTree(content, parsed.attachments().get(0));
      }
    }
  }

  /**
   * The delimiter search probes one byte in a delimiter's length and checks the starts a probed
   * byte allows: content made of the delimiter's own characters (hex digits, dashes, CR, LF) and
   * of near-delimiters (the boundary cut short or continued) is where it could go wrong. Every
   * part must come back byte for byte from an array, from a recorded stream and from a stream
   * read in random pieces.
   */
  @Test
  void partsOfTheDelimitersOwnCharactersSplitExactly() throws IOException {
    Random r = new Random(11);
    for (int round = 0; round < 60; round++) {
      String boundary = MimeWriter.newBoundary();
      byte[] alphabet = ("0123456789abcdef-\r\n" + boundary.substring(0, 6)).getBytes(StandardCharsets.US_ASCII);
      List<MimePart> parts = new java.util.ArrayList<>();
      int count = 1 + r.nextInt(4);
      for (int i = 0; i < count; i++) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        int pieces = r.nextInt(40);
        for (int k = 0; k < pieces; k++) {
          switch (r.nextInt(4)) {
            case 0 -> { // a run of the delimiter's characters
              int n = r.nextInt(300);
              for (int j = 0; j < n; j++) {
                content.write(alphabet[r.nextInt(alphabet.length)]);
              }
            }
            case 1 -> // the boundary cut short after a line break
                content.writeBytes(("\r\n--" + boundary.substring(0, r.nextInt(boundary.length())) + "x")
                    .getBytes(StandardCharsets.US_ASCII));
            case 2 -> // the whole boundary continued by other characters: content, not a delimiter
                content.writeBytes(("\n--" + boundary + "z").getBytes(StandardCharsets.US_ASCII));
            default -> {
              byte[] noise = new byte[r.nextInt(200)];
              r.nextBytes(noise);
              content.writeBytes(noise);
            }
          }
        }
        parts.add(BinaryPart.ofBytes(content.toByteArray(), "application/octet-stream"));
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String crlf = "\r\n";
      out.writeBytes(("--" + boundary + crlf + "Content-Type: text/xml" + crlf + crlf + SOAP)
          .getBytes(StandardCharsets.US_ASCII));
      for (MimePart part : parts) {
        out.writeBytes((crlf + "--" + boundary + crlf + "Content-Type: application/octet-stream" + crlf + crlf)
            .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(((BinaryPart) part).bytes());
      }
      out.writeBytes((crlf + "--" + boundary + "--" + crlf).getBytes(StandardCharsets.US_ASCII));
      byte[] wire = out.toByteArray();
      String type = "multipart/related; type=\"text/xml\"; boundary=\"" + boundary + "\"";
      for (int way = 0; way < 3; way++) {
        Findings f = new Findings();
        try (ParsedBody parsed = switch (way) {
              case 0 -> MimeReader.read(type, wire, 0, wire.length, limits(), f);
              case 1 -> MimeReader.read(type, RecordedInput.ofArray(wire, wire.length), limits(), f);
              default -> MimeReader.read(type, new ChunkyStream(wire, new Random(round), 1 + r.nextInt(300)), limits(), f);
            }) {
          assertEquals(SOAP, new String(parsed.rootPart(), StandardCharsets.UTF_8), "round " + round + " way " + way);
          assertEquals(parts.size(), parsed.attachments().size(), "round " + round + " way " + way);
          for (int i = 0; i < parts.size(); i++) {
            assertArrayEquals(((BinaryPart) parts.get(i)).bytes(), ((BinaryPart) parsed.attachments().get(i)).bytes(),
                "round " + round + " way " + way + " part " + i);
          }
        }
      }
    }
  }

  /**
   * Over a body recorded as it is read, a nested tree comes back the same, its binary leaves are
   * ranges of the recording (readable until the recording is released, refused after) and its
   * text leaves are copies.
   */
  @Test
  void aBodyRecordedAsItIsReadGivesRangesOfTheRecording() throws IOException {
    Random r = new Random(13);
    for (int round = 0; round < 20; round++) {
      byte[] bin = new byte[r.nextInt(300_000)];
      r.nextBytes(bin);
      MimePart content = Multipart.mixed(
          BinaryPart.ofBytes(bin, "application/octet-stream"),
          TextPart.of("hello \u00e9t\u00e9"),
          BinaryPart.ofBytes(new byte[0], "image/gif"));
      EncodedPart body = EncodedPart.related(
          EncodedPart.ofBytes(ContentType.parse("text/xml"), "s@x", SOAP.getBytes(StandardCharsets.UTF_8)),
          EncodedPart.of(content));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      body.writeBodyTo(out);
      SegmentedRecording rec = new SegmentedRecording(out.toByteArray(), new Random(round), 1 + r.nextInt(20_000));
      Findings f = new Findings();
      MimePart parsed;
      try (ParsedBody p = MimeReader.read(body.contentType().toString(), rec, limits(), f)) {
        assertEquals(List.of(), f.toList());
        assertEquals(SOAP, new String(p.rootPart(), StandardCharsets.UTF_8));
        parsed = p.attachments().get(0);
        assertSameTree(content, parsed);
        assertEquals(List.of(), p.temporaryFiles(), "nothing spilled: the recording holds the bytes");
      }
      assertTrue(rec.ended());
      assertEquals(out.size(), rec.recorded());
      List<MimePart> leaves = ((Multipart) parsed).parts();
      rec.release();
      assertTrue(rec.segmentsReleased());
      assertThrows(IllegalStateException.class, () -> ((BinaryPart) leaves.get(0)).bytes());
      assertThrows(IllegalStateException.class, () -> ((BinaryPart) leaves.get(2)).bytes(), "even when empty");
      assertEquals("hello \u00e9t\u00e9", ((TextPart) leaves.get(1)).text());
    }
  }

  /** Returns at most maxChunk bytes per read, randomly fewer. */
  static final class ChunkyStream extends FilterInputStream {
    private final Random r;
    private final int maxChunk;

    ChunkyStream(byte[] data, Random r, int maxChunk) {
      super(new ByteArrayInputStream(data));
      this.r = r;
      this.maxChunk = maxChunk;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1 + r.nextInt(maxChunk)));
    }
  }

  @Test
  void aBodyThatIsNotMultipartIsTheRoot() throws IOException {
    Findings f = new Findings();
    try (ParsedBody p = read("text/xml; charset=utf-8", SOAP.getBytes(StandardCharsets.UTF_8), f)) {
      assertEquals(SOAP, new String(p.rootPart(), StandardCharsets.UTF_8));
      assertEquals("text/xml", p.rootContentType().mediaType());
      assertFalse(p.isMultipart());
      assertEquals(List.of(), p.attachments());
    }
    try (ParsedBody p = read(null, new byte[] {'<', 'a', '/', '>'}, f)) {
      assertEquals("application/octet-stream", p.rootContentType().mediaType());
    }
    assertTrue(f.isEmpty());
  }

  // ---- legal variants: no finding ----

  @Test
  void legalVariantsGiveNoFinding() throws IOException {
    String b64 = Base64.getMimeEncoder(20, "\r\n".getBytes()).encodeToString("binary\u0000data".getBytes(StandardCharsets.ISO_8859_1));
    String body =
        "This is a preamble.\n"
            + "--BB  \n"
            + "content-type:text/xml; Charset=UTF-8\n"
            + "content-id:<soap>\n"
            + "Date: Mon, 1 Jan 2024 00:00:00 +0000\n"
            + "Message-ID: <m1@example.org>\n"
            + "\n"
            + SOAP + "\n"
            + "--BB\n"
            + "Content-Type: application/octet-stream\n"
            + "Content-ID: <att>\n"
            + "CONTENT-TRANSFER-ENCODING: BASE64\n"
            + "\n"
            + b64 + "\n"
            + "--BB\n"
            + "Content-Type: text/plain; charset=iso-8859-1\n"
            + "Content-Transfer-Encoding: Quoted-Printable\n"
            + "Content-ID: <qp>\n"
            + "\n"
            + "Gr=FC=DFe, a soft=\n"
            + " break =3D done\n"
            + "--BB--\n"
            + "epilogue\n";
    Findings f = new Findings();
    String ct = "Multipart/Related; Type=\"text/xml\"; Start=\"<soap>\"; Boundary=BB";
    try (ParsedBody p = read(ct, crlf(body), f)) {
      assertEquals(List.of(), f.toList());
      assertEquals(SOAP, new String(p.rootPart(), StandardCharsets.UTF_8));
      BinaryPart att = (BinaryPart) p.findByContentId("att").orElseThrow();
      assertEquals("binary\u0000data", new String(att.bytes(), StandardCharsets.ISO_8859_1));
      assertTrue(att.headers().isEmpty());
      TextPart qp = (TextPart) p.findByContentId("<qp>").orElseThrow();
      assertEquals("Grüße, a soft break = done", qp.text());
    }
    try (ParsedBody p = read(ct, crlf(body), f)) {
      // mail headers of the root are kept out of the model, but a part keeps its own
      assertEquals(2, p.attachments().size());
    }
  }

  @Test
  void mailHeadersInAttachmentsAreKept() throws IOException {
    String body =
        "--BB\nContent-Type: text/xml\nContent-ID: <soap>\n\n<a/>\n"
            + "--BB\nContent-Type: image/gif\nContent-ID: <g>\nDate: Tue, 2 Jan 2024 10:00:00 +0000\nMessage-ID: <x@y>\n\nGIF\n--BB--\n";
    Findings f = new Findings();
    try (ParsedBody p = read(CT, crlf(body), f)) {
      assertEquals(List.of(), f.toList());
      MimePart g = p.attachments().get(0);
      assertEquals(List.of("Date", "Message-ID"), List.copyOf(g.headers().keySet()));
    }
  }

  // ---- lenient cases: each gives its finding ----

  private Set<String> findingsOf(String contentType, String body) throws IOException {
    Findings f = new Findings();
    try (ParsedBody p = read(contentType, crlf(body), f)) {
      assertTrue(p.rootPart().length > 0);
    }
    return codes(f);
  }

  @Test
  void missingStartParameter() throws IOException {
    String body = "--BB\nContent-Type: text/xml\nContent-ID: <soap>\n\n<a/>\n--BB\nContent-Type: image/gif\n\nGIF\n--BB--\n";
    assertEquals(Set.of("missing-start-parameter"), findingsOf("multipart/related; type=\"text/xml\"; boundary=BB", body));
  }

  @Test
  void soapPartWithoutContentId() throws IOException {
    String body = "--BB\nContent-Type: text/xml\n\n<a/>\n--BB\nContent-Type: image/gif\nContent-ID: <g>\n\nGIF\n--BB--\n";
    assertEquals(Set.of("missing-start-parameter", "soap-part-without-content-id"),
        findingsOf("multipart/related; type=\"text/xml\"; boundary=BB", body));
  }

  @Test
  void contentIdWithoutAngleBrackets() throws IOException {
    String body = "--BB\nContent-Type: text/xml\nContent-ID: <soap>\n\n<a/>\n--BB\nContent-Type: image/gif\nContent-ID: g1\n\nGIF\n--BB--\n";
    Findings f = new Findings();
    try (ParsedBody p = read(CT, crlf(body), f)) {
      assertEquals(Optional.of("g1"), p.attachments().get(0).contentId());
      assertTrue(p.findByContentId("cid:g1").isPresent());
    }
    assertEquals(Set.of("content-id-without-angle-brackets"), codes(f));
  }

  @Test
  void rawEightBitBinary() throws IOException {
    String body =
        "--BB\nContent-Type: text/xml\nContent-ID: <soap>\n\n<a/>\n"
            + "--BB\nContent-Type: image/jpeg\nContent-ID: <j>\nContent-Transfer-Encoding: 7bit\n\n\u00ff\u00d8\u00ff\u00e0\n"
            + "--BB\nContent-Type: image/jpeg\nContent-ID: <k>\n\n\u00ff\u00d8\n--BB--\n";
    Findings f = new Findings();
    try (ParsedBody p = read(CT, crlf(body), f)) {
      assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0},
          ((BinaryPart) p.findByContentId("j").orElseThrow()).bytes());
    }
    assertEquals(List.of("raw-8bit-binary", "raw-8bit-binary"), f.toList().stream().map(Finding::code).toList());
  }

  @Test
  void multipartWithoutBoundaryAroundBareXml() throws IOException {
    Findings f = new Findings();
    try (ParsedBody p = read("multipart/related; type=\"text/xml\"", ("\uFEFF\r\n" + SOAP).getBytes(StandardCharsets.UTF_8), f)) {
      assertTrue(new String(p.rootPart(), StandardCharsets.UTF_8).endsWith(SOAP));
      assertEquals("text/xml", p.rootContentType().mediaType());
    }
    assertEquals(Set.of("multipart-without-boundary"), codes(f));
  }

  @Test
  void multipartWithoutBoundaryAroundSomethingElseIsRefused() {
    Mm7DecodeException e = assertThrows(Mm7DecodeException.class,
        () -> read("multipart/related", crlf("--xx\nContent-Type: text/xml\n\n<a/>\n--xx--\n"), new Findings()));
    assertEquals("multipart-without-boundary", e.reason());
  }

  @Test
  void startThatNamesNoPart() throws IOException {
    String body = "--BB\nContent-Type: text/xml\nContent-ID: <other>\n\n<a/>\n--BB\nContent-Type: image/gif\nContent-ID: <g>\n\nGIF\n--BB--\n";
    Findings f = new Findings();
    try (ParsedBody p = read(CT, crlf(body), f)) {
      assertEquals("<a/>", new String(p.rootPart(), StandardCharsets.US_ASCII));
      assertEquals(Optional.of("other"), p.rootContentId());
      assertEquals(1, p.attachments().size());
    }
    assertEquals(Set.of("start-unresolved"), codes(f));
  }

  @Test
  void startNamingALaterPart() throws IOException {
    String body = "--BB\nContent-Type: image/gif\nContent-ID: <g>\n\nGIF\n--BB\nContent-Type: text/xml\nContent-ID: <soap>\n\n<a/>\n--BB--\n";
    Findings f = new Findings();
    try (ParsedBody p = read(CT, crlf(body), f)) {
      assertEquals("<a/>", new String(p.rootPart(), StandardCharsets.US_ASCII));
      assertEquals(Optional.of("g"), p.attachments().get(0).contentId());
    }
    assertTrue(f.isEmpty());
  }

  @Test
  void bareLfLineEndings() throws IOException {
    String body = "--BB\nContent-Type: text/xml\nContent-ID: <soap>\n\n<a/>\n--BB\nContent-Type: text/plain\nContent-ID: <t>\n\nline1\nline2\n--BB--\n";
    Findings f = new Findings();
    try (ParsedBody p = read(CT, body.getBytes(StandardCharsets.US_ASCII), f)) {
      assertEquals("<a/>", new String(p.rootPart(), StandardCharsets.US_ASCII));
      assertEquals("line1\nline2", ((TextPart) p.findByContentId("t").orElseThrow()).text());
    }
    assertEquals(List.of("bare-lf-line-endings"), f.toList().stream().map(Finding::code).toList());
  }

  @Test
  void partWithoutHeadersStartingWithXml() throws IOException {
    String body = "--BB\n<a/>\n--BB--\n";
    Findings f = new Findings();
    try (ParsedBody p = read("multipart/related; boundary=BB", crlf(body), f)) {
      assertEquals("<a/>", new String(p.rootPart(), StandardCharsets.US_ASCII));
    }
    assertEquals(Set.of("missing-start-parameter", "soap-part-without-content-id"), codes(f));
  }

  // ---- errors ----

  private String reasonOf(String contentType, byte[] body, MimeLimits limits) {
    Mm7DecodeException e = assertThrows(Mm7DecodeException.class,
        () -> MimeReader.read(contentType, new ByteArrayInputStream(body), limits, new Findings()).close());
    return e.reason();
  }

  private static final String TWO_PARTS =
      "--BB\nContent-Type: text/xml\nContent-ID: <soap>\n\n<a/>\n--BB\nContent-Type: image/gif\nContent-ID: <g>\n\nGIF89a\n--BB--\n";

  @Test
  void aBoundaryMayStartWithASpace() throws IOException {
    // RFC 2046 5.1.1: a boundary is 0*69 bchars (space among them) and one bcharsnospace; angus-mail
    // writes and reads boundary=" a" as delimiter lines "-- a" (MimeVsAngusTest, case seed 30814aa407a54cc)
    for (String b : List.of(" a", "  two:lead", " (x)+_,-./:=?9")) {
      String inner = " in" + b;
      String ct = "multipart/related; type=\"text/xml\"; start=\"<soap>\"; boundary=\"" + b + "\"";
      byte[] body = crlf("--" + b + "\nContent-Type: text/xml\nContent-ID: <soap>\n\n<a/>\n--" + b
          + "\nContent-Type: multipart/mixed; boundary=\"" + inner + "\"\nContent-ID: <c>\n\n--" + inner
          + "\nContent-Type: application/octet-stream\n\nhello\n--" + inner + "--\n\n--" + b + "--\n");
      for (boolean fromArray : new boolean[] {false, true}) {
        Findings f = new Findings();
        try (ParsedBody p = fromArray ? MimeReader.read(ct, body, 0, body.length, limits(), f) : read(ct, body, f)) {
          assertEquals("<a/>", new String(p.rootPart(), StandardCharsets.US_ASCII), b);
          Multipart m = (Multipart) p.findByContentId("c").orElseThrow();
          assertEquals("hello", new String(((BinaryPart) m.parts().get(0)).bytes(), StandardCharsets.US_ASCII), b);
          assertEquals(Set.of(), codes(f), b);
        }
      }
    }
  }

  @Test
  void unterminatedMultipart() {
    assertEquals("unterminated-multipart", reasonOf(CT, crlf("--BB\nContent-Type: text/xml\n\n<a/>\n"), limits()));
    assertEquals("unterminated-multipart", reasonOf(CT, crlf(TWO_PARTS.replace("--BB--\n", "--BB\n")), limits()));
    assertEquals("unterminated-multipart", reasonOf(CT, crlf("no delimiter at all"), limits()));
    assertEquals("unterminated-multipart", reasonOf(CT, crlf("--BB\nContent-Type: text/xml\n"), limits()));
  }

  @Test
  void invalidBase64() {
    String body = TWO_PARTS.replace("Content-ID: <g>\n", "Content-ID: <g>\nContent-Transfer-Encoding: base64\n")
        .replace("GIF89a", "R0lG*ODlh");
    assertEquals("invalid-base64", reasonOf(CT, crlf(body), limits()));
  }

  @Test
  void unknownTransferEncoding() {
    String body = TWO_PARTS.replace("Content-ID: <g>\n", "Content-ID: <g>\nContent-Transfer-Encoding: x-uuencode\n");
    assertEquals("unsupported-transfer-encoding", reasonOf(CT, crlf(body), limits()));
  }

  /**
   * A body that is an array has its root part copied straight from the array (one copy, the 8-bit
   * check done by the delimiter scan): the same bytes, findings and errors as the streaming read,
   * over generated roots (position, transfer encoding, 8-bit bytes, line ends, size limit).
   */
  @Test
  void theRootOfAnArrayBodyReadsAsFromAStream() throws IOException {
    Random random = new Random(2387);
    String[] encodings = {"", "Content-Transfer-Encoding: 7bit\n", "Content-Transfer-Encoding: 8bit\n",
        "Content-Transfer-Encoding: binary\n", "Content-Transfer-Encoding: BASE64\n"};
    for (int i = 0; i < 300; i++) {
      String cte = encodings[random.nextInt(encodings.length)];
      String xml = random.nextBoolean() ? "<a>caf\u00e9</a>" : "<a>plain " + i + "</a>";
      if (cte.contains("BASE64")) {
        xml = java.util.Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.ISO_8859_1));
      }
      String soap = "Content-Type: text/xml\n" + cte + "Content-ID: <soap>\n\n" + xml + "\n";
      String other = "Content-Type: image/gif\nContent-ID: <g>\n\nGIF89a\u00ff\n";
      String text = random.nextBoolean() ? "--BB\n" + soap + "--BB\n" + other + "--BB--\n"
          : "--BB\n" + other + "--BB\n" + soap + "--BB--\n";
      byte[] body = random.nextBoolean() ? crlf(text) : text.getBytes(StandardCharsets.ISO_8859_1);
      MimeLimits limits = random.nextInt(4) == 0 ? limits().withMaxRootPartSize(1 + random.nextInt(20)) : limits();
      assertTheArrayReadsAsTheStream(CT, body, 0, body.length, limits, text);
    }
  }

  /**
   * A body that is not multipart, given as an array, is read without the multipart reader (one
   * copy of the range): the same root, types, findings and errors as the streaming read, over
   * generated Content-Types (none, blank, plain, with parameters, multipart without a boundary,
   * unparseable), offsets and limits.
   */
  @Test
  void aBareBodyFromAnArrayReadsAsFromAStream() throws IOException {
    Random random = new Random(7231);
    String[] types = {null, "", "  ", "text/xml", "text/xml; charset=utf-8", "application/xml; charset=\"iso-8859-1\"",
        "multipart/related", "multipart/related; type=\"text/xml\"", "no-slash", "/", "TEXT/XML ; Charset=UTF-8"};
    for (int i = 0; i < 500; i++) {
      String type = types[random.nextInt(types.length)];
      byte[] xml = ("<a>" + "x".repeat(random.nextInt(40)) + "</a>").getBytes(StandardCharsets.US_ASCII);
      int offset = random.nextInt(5);
      byte[] array = new byte[offset + xml.length + random.nextInt(5)];
      System.arraycopy(xml, 0, array, offset, xml.length);
      MimeLimits limits = limits();
      int r = random.nextInt(4);
      if (r == 1) {
        limits = limits.withMaxRootPartSize(1 + random.nextInt(xml.length + 2));
      } else if (r == 2) {
        limits = limits.withMaxTotalSize(1 + random.nextInt(xml.length + 2));
      }
      String what = type + " " + xml.length + " " + limits.maxRootPartSize() + " " + limits.maxTotalSize();
      assertTheArrayReadsAsTheStream(type, array, offset, xml.length, limits, what);
    }
  }

  /**
   * {@code length} bytes of {@code array} from {@code offset}, read in place and read as a stream
   * of a copy of them: the same error, or the same body type, root part, root type and ID,
   * attachments' types and findings.
   */
  private static void assertTheArrayReadsAsTheStream(String type, byte[] array, int offset, int length,
      MimeLimits limits, String what) throws IOException {
    byte[] copy = java.util.Arrays.copyOfRange(array, offset, offset + length);
    Findings fromStream = new Findings();
    Findings fromArray = new Findings();
    ParsedBody a = null;
    ParsedBody b = null;
    String streamError = null;
    String arrayError = null;
    try {
      a = MimeReader.read(type, new ByteArrayInputStream(copy), limits, fromStream);
    } catch (Mm7DecodeException e) {
      streamError = e.reason() + " " + e.getMessage();
    }
    try {
      b = MimeReader.read(type, array, offset, length, limits, fromArray);
    } catch (Mm7DecodeException e) {
      arrayError = e.reason() + " " + e.getMessage();
    }
    assertEquals(streamError, arrayError, what);
    if (a != null) {
      try (ParsedBody streamed = a; ParsedBody inPlace = b) {
        assertArrayEquals(streamed.rootPart(), inPlace.rootPart(), what);
        assertEquals(streamed.bodyContentType(), inPlace.bodyContentType(), what);
        assertEquals(streamed.rootContentType(), inPlace.rootContentType(), what);
        assertEquals(streamed.rootContentId(), inPlace.rootContentId(), what);
        assertEquals(streamed.attachments().stream().map(MimePart::contentType).toList(),
            inPlace.attachments().stream().map(MimePart::contentType).toList(), what);
        assertEquals(fromStream.toList(), fromArray.toList(), what);
      }
    }
  }

  @Test
  void limitsAreEnforced() {
    byte[] body = crlf(TWO_PARTS);
    assertEquals("size-limit-exceeded", reasonOf(CT, body, limits().withMaxTotalSize(body.length - 1)));
    assertEquals("size-limit-exceeded", reasonOf(CT, body, limits().withMaxRootPartSize(3)));
    assertEquals("size-limit-exceeded", reasonOf("text/xml", new byte[100], limits().withMaxRootPartSize(99)));
    assertEquals("too-many-parts", reasonOf(CT, body, limits().withMaxParts(1)));
    assertEquals("header-too-long", reasonOf(CT, body, limits().withMaxHeaderCount(1)));
    assertEquals("header-too-long",
        reasonOf(CT, crlf(TWO_PARTS.replace("Content-ID: <g>", "Content-ID: <" + "g".repeat(9000) + ">")), limits()));
    Mm7DecodeException e = assertThrows(Mm7DecodeException.class,
        () -> MimeReader.read(CT, new ByteArrayInputStream(body), limits().withMaxTotalSize(10), new Findings()));
    assertTrue(e.getMessage().contains("maxTotalSize"), e.getMessage());
  }

  @Test
  void nestingTooDeep() throws IOException {
    MimePart p = TextPart.of("deep");
    for (int i = 0; i < 5; i++) {
      p = Multipart.mixed(p);
    }
    EncodedPart body = EncodedPart.related(
        EncodedPart.ofBytes(ContentType.parse("text/xml"), "s", "<a/>".getBytes(StandardCharsets.US_ASCII)), EncodedPart.of(p));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.writeBodyTo(out);
    // top level + 5 nested = depth 6
    assertEquals("nesting-too-deep", reasonOf(body.contentType().toString(), out.toByteArray(), limits().withMaxDepth(5)));
    try (ParsedBody parsed = MimeReader.read(body.contentType().toString(), new ByteArrayInputStream(out.toByteArray()),
        limits().withMaxDepth(6), new Findings())) {
      assertEquals(1, parsed.attachments().size());
    }
  }

  @Test
  void temporaryFilesAreDeletedWhenReadingFails() throws IOException {
    byte[] big = new byte[400_000];
    String body = "--BB\nContent-Type: text/xml\nContent-ID: <soap>\n\n<a/>\n--BB\nContent-Type: image/gif\nContent-ID: <g>\n\n"
        + new String(big, StandardCharsets.ISO_8859_1) + "\n--BB\nContent-Type: image/gif\n";
    assertEquals("unterminated-multipart", reasonOf(CT, crlf(body), limits()));
    try (var files = Files.list(temp)) {
      assertEquals(0, files.count());
    }
  }

  // ---- spilling ----

  @Test
  void partsAboveTheThresholdSpillToDiskAndCloseDeletesThem() throws IOException {
    byte[] small = new byte[1000];
    byte[] large = new byte[1001];
    new Random(3).nextBytes(large);
    MimePart content = Multipart.mixed(BinaryPart.ofBytes(small, "image/gif"), BinaryPart.ofBytes(large, "image/png"),
        TextPart.of("t".repeat(2000)));
    EncodedPart body = EncodedPart.related(
        EncodedPart.ofBytes(ContentType.parse("text/xml"), "s", "<a/>".getBytes(StandardCharsets.US_ASCII)), EncodedPart.of(content));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.writeBodyTo(out);
    ParsedBody p = MimeReader.read(body.contentType().toString(), new ByteArrayInputStream(out.toByteArray()),
        limits().withMemoryThreshold(1000), new Findings());
    List<Path> files = p.temporaryFiles();
    assertEquals(2, files.size());
    for (Path file : files) {
      assertTrue(Files.exists(file));
    }
    Multipart m = (Multipart) p.attachments().get(0);
    assertArrayEquals(large, ((BinaryPart) m.parts().get(1)).bytes());
    // text above the threshold stays binary (documented)
    BinaryPart text = assertInstanceOf(BinaryPart.class, m.parts().get(2));
    assertEquals(2000, text.size().orElseThrow());
    assertInstanceOf(BinaryPart.class, m.parts().get(0));
    p.close();
    for (Path file : files) {
      assertFalse(Files.exists(file));
    }
    p.close(); // idempotent
  }

  @Test
  void findByContentIdAcceptsReferenceForms() throws IOException {
    String body = "--BB\nContent-Type: text/xml\nContent-ID: <soap>\n\n<a/>\n"
        + "--BB\nContent-Type: multipart/mixed; boundary=in\nContent-ID: <content@x>\n\n"
        + "--in\nContent-Type: image/gif\nContent-ID: <Img 1@x>\nContent-Location: pic.gif\n\nGIF\n--in--\n--BB--\n";
    try (ParsedBody p = read(CT, crlf(body), new Findings())) {
      assertInstanceOf(Multipart.class, p.findByContentId("cid:content@x").orElseThrow());
      assertEquals(Optional.of("Img 1@x"), p.findByContentId("cid:Img%201@x").orElseThrow().contentId());
      assertTrue(p.findByContentId("<img 1@X>").isPresent());
      assertTrue(p.findByContentId("pic.gif").isPresent());
      assertTrue(p.findByContentId("CID:content@x").isPresent());
      assertFalse(p.findByContentId("cid:nothing").isPresent());
    }
  }

  @Test
  void textPartsDecodeTheirCharsets() throws IOException {
    String gb = new String("中文".getBytes(GB2312), StandardCharsets.ISO_8859_1);
    String body = "--BB\nContent-Type: text/xml\nContent-ID: <soap>\n\n<a/>\n"
        + "--BB\nContent-Type: text/plain; charset=\"GB2312\"\nContent-ID: <t>\nContent-Transfer-Encoding: 8bit\n\n" + gb + "\n"
        + "--BB\nContent-Type: text/plain; charset=utf-8\nContent-ID: <bad>\nContent-Transfer-Encoding: 8bit\n\n\u00ff\u00fe\n"
        + "--BB\nContent-Type: text/plain; charset=utf-8\nContent-ID: <b64>\nContent-Transfer-Encoding: base64\n\n"
        + Base64.getEncoder().encodeToString("ñ".getBytes(StandardCharsets.UTF_8)) + "\n--BB--\n";
    Findings f = new Findings();
    try (ParsedBody p = read(CT, crlf(body), f)) {
      TextPart t = (TextPart) p.findByContentId("t").orElseThrow();
      assertEquals("中文", t.text());
      assertEquals("text/plain; charset=GB2312", t.contentType().toString());
      assertInstanceOf(BinaryPart.class, p.findByContentId("bad").orElseThrow());
      assertEquals("ñ", ((TextPart) p.findByContentId("b64").orElseThrow()).text());
    }
    assertTrue(f.isEmpty());
  }

  @Test
  void base64ToleratesWhitespaceAndMissingPadding() throws IOException {
    byte[] data = new byte[1000];
    new Random(5).nextBytes(data);
    String b64 = Base64.getEncoder().encodeToString(data);
    StringBuilder messy = new StringBuilder();
    for (int i = 0; i < b64.length(); i++) {
      messy.append(b64.charAt(i));
      if (i % 37 == 0) {
        messy.append(i % 2 == 0 ? "\r\n" : " \t");
      }
    }
    assertArrayEquals(data, new Base64InputStream(new ByteArrayInputStream(
        messy.toString().getBytes(StandardCharsets.US_ASCII)), "t").readAllBytes());
    assertArrayEquals("ab".getBytes(), new Base64InputStream(new ByteArrayInputStream("YWI".getBytes()), "t").readAllBytes());
    assertArrayEquals("abcd".getBytes(), new Base64InputStream(new ByteArrayInputStream("YWI=\nY2Q=".getBytes()), "t").readAllBytes());
    InputStream one = new Base64InputStream(new ByteArrayInputStream("YWJjZ".getBytes()), "t");
    assertEquals("invalid-base64", assertThrows(Mm7DecodeException.class, one::readAllBytes).reason());
  }
}
