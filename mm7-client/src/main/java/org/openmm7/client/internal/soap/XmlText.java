package org.openmm7.client.internal.soap;

/** Text made fit for XML 1.0. Not part of the public API. */
public final class XmlText {
  private XmlText() {}

  /**
   * The text with every character XML 1.0 cannot carry (controls other than tab, CR and LF, NUL,
   * U+FFFE, U+FFFF, lone surrogates) written as {@code \\uXXXX}, so that it can be echoed (a
   * TransactionID sniffed from a broken request, say) where the encoder would refuse it.
   */
  public static String writable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
      boolean bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == '\uFFFE' || c == '\uFFFF'
          || (Character.isSurrogate(c) && !pair);
      if (bad && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (bad) {
        out.append(String.format("\\u%04X", (int) c));
      } else if (out != null) {
        out.append(c);
        if (pair) {
          out.append(text.charAt(++i));
        }
      } else if (pair) {
        i++;
      }
    }
    return out == null ? text : out.toString();
  }
}
