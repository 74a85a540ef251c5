package org.openmm7.client.internal.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Where a section ends, against a plain scan written from RFC 2046's rule (a delimiter is CRLF or,
 * leniently, LF, then "--" and the boundary, then transport padding, "--" or the line end; the
 * line end before it belongs to the delimiter), over boundaries that repeat their bytes (so a
 * byte has several positions in the delimiter) and content made of the same few bytes.
 */
class MimeInputDelimiterTest {
  private static final byte[] CONTENT_BYTES = {'a', 'b', '-', '\r', '\n', ' '};
  private static final byte[] BOUNDARY_BYTES = {'a', 'b', '-'};

  @Test
  void sectionsEndWhereAPlainScanFindsTheDelimiter() throws IOException {
    Random random = new Random(15);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder boundary = new StringBuilder();
      for (int k = 1 + random.nextInt(6); k > 0; k--) {
        boundary.append((char) BOUNDARY_BYTES[random.nextInt(BOUNDARY_BYTES.length)]);
      }
      byte[] input = new byte[random.nextInt(120)];
      for (int i = 0; i < input.length; i++) {
        input[i] = CONTENT_BYTES[random.nextInt(CONTENT_BYTES.length)];
      }
      // often a real delimiter somewhere, so that most rounds end on one
      if (random.nextInt(3) > 0 && input.length > 0) {
        byte[] delimiter = ("\r\n--" + boundary + (random.nextBoolean() ? "--" : "") + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
        int at = random.nextInt(input.length);
        System.arraycopy(delimiter, 0, input, at, Math.min(delimiter.length, input.length - at));
      }
      String b = boundary.toString();
      Expected expected = scan(input, ("--" + b).getBytes(StandardCharsets.ISO_8859_1));
      String label = "boundary '" + b + "' input '" + new String(input, StandardCharsets.ISO_8859_1)
          .replace("\r", "\\r").replace("\n", "\\n") + "'";

      MimeInput whole = new MimeInput(padded(input, b), 0, input.length, b);
      whole.startSection();
      assertArrayEquals(expected.section, whole.sectionStream().readAllBytes(), label);
      assertEquals(expected.end, whole.end(), label);

      MimeInput streamed = new MimeInput(new TrickleStream(input, random), b, 1);
      streamed.startSection();
      assertArrayEquals(expected.section, streamed.sectionStream().readAllBytes(), label + " (streamed)");
      assertEquals(expected.end, streamed.end(), label + " (streamed)");
    }
  }

  /**
   * A thread's released delimiter table serves its next multipart as a new one would: rounds of
   * boundaries of different bytes and lengths, each input released after its section (so each
   * next input takes the table the previous one used), with a second input made while the first
   * is in use (an outer and a nested multipart) and released in either order.
   */
  @Test
  void aReleasedTableServesTheNextMultipartAsANewOneWould() throws IOException {
    Random random = new Random(2387);
    byte[] boundaryBytes = {'a', 'b', '-', '=', '_', '7', 'Z', '\'' };
    for (int round = 0; round < 5_000; round++) {
      String[] boundaries = new String[2];
      byte[][] inputs = new byte[2][];
      MimeInput[] open = new MimeInput[2];
      for (int j = 0; j < 2; j++) {
        StringBuilder boundary = new StringBuilder();
        for (int k = 1 + random.nextInt(12); k > 0; k--) {
          boundary.append((char) boundaryBytes[random.nextInt(boundaryBytes.length)]);
        }
        boundaries[j] = boundary.toString();
        // content of the bytes of both boundaries, with this one's delimiter somewhere
        byte[] input = new byte[1 + random.nextInt(150)];
        for (int i = 0; i < input.length; i++) {
          input[i] = random.nextInt(4) == 0 ? (byte) '\n' : boundaryBytes[random.nextInt(boundaryBytes.length)];
        }
        byte[] delimiter = ("\r\n--" + boundaries[j] + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        int at = random.nextInt(input.length);
        System.arraycopy(delimiter, 0, input, at, Math.min(delimiter.length, input.length - at));
        inputs[j] = input;
        open[j] = new MimeInput(padded(input, boundaries[j]), 0, input.length, boundaries[j]);
      }
      for (int j : random.nextBoolean() ? new int[] {0, 1} : new int[] {1, 0}) {
        Expected expected = scan(inputs[j], ("--" + boundaries[j]).getBytes(StandardCharsets.ISO_8859_1));
        String label = "round " + round + " boundary '" + boundaries[j] + "' input '"
            + new String(inputs[j], StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n") + "'";
        open[j].startSection();
        assertArrayEquals(expected.section, open[j].sectionStream().readAllBytes(), label);
        assertEquals(expected.end, open[j].end(), label);
        open[j].release();
        open[j].release(); // a second release gives nothing back twice
      }
    }
  }

  /**
   * A multipart whose input is released after use allocates no 256-entry table (1 KB) for the
   * next one: about 840 bytes per input for a boundary of MimeWriter's, 1.9 KB before.
   */
  @Test
  void aReleasedInputsTableIsReused() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    String boundary = MimeWriter.newBoundary();
    byte[] whole = new byte[4096];
    long least = Long.MAX_VALUE;
    for (int warm = 0; warm < 5; warm++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 1000; i++) {
        new MimeInput(whole, 0, 100, boundary).release();
      }
      least = Math.min(least, (threads.getCurrentThreadAllocatedBytes() - before) / 1000);
    }
    assertTrue(least < 1_200, "bytes per MimeInput: " + least);
  }

  /**
   * The tables for a boundary of RFC 2046's full length are made in two arrays: under 2 KB a
   * multipart with them (it was over 2.8 KB: one array per distinct byte and two 256-entry tables).
   */
  @Test
  void aMultipartsDelimiterTablesAreSmall() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    String boundary = MimeWriter.newBoundary();
    byte[] whole = new byte[4096];
    MimeInput[] kept = new MimeInput[1000];
    for (int warm = 0; warm < 3; warm++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < kept.length; i++) {
        kept[i] = new MimeInput(whole, 0, 100, boundary); // kept: allocated, not optimised away
      }
      long perInput = (threads.getCurrentThreadAllocatedBytes() - before) / kept.length;
      assertTrue(perInput < 2048, "bytes per MimeInput: " + perInput);
    }
  }

  private record Expected(byte[] section, MimeInput.End end) {}

  private static Expected scan(byte[] x, byte[] dash) {
    for (int i = -1; i < x.length; i++) {
      // a delimiter at the very start (no line end before it), or after an LF
      if (i >= 0 && x[i] != '\n') {
        continue;
      }
      int j = i + 1;
      if (!startsWith(x, j, dash)) {
        continue;
      }
      int after = j + dash.length;
      if (after < x.length && "- \t\r\n".indexOf(x[after]) < 0) {
        continue;
      }
      int bodyEnd = i < 0 ? 0 : (i > 0 && x[i - 1] == '\r' ? i - 1 : i);
      boolean close = after + 1 < x.length && x[after] == '-' && x[after + 1] == '-';
      boolean lineEnd = false;
      for (int k = close ? after + 2 : after; k < x.length; k++) {
        if (x[k] == '\n') {
          lineEnd = true;
          break;
        }
      }
      MimeInput.End end = close ? MimeInput.End.CLOSE : lineEnd ? MimeInput.End.NEXT : MimeInput.End.EOF;
      return new Expected(java.util.Arrays.copyOf(x, bodyEnd), end);
    }
    return new Expected(x.clone(), MimeInput.End.EOF);
  }

  private static boolean startsWith(byte[] x, int at, byte[] prefix) {
    if (at + prefix.length > x.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (x[at + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  /** The input at the start of an array large enough to be the whole-input buffer. */
  private static byte[] padded(byte[] input, String boundary) {
    return java.util.Arrays.copyOf(input, Math.max(input.length, boundary.length() * 2 + 24));
  }

  /** Gives its bytes out a few at a time, so that delimiters straddle reads. */
  private static final class TrickleStream extends ByteArrayInputStream {
    private final Random random;

    TrickleStream(byte[] b, Random random) {
      super(b);
      this.random = random;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
    }
  }
}
