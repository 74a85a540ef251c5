package org.openmm7.client.internal.mime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Decodes quoted-printable while reading, leniently: hex digits in either case, soft line breaks
 * ending in CRLF or LF (with trailing blanks before them), and an '=' that starts no valid
 * escape kept as it is.
 */
final class QuotedPrintableInputStream extends InputStream {
  private final PushbackInputStream in;

  QuotedPrintableInputStream(InputStream in) {
    this.in = new PushbackInputStream(new BufferedInputStream(in, 8192), 80);
  }

  @Override
  public int read() throws IOException {
    while (true) {
      int c = in.read();
      if (c != '=') {
        return c;
      }
      int h1 = in.read();
      if (h1 < 0) {
        return '=';
      }
      if (h1 == '\n') {
        continue; // soft break, bare LF
      }
      if (h1 == '\r') {
        int h2 = in.read();
        if (h2 == '\n') {
          continue;
        }
        if (h2 >= 0) {
          in.unread(h2);
        }
        continue; // "=\r": treat as soft break
      }
      if (h1 == ' ' || h1 == '\t') {
        // "=" followed by blanks up to the line end: soft break
        byte[] seen = new byte[78];
        int k = 0;
        seen[k++] = (byte) h1;
        int x;
        while ((x = in.read()) == ' ' || x == '\t') {
          if (k == seen.length) {
            break;
          }
          seen[k++] = (byte) x;
        }
        if (x == '\n') {
          continue;
        }
        if (x == '\r') {
          int y = in.read();
          if (y == '\n') {
            continue;
          }
          if (y >= 0) {
            in.unread(y);
          }
          continue;
        }
        if (x >= 0) {
          in.unread(x);
        }
        in.unread(seen, 0, k);
        return '=';
      }
      int h2 = in.read();
      int v1 = Character.digit(h1, 16);
      int v2 = h2 < 0 ? -1 : Character.digit(h2, 16);
      if (v1 >= 0 && v2 >= 0) {
        return v1 << 4 | v2;
      }
      if (h2 >= 0) {
        in.unread(h2);
      }
      in.unread(h1);
      return '=';
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len) {
      int c = read();
      if (c < 0) {
        return n == 0 ? -1 : n;
      }
      b[off + n++] = (byte) c;
      if (in.available() <= 0 && n > 0) {
        // do not block for more than we have
        break;
      }
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
