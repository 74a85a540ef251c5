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

  /**
   * What a header block read as before the lines were read in place: each line copied out of
   * the buffer, folded lines joined, each value trimmed (the reference for the generated blocks).
   */
  private static List<Map.Entry<String, String>> referenceBlock(byte[] block, int[] end) {
    List<Map.Entry<String, String>> out = new java.util.ArrayList<>();
    String name = null;
    String value = null;
    StringBuilder folded = null;
    int p = 0;
    while (true) {
      int nl = p;
      while (nl < block.length && block[nl] != '\n') {
        nl++;
      }
      int stop = nl > p && block[nl - 1] == '\r' ? nl - 1 : nl;
      byte[] b = java.util.Arrays.copyOfRange(block, p, stop);
      p = nl + 1;
      if (b.length == 0) {
        end[0] = p;
        break;
      }
      if ((b[0] == ' ' || b[0] == '\t') && name != null) {
        if (folded == null) {
          folded = new StringBuilder(value);
        }
        folded.append(reference(b, 0, b.length));
        continue;
      }
      if (name != null) {
        out.add(Map.entry(name, (folded == null ? value : folded.toString()).trim()));
        name = null;
      }
      int colon = -1;
      for (int k = 0; k < b.length; k++) {
        if (b[k] == ':') {
          colon = k;
          break;
        }
      }
      if (colon <= 0) {
        continue;
      }
      name = new String(b, 0, colon, StandardCharsets.ISO_8859_1).trim();
      value = reference(b, colon + 1, b.length);
      folded = null;
      if (name.isEmpty() || name.indexOf(' ') >= 0) {
        name = null;
      }
    }
    if (name != null) {
      out.add(Map.entry(name, (folded == null ? value : folded.toString()).trim()));
    }
    return out;
  }

  @Test
  void generatedHeaderBlocksReadAsLineCopiesRead() throws Exception {
    Random random = new Random(2822);
    String[] pieces = {"Content-Type", "Content-ID", "X", " ", "\t", ":", ": ", "  ", "text/plain", "<a@b>",
        "\u00e9", "caf\u00e9", "\u0001", ";", "a b", "\r\n ", "\r\n\t", "\n ", "\r\n", "\n"};
    for (int i = 0; i < 5_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(14);
      for (int k = 0; k < n; k++) {
        sb.append(pieces[random.nextInt(pieces.length)]);
      }
      // never blank at the start (that ends the block at once) nor '<' (a part without headers)
      String text = "H: v\r\n" + sb + "\r\n\r\nbody";
      byte[] block = random.nextBoolean() ? text.getBytes(StandardCharsets.UTF_8) : text.getBytes(StandardCharsets.ISO_8859_1);
      int[] end = new int[1];
      List<Map.Entry<String, String>> expected = referenceBlock(block, end);
      // a stream that gives a few bytes a read, so that lines cross the buffer's refills too
      int most = 1 + random.nextInt(8);
      java.io.InputStream trickle = new java.io.FilterInputStream(new ByteArrayInputStream(block)) {
        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
          return super.read(b, off, Math.min(len, most));
        }
      };
      MimeInput in = new MimeInput(trickle, null, 256);
      List<Map.Entry<String, String>> got = in.readHeaders(998, 100);
      assertEquals(expected.size(), got.size(), text);
      for (int k = 0; k < got.size(); k++) {
        assertEquals(expected.get(k), Map.entry(got.get(k).getKey(), got.get(k).getValue()), text);
      }
      assertEquals(block[end[0]] & 0xff, in.peek(), text); // the section starts where the block ended
    }
  }
}
