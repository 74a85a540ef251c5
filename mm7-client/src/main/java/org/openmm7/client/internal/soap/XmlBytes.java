package org.openmm7.client.internal.soap;

import org.openmm7.client.internal.ByteBuilder;
import org.openmm7.client.codec.Mm7EncodeException;

/**
 * A growing byte array that XML is written into as UTF-8: constant markup as bytes made once,
 * texts and attribute values escaped and encoded in one pass (no String of the whole document,
 * then its bytes). One per encode; {@link #scratch()} lends each thread one to write into.
 */
final class XmlBytes extends ByteBuilder {
  /** What a thread keeps between encodes: envelopes up to this size never grow a new array. */
  private static final int KEPT = 64 * 1024;
  private static final ThreadLocal<XmlBytes> SCRATCH = new Scratch();

  /** A thread's first buffer (a subclass, not {@code withInitial} and a lambda: nothing linked at the first encode). */
  private static final class Scratch extends ThreadLocal<XmlBytes> {
    @Override
    protected XmlBytes initialValue() {
      return new XmlBytes(4096);
    }
  }

  private static final byte[] LT = "&lt;".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] GT = "&gt;".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] AMP = "&amp;".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] QUOT = "&quot;".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] CR = "&#13;".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] TAB = "&#9;".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] LF = "&#10;".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  XmlBytes(int capacity) {
    super(capacity, KEPT);
  }

  /** This thread's writer, emptied; give it back with {@link #release()}. */
  static XmlBytes scratch() {
    XmlBytes b = SCRATCH.get();
    b.len = 0;
    return b;
  }

  /** Drops an array grown past what a thread keeps, so that one large envelope is not held for good. */
  void release() {
    reset();
  }

  /**
   * XML escaping: &amp; &lt; &gt; always, &quot; in attribute values, CR always and tab and LF in
   * attribute values as character references, so that a parser reads back exactly the text sent.
   * A character XML 1.0 cannot carry at all (controls other than tab, CR and LF; U+FFFE, U+FFFF)
   * is refused here rather than sent for the peer to refuse the whole message, and so is a lone
   * surrogate, which UTF-8 cannot encode.
   */
  void escaped(String text, boolean attribute) throws Mm7EncodeException {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (len + 6 > buf.length) {
        ensure(6);
      }
      if (c >= 0x20 && c < 0x80) {
        switch (c) {
          case '<' -> put(LT);
          case '>' -> put(GT);
          case '&' -> put(AMP);
          case '"' -> {
            if (attribute) {
              put(QUOT);
            } else {
              buf[len++] = '"';
            }
          }
          default -> buf[len++] = (byte) c;
        }
      } else if (c < 0x20) {
        // a parser turns a literal CR (and CR LF) into LF, and tab, CR and LF in an attribute
        // value into spaces (XML 1.0 2.11, 3.3.3): as references they arrive as sent
        if (c == '\r') {
          put(CR);
        } else if (c == '\t') {
          if (attribute) {
            put(TAB);
          } else {
            buf[len++] = '\t';
          }
        } else if (c == '\n') {
          if (attribute) {
            put(LF);
          } else {
            buf[len++] = '\n';
          }
        } else {
          throw notXml(text, c);
        }
      } else if (c < 0x800) {
        buf[len++] = (byte) (0xc0 | c >> 6);
        buf[len++] = (byte) (0x80 | c & 0x3f);
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, text.charAt(++i));
          buf[len++] = (byte) (0xf0 | cp >> 18);
          buf[len++] = (byte) (0x80 | cp >> 12 & 0x3f);
          buf[len++] = (byte) (0x80 | cp >> 6 & 0x3f);
          buf[len++] = (byte) (0x80 | cp & 0x3f);
        } else {
          // UTF-8 cannot encode half a pair: String.getBytes would send '?' in its place
          throw new Mm7EncodeException(String.format("the text '%s' holds a lone surrogate U+%04X, which is no "
              + "character", shortened(text), (int) c));
        }
      } else if (c == '\uFFFE' || c == '\uFFFF') {
        throw notXml(text, c);
      } else {
        buf[len++] = (byte) (0xe0 | c >> 12);
        buf[len++] = (byte) (0x80 | c >> 6 & 0x3f);
        buf[len++] = (byte) (0x80 | c & 0x3f);
      }
    }
  }

  private static Mm7EncodeException notXml(String text, char c) {
    return new Mm7EncodeException(String.format("the text '%s' holds the character U+%04X, which XML 1.0 "
        + "cannot carry", shortened(text), (int) c));
  }

  private static String shortened(String text) {
    return text.length() > 64 ? text.substring(0, 64) + "..." : text;
  }

  private void put(byte[] b) {
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }
}
