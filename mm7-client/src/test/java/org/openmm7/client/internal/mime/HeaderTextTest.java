package org.openmm7.client.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A MIME header's text: ASCII lines take the String constructor, others the reporting UTF-8
 * decoder with ISO-8859-1 for bytes that are not UTF-8, exactly as before for any bytes and any
 * range; a folded value is joined across its lines.
 */
class HeaderTextTest {
  /** What every header line went through before: a reporting UTF-8 decoder over a copy of the range. */
  private static String reference(byte[] b, int from, int to) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, to - from)).toString();
    } catch (CharacterCodingException e) {
      return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void anyBytesReadAsTheReportingDecoderReadThem() {
    Random random = new Random(2045);
    byte[][] samples = {"text/plain; charset=us-ascii".getBytes(StandardCharsets.US_ASCII),
        "caf\u00e9 \u20ac".getBytes(StandardCharsets.UTF_8), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1),
        {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {}, {0, 0x7f, (byte) 0x80}};
    for (byte[] b : samples) {
      assertEquals(reference(b, 0, b.length), MimeInput.decode(b), new String(b, StandardCharsets.ISO_8859_1));
    }
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[random.nextInt(12)];
      for (int k = 0; k < b.length; k++) {
        // mostly ASCII, some UTF-8 lead and continuation bytes, some bytes UTF-8 never has
        int r = random.nextInt(10);
        b[k] = (byte) (r < 6 ? 0x20 + random.nextInt(0x5f) : r < 8 ? 0x80 + random.nextInt(0x40)
            : r < 9 ? 0xC2 + random.nextInt(0x1e) : 0xE0 + random.nextInt(0x20));
      }
      int from = b.length == 0 ? 0 : random.nextInt(b.length);
      int to = from + random.nextInt(b.length - from + 1);
      assertEquals(reference(b, from, to), MimeInput.decode(b, from, to));
    }
  }

  @Test
  void headersAreReadWithTheirFoldedLinesJoined() throws Exception {
    java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
    block.write("Content-Type: text/plain;\r\n charset=utf-8\r\n\tformat=flowed\r\nContent-ID: <caf\u00e9@x>\r\n"
        .getBytes(StandardCharsets.UTF_8));
    block.write("X-Latin: caf".getBytes(StandardCharsets.US_ASCII));
    block.write(0xE9); // ISO-8859-1, not UTF-8
    block.write("\r\nX-Folded-Latin: a\r\n b".getBytes(StandardCharsets.US_ASCII));
    block.write(0xE9);
    block.write("\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII));
    MimeInput in = new MimeInput(new ByteArrayInputStream(block.toByteArray()), null, 256);
    List<Map.Entry<String, String>> headers = in.readHeaders(998, 100);
    assertEquals(4, headers.size());
    assertEquals(Map.entry("Content-Type", "text/plain; charset=utf-8\tformat=flowed"), Map.entry(
        headers.get(0).getKey(), headers.get(0).getValue()));
    assertEquals("<caf\u00e9@x>", headers.get(1).getValue());
    assertEquals("caf\u00e9", headers.get(2).getValue());
    assertEquals("a b\u00e9", headers.get(3).getValue());
  }
}
