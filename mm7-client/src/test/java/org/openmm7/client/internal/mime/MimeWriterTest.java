package org.openmm7.client.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.ContentSource;
import org.openmm7.client.content.ContentType;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.Smil;
import org.openmm7.client.content.TextPart;

/** Writer output: headers, transfer encodings, boundaries, nesting, exact lengths. */
class MimeWriterTest {
  private final MimeWriter writer = new MimeWriter();

  private String write(MimePart p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.writePart(out, p);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void textPartHeadersAndBody() throws IOException {
    TextPart t =
        TextPart.of("héllo")
            .withContentId("t1@x")
            .withContentLocation("t.txt")
            .withHeader("Content-Description", "greeting");
    String s = write(t);
    assertEquals(
        "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "Content-ID: <t1@x>\r\n"
            + "Content-Location: t.txt\r\n"
            + "Content-Description: greeting\r\n"
            + "\r\n"
            + new String("héllo".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1),
        s);
  }

  @Test
  void transferEncodingFollowsTheBytes() throws IOException {
    assertTrue(write(TextPart.of("plain ascii\r\nlines")).contains("Content-Transfer-Encoding: 7bit\r\n"));
    assertTrue(write(TextPart.of("bare\nLF")).contains("Content-Transfer-Encoding: binary\r\n"));
    assertTrue(write(TextPart.of("x".repeat(999))).contains("Content-Transfer-Encoding: binary\r\n"));
    assertTrue(write(TextPart.of("x".repeat(998))).contains("Content-Transfer-Encoding: 7bit\r\n"));
    assertTrue(
        write(TextPart.of("안녕", "text/plain", Charset.forName("EUC-KR"))).contains("Content-Transfer-Encoding: 8bit\r\n"));
    assertTrue(write(BinaryPart.ofBytes(new byte[] {'a'}, "image/gif")).contains("Content-Transfer-Encoding: binary\r\n"));
  }

  @Test
  void nonAsciiLocationIsAnEncodedWord() throws IOException {
    String s = write(BinaryPart.ofBytes(new byte[1], "image/gif").withContentLocation("bild-ä.gif"));
    assertTrue(s.contains("Content-Location: =?UTF-8?B?"), s);
    assertEquals("bild-ä.gif", EncodedWords.decode(s.split("Content-Location: ")[1].split("\r\n")[0]));
  }

  @Test
  void nestedMultipartsGetTheirOwnBoundaries() throws IOException {
    Multipart inner = Multipart.mixed(TextPart.of("a"), TextPart.of("b"));
    Multipart outer = Multipart.related(TextPart.of("<x/>", "text/xml", StandardCharsets.UTF_8), inner).withContentId("c@x");
    String s = write(outer);
    Matcher m = Pattern.compile("boundary=\"([^\"]+)\"").matcher(s);
    List<String> boundaries = new ArrayList<>();
    while (m.find()) {
      boundaries.add(m.group(1));
    }
    assertEquals(2, boundaries.size());
    assertNotEquals(boundaries.get(0), boundaries.get(1));
    String ob = boundaries.get(0);
    String ib = boundaries.get(1);
    assertTrue(s.startsWith("Content-Type: multipart/related; type=\"text/xml\"; start=\"<"), s);
    assertTrue(s.contains("\r\nContent-ID: <c@x>\r\n\r\n--" + ob + "\r\nContent-Type: text/xml; charset=utf-8\r\n"), s);
    assertTrue(s.contains("\r\n--" + ob + "\r\nContent-Type: multipart/mixed; boundary=\"" + ib + "\"\r\n\r\n--" + ib + "\r\n"), s);
    assertTrue(s.contains("\r\n--" + ib + "--\r\n\r\n--" + ob + "--\r\n"), s);
    assertTrue(s.endsWith("--" + ob + "--\r\n"));
    assertEquals(2, s.split("--" + ib + "\r\n", -1).length - 1);
  }

  @Test
  void boundariesAreRandomAndOfFixedLength() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String b = MimeWriter.newBoundary();
      assertEquals(MimeWriter.BOUNDARY_LENGTH, b.length());
      assertTrue(b.matches("=_mm7_[0-9a-f]{64}"), b);
      assertTrue(seen.add(b));
    }
  }

  @Test
  void lengthOfMatchesTheBytesWrittenForManyShapes(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.bin");
    Files.write(file, new byte[12345]);
    Random r = new Random(42);
    for (int i = 0; i < 200; i++) {
      MimePart p = randomTree(r, 0, file);
      long expected = MimeWriter.lengthOf(p);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      writer.writePart(out, p);
      assertEquals(out.size(), expected, "shape " + i + ": " + p);
      EncodedPart plan = EncodedPart.of(p);
      ByteArrayOutputStream again = new ByteArrayOutputStream();
      plan.writeTo(again);
      assertEquals(plan.length(), again.size());
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      plan.writeBodyTo(body);
      assertEquals(plan.bodyLength(), body.size());
    }
  }

  private static MimePart randomTree(Random r, int depth, Path file) {
    int kind = depth >= 3 ? r.nextInt(4) : r.nextInt(6);
    MimePart p;
    switch (kind) {
      case 0 -> p = TextPart.of(randomText(r), "text/plain", pick(r, "UTF-8", "GB2312", "EUC-KR", "ISO-8859-1", "US-ASCII"));
      case 1 -> {
        byte[] b = new byte[r.nextInt(3000)];
        r.nextBytes(b);
        p = BinaryPart.ofBytes(b, "image/jpeg; name=\"a b.jpg\"");
      }
      case 2 -> p = BinaryPart.ofFile(file, "application/octet-stream");
      case 3 -> {
        byte[] b = new byte[r.nextInt(500)];
        p = BinaryPart.ofStream(sized(b), "audio/amr");
      }
      case 4 -> {
        List<MimePart> parts = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
          parts.add(randomTree(r, depth + 1, file));
        }
        p = r.nextBoolean() ? Multipart.mixed(parts) : Smil.presentation(parts);
      }
      default -> {
        List<MimePart> parts = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
          parts.add(randomTree(r, depth + 1, file));
        }
        p = Multipart.related(parts.get(0), parts.subList(1, parts.size()).toArray(new MimePart[0]));
      }
    }
    if (r.nextBoolean()) {
      p = p.withContentId("id" + r.nextInt(1000) + "@x");
    }
    if (r.nextInt(3) == 0) {
      p = p.withContentLocation("loc-ü-" + r.nextInt(100));
    }
    if (r.nextInt(3) == 0) {
      p = p.withHeader("Content-Disposition", "attachment; filename=\"f.bin\"");
    }
    return p;
  }

  private static ContentSource sized(byte[] b) {
    return new ContentSource() {
      @Override
      public java.io.InputStream open() {
        return new ByteArrayInputStream(b);
      }

      @Override
      public OptionalLong size() {
        return OptionalLong.of(b.length);
      }
    };
  }

  private static Charset pick(Random r, String... names) {
    return Charset.forName(names[r.nextInt(names.length)]);
  }

  private static String randomText(Random r) {
    String[] pieces = {"hello ", "world\r\n", "a", "\n", "--", "="};
    StringBuilder sb = new StringBuilder();
    for (int i = 0, n = r.nextInt(50); i < n; i++) {
      sb.append(pieces[r.nextInt(pieces.length)]);
    }
    return sb.toString();
  }

  @Test
  void unknownSizeMakesTheLengthUnknown() {
    BinaryPart unknown = BinaryPart.ofStream(() -> new ByteArrayInputStream(new byte[3]), "image/png");
    assertEquals(-1, MimeWriter.lengthOf(unknown));
    assertEquals(-1, MimeWriter.lengthOf(Multipart.mixed(TextPart.of("x"), unknown)));
    assertTrue(MimeWriter.lengthOf(Multipart.mixed(TextPart.of("x"))) > 0);
  }

  @Test
  void aSourceThatBreaksItsDeclaredSizeFailsTheWrite() {
    byte[] five = new byte[5];
    BinaryPart liar =
        BinaryPart.ofStream(
            new ContentSource() {
              @Override
              public java.io.InputStream open() {
                return new ByteArrayInputStream(five);
              }

              @Override
              public OptionalLong size() {
                return OptionalLong.of(4);
              }
            },
            "image/png");
    assertThrows(IOException.class, () -> writer.writePart(new ByteArrayOutputStream(), liar));
  }

  @Test
  void relatedPlanForAnHttpBody() throws IOException {
    byte[] soap = "<env:Envelope/>".getBytes(StandardCharsets.UTF_8);
    MimePart content = Smil.presentation(TextPart.of("hi"), BinaryPart.ofBytes(new byte[100], "image/gif"));
    EncodedPart body =
        EncodedPart.related(
            EncodedPart.ofBytes(ContentType.parse("text/xml; charset=utf-8"), "soap@x", soap), EncodedPart.of(content));
    ContentType ct = body.contentType();
    assertEquals("multipart/related", ct.mediaType());
    assertEquals("text/xml", ct.parameter("type").orElseThrow());
    assertEquals("<soap@x>", ct.parameter("start").orElseThrow());
    String boundary = ct.parameter("boundary").orElseThrow();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.writeBodyTo(out);
    assertEquals(body.bodyLength(), out.size());
    String s = out.toString(StandardCharsets.ISO_8859_1);
    assertTrue(
        s.startsWith(
            "--" + boundary + "\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n"
                + "Content-ID: <soap@x>\r\n\r\n<env:Envelope/>\r\n--" + boundary + "\r\n"),
        s);
    assertTrue(s.endsWith("\r\n--" + boundary + "--\r\n"));
    assertTrue(ct.toString().indexOf('\n') < 0);
    // written twice (a retry): same bytes
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    body.writeBodyTo(again);
    assertEquals(s, again.toString(StandardCharsets.ISO_8859_1));
  }

  @Test
  void writeMultipartWithCallerWrittenParts() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<PartWriter> parts =
        List.of(
            o -> o.write("Content-Type: text/xml\r\n\r\n<a/>".getBytes(StandardCharsets.US_ASCII)),
            EncodedPart.of(TextPart.of("x")));
    writer.writeMultipart(out, "BB", parts);
    String s = out.toString(StandardCharsets.ISO_8859_1);
    assertEquals(
        "--BB\r\nContent-Type: text/xml\r\n\r\n<a/>\r\n--BB\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nx\r\n--BB--\r\n",
        s);
    long len = MimeWriter.multipartLength("BB", List.of(30L, EncodedPart.of(TextPart.of("x")).length()));
    assertEquals(s.length(), len);
  }
}
