package org.openmm7.client.internal.mime;

import org.openmm7.client.codec.DecodeProblem;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.openmm7.client.codec.Mm7DecodeException;

/**
 * Decodes base64 while reading, leniently: line breaks and other white space anywhere are
 * skipped, padded blocks may follow each other. Any other character, or a dangling single
 * character at the end, fails with reason {@code invalid-base64}.
 */
final class Base64InputStream extends InputStream {
  private static final int[] VALUES = new int[256];

  static {
    Arrays.fill(VALUES, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = i;
    }
  }

  private final InputStream in;
  private final String where;
  private final byte[] inBuf = new byte[8192];
  private int inPos;
  private int inLim;
  private final byte[] out = new byte[3];
  private int outPos;
  private int outLim;
  private int quantum;
  private int count; // characters in the current quantum
  private int padding;
  private boolean eof;
  private long offset;

  Base64InputStream(InputStream in, String where) {
    this.in = in;
    this.where = where;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int r = read(one, 0, 1);
    return r < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len) {
      if (outPos < outLim) {
        int k = Math.min(len - n, outLim - outPos);
        System.arraycopy(out, outPos, b, off + n, k);
        outPos += k;
        n += k;
        continue;
      }
      if (eof) {
        break;
      }
      // fast path: decode whole quanta straight into b
      if (count == 0 && padding == 0) {
        while (len - n >= 3 && inLim - inPos >= 4) {
          int a = VALUES[inBuf[inPos] & 0xff];
          int c1 = VALUES[inBuf[inPos + 1] & 0xff];
          int c2 = VALUES[inBuf[inPos + 2] & 0xff];
          int c3 = VALUES[inBuf[inPos + 3] & 0xff];
          if ((a | c1 | c2 | c3) < 0) {
            break;
          }
          int v = a << 18 | c1 << 12 | c2 << 6 | c3;
          b[off + n] = (byte) (v >> 16);
          b[off + n + 1] = (byte) (v >> 8);
          b[off + n + 2] = (byte) v;
          n += 3;
          inPos += 4;
          offset += 4;
        }
        if (n >= len) {
          break;
        }
      }
      if (inPos == inLim) {
        if (n > 0 && in.available() <= 0) {
          break; // return what we have rather than block
        }
        int r = in.read(inBuf, 0, inBuf.length);
        if (r < 0) {
          finish();
          continue;
        }
        inPos = 0;
        inLim = r;
        continue;
      }
      int c = inBuf[inPos++] & 0xff;
      offset++;
      decodeChar(c);
    }
    return n == 0 && eof && outPos >= outLim ? -1 : n;
  }

  private void decodeChar(int c) throws IOException {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0b) {
      return;
    }
    if (c == '=') {
      if (count < 2) {
        throw invalid("'=' at position " + count + " of a base64 quantum");
      }
      padding++;
      count++;
      if (count == 4) {
        emitQuantum();
      }
      return;
    }
    int v = VALUES[c];
    if (v < 0) {
      throw invalid("character 0x" + Integer.toHexString(c) + " is not base64");
    }
    if (padding > 0) {
      throw invalid("data after '=' padding inside a quantum");
    }
    quantum = quantum << 6 | v;
    count++;
    if (count == 4) {
      emitQuantum();
    }
  }

  private void emitQuantum() {
    int v = quantum << (6 * padding);
    out[0] = (byte) (v >> 16);
    out[1] = (byte) (v >> 8);
    out[2] = (byte) v;
    outPos = 0;
    outLim = 3 - padding;
    quantum = 0;
    count = 0;
    padding = 0;
  }

  private void finish() throws IOException {
    eof = true;
    if (count == 0) {
      return;
    }
    int data = count - padding; // missing padding at the very end is tolerated
    if (data < 2) {
      throw invalid("the data ends inside a base64 quantum");
    }
    int v = quantum << (6 * (4 - data));
    out[0] = (byte) (v >> 16);
    out[1] = (byte) (v >> 8);
    out[2] = (byte) v;
    outPos = 0;
    outLim = data - 1;
    quantum = 0;
    count = 0;
    padding = 0;
  }

  private Mm7DecodeException invalid(String what) {
    return new Mm7DecodeException(
        DecodeProblem.INVALID_BASE64, "invalid base64 in " + where + " near byte " + offset + ": " + what);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
