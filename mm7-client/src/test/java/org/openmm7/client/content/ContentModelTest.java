package org.openmm7.client.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TextPart, BinaryPart and Multipart: factories, copies, Content-IDs, headers. */
class ContentModelTest {
  /** The direct encoding of UTF-8, US-ASCII and ISO-8859-1 text gives what a strict encoder gives, and refuses what it refuses. */
  @Test
  void textEncodesExactlyOrNotAtAll() {
    String[] texts = {"", "plain", "caf\u00e9 \u00ff", "\u4f60\u597d \uffff", "emoji \ud83d\ude00", "lone \ud83d", "\ude00 lone"};
    for (Charset cs : List.of(StandardCharsets.UTF_8, StandardCharsets.US_ASCII, StandardCharsets.ISO_8859_1,
        StandardCharsets.UTF_16BE)) {
      for (String text : texts) {
        java.nio.charset.CharsetEncoder strict = cs.newEncoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        byte[] expected;
        try {
          java.nio.ByteBuffer bb = strict.encode(java.nio.CharBuffer.wrap(text));
          expected = java.util.Arrays.copyOfRange(bb.array(), bb.position(), bb.limit());
        } catch (java.nio.charset.CharacterCodingException e) {
          expected = null;
        }
        if (expected == null) {
          assertThrows(IllegalArgumentException.class, () -> TextPart.of(text, "text/plain", cs), cs + " " + text);
        } else {
          assertArrayEquals(expected, TextPart.of(text, "text/plain", cs).bytes(), cs + " " + text);
        }
      }
    }
  }


  @Test
  void textPartDefaultsToUtf8Plain() {
    TextPart t = TextPart.of("héllo");
    assertEquals("text/plain; charset=utf-8", t.contentType().toString());
    assertEquals(StandardCharsets.UTF_8, t.charset());
    assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), t.bytes());
    assertEquals(6, t.size());
  }

  @Test
  void textPartInLegacyCharsets() {
    TextPart gb = TextPart.of("你好", "text/plain", Charset.forName("GB2312"));
    assertEquals("text/plain; charset=gb2312", gb.contentType().toString());
    assertArrayEquals("你好".getBytes(Charset.forName("GB2312")), gb.bytes());
    assertThrows(
        IllegalArgumentException.class, () -> TextPart.of("你好", "text/plain", StandardCharsets.ISO_8859_1));
  }

  @Test
  void textPartWithExplicitContentType() {
    TextPart ascii = TextPart.of("hi", ContentType.parse("text/plain"));
    assertEquals("text/plain", ascii.contentType().toString());
    assertEquals(StandardCharsets.US_ASCII, ascii.charset());
    TextPart utf = TextPart.of("hé", ContentType.parse("text/plain"));
    assertEquals("text/plain; charset=utf-8", utf.contentType().toString());
    assertThrows(
        IllegalArgumentException.class, () -> TextPart.of("x", ContentType.parse("text/plain; charset=nope")));
  }

  @Test
  void contentIdsLoseAngleBracketsAndHeadersAreChecked() {
    TextPart t = TextPart.of("x").withContentId(" <a@b> ").withContentLocation("a.txt").withHeader("Content-Description", "d");
    assertEquals(Optional.of("a@b"), t.contentId());
    assertEquals(Optional.of("a.txt"), t.contentLocation());
    assertEquals(Map.of("Content-Description", "d"), t.headers());
    assertEquals(Map.of("content-description", "e"), t.withHeader("content-description", "e").headers());
    assertThrows(IllegalArgumentException.class, () -> t.withHeader("Content-Type", "a/b"));
    assertThrows(IllegalArgumentException.class, () -> t.withHeader("Content-ID", "x"));
    assertThrows(IllegalArgumentException.class, () -> t.withHeader("X-A", "1\r\nX-B: 2"));
    assertThrows(IllegalArgumentException.class, () -> t.withContentId("<>"));
    assertThrows(IllegalArgumentException.class, () -> t.withContentId("a\nb"));
  }

  @Test
  void binaryPartFromBytesCopies() throws IOException {
    byte[] data = {1, 2, 3};
    BinaryPart b = BinaryPart.ofBytes(data, "image/jpeg");
    data[0] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, b.bytes());
    assertEquals(OptionalLong.of(3), b.size());
    assertEquals("image/jpeg", b.contentType().mediaType());
  }

  @Test
  void binaryPartFromFileAndStream(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("a.bin");
    Files.write(f, new byte[1000]);
    BinaryPart file = BinaryPart.ofFile(f, "application/octet-stream");
    assertEquals(OptionalLong.of(1000), file.size());
    assertEquals(1000, file.bytes().length);

    int[] opened = {0};
    BinaryPart s =
        BinaryPart.ofStream(
            () -> {
              opened[0]++;
              return new ByteArrayInputStream(new byte[] {7, 8});
            },
            "audio/amr");
    assertEquals(OptionalLong.empty(), s.size());
    assertEquals(0, opened[0]);
    assertArrayEquals(new byte[] {7, 8}, s.bytes());
    assertArrayEquals(new byte[] {7, 8}, s.bytes());
    assertEquals(2, opened[0]);
  }

  @Test
  void relatedSetsTypeAndStartAndGivesTheStartAnId() {
    TextPart smil = TextPart.of("<smil/>", "application/smil", StandardCharsets.UTF_8);
    BinaryPart img = BinaryPart.ofBytes(new byte[] {1}, "image/gif").withContentId("img");
    Multipart m = Multipart.related(smil, img);
    MimePart start = m.parts().get(0);
    String id = start.contentId().orElseThrow();
    assertTrue(id.startsWith("start-") && id.endsWith("@openmm7"), id);
    assertEquals("multipart/related; type=\"application/smil\"; start=\"<" + id + ">\"", m.contentType().toString());
    assertEquals(Optional.of(start), m.start());
    assertEquals("related", m.subtype());
    assertNotEquals(id, Multipart.related(smil).parts().get(0).contentId().orElseThrow());
  }

  @Test
  void startFollowsTheParameterAndLeavesAreDepthFirst() {
    TextPart a = TextPart.of("a").withContentId("a");
    TextPart b = TextPart.of("b").withContentId("b");
    TextPart c = TextPart.of("c");
    Multipart inner = Multipart.mixed(b, c);
    Multipart m = Multipart.of(ContentType.parse("multipart/related; start=\"<b>\"; boundary=zz"), List.of(inner, a, b));
    assertEquals("multipart/related; start=\"<b>\"", m.contentType().toString());
    assertEquals(Optional.of(b), m.start());
    assertEquals(List.of(b, c, a, b), m.leaves());
    assertEquals(Optional.of(a), Multipart.mixed(a, b).start());
  }

  @Test
  void multipartCopiesItsListAndNeedsParts() {
    List<MimePart> list = new ArrayList<>(List.of(TextPart.of("x")));
    Multipart m = Multipart.mixed(list);
    list.add(TextPart.of("y"));
    assertEquals(1, m.parts().size());
    assertThrows(UnsupportedOperationException.class, () -> m.parts().add(TextPart.of("z")));
    assertThrows(IllegalArgumentException.class, () -> Multipart.mixed(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Multipart.of(ContentType.parse("text/plain"), list));
  }

  /** The String.getBytes fast path gives what a reporting CharsetEncoder gives, and refuses what it refuses. */
  @Test
  void textEncodesExactlyInTheCommonCharsets() {
    String[] texts = {"plain", "caf\u00e9 \u20ac", "smile \ud83d\ude00", "\u4f60\u597d", ""};
    for (String t : texts) {
      assertArrayEquals(t.getBytes(StandardCharsets.UTF_8), TextPart.of(t).bytes(), t);
      assertArrayEquals(t.getBytes(StandardCharsets.UTF_16BE),
          TextPart.of(t, "text/plain", StandardCharsets.UTF_16BE).bytes(), t);
    }
    assertArrayEquals(new byte[] {'c', 'a', 'f', (byte) 0xE9},
        TextPart.of("caf\u00e9", "text/plain", StandardCharsets.ISO_8859_1).bytes());
    assertThrows(IllegalArgumentException.class,
        () -> TextPart.of("caf\u00e9", "text/plain", StandardCharsets.US_ASCII));
    assertThrows(IllegalArgumentException.class,
        () -> TextPart.of("\u20ac", "text/plain", StandardCharsets.ISO_8859_1));
    assertThrows(IllegalArgumentException.class, () -> TextPart.of("lone \ud83d surrogate"));
    assertThrows(IllegalArgumentException.class,
        () -> TextPart.of("lone \ude00 surrogate", ContentType.parse("text/plain; charset=utf-8")));
  }
}
