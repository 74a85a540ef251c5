package org.openmm7.client.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TextPart#decodeExactly}: a received part is text exactly when the JDK's reporting decoder
 * reads its bytes in the labelled charset and its reporting encoder writes the text back to the
 * same bytes (the JDK's coders are the oracle, over chosen and random bytes in several charsets).
 */
class TextPartDecodeTest {
  private static final String[] TYPES = {"text/plain; charset=utf-8", "text/plain; charset=us-ascii",
      "text/plain; charset=iso-8859-1", "text/plain; charset=windows-1252", "text/plain; charset=utf-16be",
      "text/plain", "application/smil; charset=UTF-8", "text/plain; charset=no-such-charset", "text/plain; charset="};

  /** The text the JDK's reporting coders agree on for these bytes, or empty. */
  private static Optional<String> oracle(byte[] bytes, ContentType type) {
    String name = type.parameters().get("charset");
    Charset cs;
    try {
      cs = name == null ? StandardCharsets.US_ASCII : Charset.forName(name.trim());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    try {
      String text = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      ByteBuffer back = cs.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
      byte[] again = Arrays.copyOfRange(back.array(), back.position(), back.limit());
      return Arrays.equals(again, bytes) ? Optional.of(text) : Optional.empty();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static void check(byte[] bytes, String type) {
    ContentType t = ContentType.parse(type);
    Optional<String> expected = oracle(bytes, t);
    Optional<TextPart> got = TextPart.decodeExactly(bytes, t);
    String what = type + " " + Arrays.toString(bytes);
    assertEquals(expected, got.map(TextPart::text), what);
    if (got.isPresent()) {
      assertArrayEquals(bytes, got.get().bytes(), what);
      assertSame(t, got.get().contentType(), what);
    }
  }

  @Test
  void chosenBytesAreTextExactlyWhenTheJdksCodersAgree() {
    byte[][] samples = {{}, "plain ascii".getBytes(StandardCharsets.US_ASCII),
        "caf\u00e9 \u20ac \ud83d\ude00".getBytes(StandardCharsets.UTF_8), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1),
        "\ufffd".getBytes(StandardCharsets.UTF_8), "\ufeffbom".getBytes(StandardCharsets.UTF_8),
        {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xE2, (byte) 0x82}, {0, 0x7f, (byte) 0x80}, {(byte) 0x81}, {(byte) 0xD8, 0x00}};
    for (byte[] b : samples) {
      for (String type : TYPES) {
        check(b, type);
      }
    }
  }

  @Test
  void randomBytesAreTextExactlyWhenTheJdksCodersAgree() {
    Random random = new Random(2046);
    for (int i = 0; i < 5_000; i++) {
      byte[] b = new byte[random.nextInt(12)];
      for (int j = 0; j < b.length; j++) {
        // mostly ASCII, with high bytes and the lead bytes of multi-byte UTF-8 forms
        int r = random.nextInt(10);
        b[j] = (byte) (r < 6 ? 0x20 + random.nextInt(0x5f) : r < 8 ? 0x80 + random.nextInt(0x80) : 0xC0 + random.nextInt(0x40));
      }
      check(b, TYPES[random.nextInt(TYPES.length)]);
    }
  }

  @Test
  void theBytesAreKeptNotCopied() {
    byte[] b = "hello".getBytes(StandardCharsets.US_ASCII);
    TextPart t = TextPart.decodeExactly(b, ContentType.parse("text/plain; charset=us-ascii")).orElseThrow();
    assertEquals("hello", t.text());
    assertEquals(5, t.size());
    assertTrue(TextPart.decodeExactly(new byte[] {(byte) 0xff}, ContentType.parse("text/plain")).isEmpty());
  }
}
