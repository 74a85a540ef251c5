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

  /** Longer texts than the random test's: sequences of every length, broken ones among them. */
  @Test
  void longerUtf8IsTextExactlyWhenTheJdksCodersAgree() {
    Random random = new Random(3629);
    String[] pieces = {"a", "\u00e9", "\u20ac", "\ud83d\ude00", "\ufffd", "\uffff", "\u0000", "\r\n"};
    byte[][] broken = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0x80}, {(byte) 0xF5, (byte) 0x80}};
    for (int i = 0; i < 3_000; i++) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (int k = random.nextInt(200); k > 0; k--) {
        out.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
      }
      if (random.nextInt(3) == 0) {
        byte[] b = out.toByteArray();
        out.reset();
        int at = random.nextInt(b.length + 1);
        out.write(b, 0, at);
        out.writeBytes(broken[random.nextInt(broken.length)]);
        out.write(b, at, b.length - at);
      }
      check(out.toByteArray(), random.nextBoolean() ? "text/plain; charset=utf-8" : "text/plain; charset=UTF8");
    }
  }

  /**
   * A received part's string is made when it is asked for, not when the part is decoded (a relay
   * stores or forwards the bytes): decoding 8 KB of text allocates far less than its string.
   */
  @Test
  void theStringIsMadeOnlyWhenAskedFor() {
    byte[] b = "0123456789abcdef\u00e9".repeat(400).getBytes(StandardCharsets.UTF_8);
    ContentType type = ContentType.parse("text/plain; charset=utf-8");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long least = Long.MAX_VALUE;
    TextPart last = null;
    for (int round = 0; round < 20; round++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 100; i++) {
        last = TextPart.decodeExactly(b, type).orElseThrow();
      }
      least = Math.min(least, (threads.getCurrentThreadAllocatedBytes() - before) / 100);
    }
    assertTrue(least < 1_000, "bytes allocated per decode of " + b.length + " bytes of text: " + least);
    assertEquals("0123456789abcdef\u00e9".repeat(400), last.text());
    assertSame(last.text(), last.text());
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
