package org.openmm7.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing byte array that the encoder writes wire text into (the SOAP envelope, MIME header
 * blocks), usually a thread's scratch ({@link #reset}) from which one exact copy is taken. The
 * array and its length are open to subclasses that write into it directly (XML escaping).
 */
public class ByteBuilder {
  private final int initial;
  private final int kept;
  protected byte[] buf;
  protected int len;

  /**
   * @param initial the array's first size
   * @param kept    the largest array {@link #reset} keeps: one that grew beyond is dropped, so that
   *                one large document is not held for good by a thread
   */
  public ByteBuilder(int initial, int kept) {
    this.initial = initial;
    this.kept = kept;
    this.buf = new byte[initial];
  }

  /** Empties it for the next use; an array grown past {@code kept} is replaced by a small one. */
  public final void reset() {
    if (buf.length > kept) {
      buf = new byte[initial];
    }
    len = 0;
  }

  /** The number of bytes written. */
  public final int length() {
    return len;
  }

  /** The bytes written, in an array of their exact size. */
  public final byte[] toArray() {
    return Arrays.copyOf(buf, len);
  }

  public final ByteBuilder raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  /** Text known to be ASCII (the encoder's own names and punctuation), a byte per char. */
  public final ByteBuilder ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
    return this;
  }

  public final ByteBuilder ascii(char c) {
    ensure(1);
    buf[len++] = (byte) c;
    return this;
  }

  /** UTF-8: ASCII (nearly every header value) byte by byte, anything else encoded by the JDK. */
  public final ByteBuilder utf8(String s) {
    int n = s.length();
    ensure(n);
    int start = len;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        len = start;
        return raw(s.getBytes(StandardCharsets.UTF_8));
      }
      buf[len++] = (byte) c;
    }
    return this;
  }

  /** Makes room for {@code more} bytes after the last one written. */
  protected final void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
