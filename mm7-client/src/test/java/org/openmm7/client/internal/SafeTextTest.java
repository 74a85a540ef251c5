package org.openmm7.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** What the one escaping function makes of a peer's text. */
class SafeTextTest {
  @Test
  void controlAndReorderingCharactersAreEscaped() {
    assertEquals("\\x1b[2J\\x1b[Hhi", SafeText.escape("\u001b[2J\u001b[Hhi"));
    assertEquals("a\\r\\nDeliverReq tx=forged", SafeText.escape("a\r\nDeliverReq tx=forged"));
    assertEquals("tab\\there", SafeText.escape("tab\there"));
    assertEquals("nul\\x00 bel\\x07 del\\x7f csi\\x9b nel\\x85", SafeText.escape("nul\u0000 bel\u0007 del\u007f csi\u009b nel\u0085"));
    assertEquals("\\u202egnp.exe \\u2066x\\u2069 \\u2028\\u2029 \\u200f\\u061c",
        SafeText.escape("\u202egnp.exe \u2066x\u2069 \u2028\u2029 \u200f\u061c"));
    // a backslash is escaped too, so that "\n" typed by the sender is not read as a new line
    assertEquals("C:\\\\dir \\\\n", SafeText.escape("C:\\dir \\n"));
    assertEquals("null", SafeText.escape(null));
  }

  @Test
  void ordinaryTextIsUnchanged() {
    String s = "Grüße 你好 +447000000001 <a@b> \"q\" 🙂 é";
    assertSame(s, SafeText.escape(s));
    assertEquals("", SafeText.escape(""));
  }

  @Test
  void linesKeepTheirBreaksOnly() {
    String nl = System.lineSeparator();
    assertEquals("HTTP/1.1 500" + nl + "\\x1b]0;title\\x07" + nl + "x\\ry\t<a/>",
        SafeText.escapeLines("HTTP/1.1 500\r\n\u001b]0;title\u0007\nx\ry\t<a/>"));
  }
}
