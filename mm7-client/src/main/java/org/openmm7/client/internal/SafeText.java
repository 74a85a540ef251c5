package org.openmm7.client.internal;

/**
 * Text from the network made safe to print on a terminal or in a log line: control characters
 * (C0, DEL, C1: escape sequences, carriage returns, new lines) and the Unicode characters that
 * reorder or break a line (bidirectional overrides and isolates, line and paragraph separators)
 * are written as escapes ({@code \n}, {@code \x1b}, {@code \u202e}), and the backslash as
 * {@code \\}, so that a sender can neither rewrite the screen nor forge a line, and the escape
 * of a character cannot be mistaken for the character sent. The one function every place of the
 * command line and the stub's logs uses for what a peer sent.
 */
public final class SafeText {
  private SafeText() {}

  /** The text with every unsafe character escaped; null gives "null". */
  public static String escape(CharSequence text) {
    return escape(text, false);
  }

  private static String escape(CharSequence text, boolean keepTabs) {
    if (text == null) {
      return "null";
    }
    int i = 0;
    int n = text.length();
    while (i < n && !unsafe(text.charAt(i), keepTabs)) {
      i++;
    }
    if (i == n) {
      return text.toString();
    }
    StringBuilder b = new StringBuilder(n + 16).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (!unsafe(c, keepTabs)) {
        b.append(c);
      } else if (c == '\\') {
        b.append("\\\\");
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c <= 0xff) {
        b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    return b.toString();
  }

  /**
   * A peer's multi-line text (an excerpt of a reply, a body in the wire log): each line escaped as
   * by {@link #escape} but for tabs, the line breaks kept ({@code CRLF} and {@code LF} become the
   * platform's).
   */
  public static String escapeLines(CharSequence text) {
    if (text == null) {
      return "null";
    }
    java.util.StringJoiner lines = new java.util.StringJoiner(System.lineSeparator());
    for (String line : text.toString().split("\\r?\\n", -1)) {
      lines.add(escape(line, true));
    }
    return lines.toString();
  }

  private static boolean unsafe(char c, boolean keepTabs) {
    return c < 0x20 && !(keepTabs && c == '\t') || c == '\\' || (c >= 0x7f && c <= 0x9f)
        || c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069') || c == '\u2028' || c == '\u2029';
  }
}
