package org.openmm7.client.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The transfer encoding a part's bytes get (7bit, 8bit, binary, RFC 2045 2.7-2.9), by the scan
 * that looks at a byte once, against the old byte-by-byte scan ({@link LegacyEncodedPart}) and
 * chosen cases at the edges: a line of 998 bytes and of 999, a CR at the 999th byte, a CR or a
 * CR LF at the end, a lone LF, a NUL, 8-bit bytes before and after a line break.
 */
class TransferEncodingTest {
  @Test
  void chosenCases() {
    assertEquals("7bit", EncodedPart.transferEncodingOf(new byte[0]));
    assertEquals("7bit", EncodedPart.transferEncodingOf(ascii("a\tb\r\nc\u007f")));
    assertEquals("8bit", EncodedPart.transferEncodingOf(new byte[] {'a', '\r', '\n', (byte) 0xc3, (byte) 0xa9}));
    assertEquals("binary", EncodedPart.transferEncodingOf(ascii("a\nb")));
    assertEquals("binary", EncodedPart.transferEncodingOf(ascii("a\rb")));
    assertEquals("binary", EncodedPart.transferEncodingOf(ascii("ab\r")));
    assertEquals("7bit", EncodedPart.transferEncodingOf(ascii("ab\r\n")));
    assertEquals("binary", EncodedPart.transferEncodingOf(new byte[] {'a', 0, 'b'}));
    assertEquals("binary", EncodedPart.transferEncodingOf(new byte[] {(byte) 0x80, 0}));
    assertEquals("7bit", EncodedPart.transferEncodingOf(line(998, "")));
    assertEquals("binary", EncodedPart.transferEncodingOf(line(999, "")));
    assertEquals("7bit", EncodedPart.transferEncodingOf(line(998, "\r\n")));
    assertEquals("7bit", EncodedPart.transferEncodingOf(concat(line(998, "\r\n"), line(998, "\r\n"))));
    assertEquals("binary", EncodedPart.transferEncodingOf(concat(line(998, "\r\n"), line(999, ""))));
    assertEquals("binary", EncodedPart.transferEncodingOf(line(997, "\r\r\n")));
  }

  @Test
  void agreesWithTheOldScanOnRandomBytes() {
    Random r = new Random(2045);
    byte[] alphabet = {'a', ' ', '\t', '\r', '\n', 0, (byte) 0x80, (byte) 0xff, 0x7f, 0x1f};
    for (int i = 0; i < 50_000; i++) {
      int n = r.nextInt(8) == 0 ? 900 + r.nextInt(1200) : r.nextInt(40);
      byte[] b = new byte[n];
      int rare = 1 + r.nextInt(i % 3 == 0 ? 2000 : 20); // from nearly all 'a' to nearly all others
      for (int j = 0; j < n; j++) {
        b[j] = r.nextInt(rare) == 0 ? alphabet[r.nextInt(alphabet.length)] : (byte) 'a';
        if (r.nextInt(300) == 0 && j + 1 < n) {
          b[j++] = '\r';
          b[j] = '\n';
        }
      }
      String expected = LegacyEncodedPart.transferEncodingOf(b);
      assertEquals(expected, EncodedPart.transferEncodingOf(b), () -> java.util.Arrays.toString(b));
      // in pieces, as a text part's stream may hand them over: cut anywhere, a CR LF included
      EncodedPart.TransferEncodingScan scan = new EncodedPart.TransferEncodingScan();
      int at = 0;
      while (at < n) {
        int piece = Math.min(n - at, r.nextInt(4) == 0 ? 1 : 1 + r.nextInt(1 + n / 3));
        scan.write(b, at, piece);
        at += piece;
      }
      assertEquals(expected, scan.result(), () -> "in pieces: " + java.util.Arrays.toString(b));
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static byte[] line(int length, String end) {
    return ascii("x".repeat(length) + end);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
