package org.openmm7.client.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Lenient parsing and strict one-line rendering of Content-Type values. */
class ContentTypeTest {

  @Test
  void parsesTypicalMultipartRelated() {
    ContentType t =
        ContentType.parse("multipart/related; type=\"text/xml\"; start=\"<soap@x>\"; boundary=\"=_b\"");
    assertEquals("multipart", t.type());
    assertEquals("related", t.subtype());
    assertEquals("multipart/related", t.mediaType());
    assertEquals(Optional.of("text/xml"), t.parameter("type"));
    assertEquals(Optional.of("<soap@x>"), t.parameter("START"));
    assertEquals(List.of("type", "start", "boundary"), List.copyOf(t.parameters().keySet()));
  }

  @Test
  void namesAreCaseInsensitiveValuesKeepTheirCase() {
    ContentType t = ContentType.parse("Multipart/Related; Type=text/xml; Start=<A@B>; Boundary=XyZ");
    assertEquals("multipart/related", t.mediaType());
    assertEquals(Map.of("type", "text/xml", "start", "<A@B>", "boundary", "XyZ"), t.parameters());
    assertTrue(t.is("MULTIPART/RELATED"));
    assertTrue(t.is("multipart/*"));
    assertTrue(t.is("*/*"));
    assertFalse(t.is("multipart/mixed"));
    assertFalse(t.is("text/*"));
  }

  @Test
  void toleratesSpacesTrailingSemicolonsEmptyParametersAndFolding() {
    ContentType t = ContentType.parse("  text/xml ;charset = utf-8 ;; ;\r\n\tname=\"a b.xml\" ; ");
    assertEquals("text/xml", t.mediaType());
    assertEquals(Optional.of("utf-8"), t.parameter("charset"));
    assertEquals(Optional.of("a b.xml"), t.parameter("name"));
    assertEquals(2, t.parameters().size());
  }

  @Test
  void quotedValuesMayHoldSemicolonsAndEscapes() {
    ContentType t = ContentType.parse("application/x; a=\"x;y=z\"; b=\"q\\\"uote\"; c=bare");
    assertEquals(Optional.of("x;y=z"), t.parameter("a"));
    assertEquals(Optional.of("q\"uote"), t.parameter("b"));
    assertEquals(Optional.of("bare"), t.parameter("c"));
  }

  @Test
  void firstOccurrenceOfADuplicateParameterWins() {
    assertEquals(Optional.of("1"), ContentType.parse("a/b; x=1; X=2").parameter("x"));
  }

  @Test
  void parameterWithoutValueIsIgnored() {
    ContentType t = ContentType.parse("a/b; flag; x=1");
    assertEquals(Map.of("x", "1"), t.parameters());
  }

  @Test
  void rejectsOnlyWhenThereIsNoTypeSubtype() {
    assertThrows(IllegalArgumentException.class, () -> ContentType.parse(""));
    assertThrows(IllegalArgumentException.class, () -> ContentType.parse("text"));
    assertThrows(IllegalArgumentException.class, () -> ContentType.parse("/xml"));
    assertThrows(IllegalArgumentException.class, () -> ContentType.parse("text/"));
    assertThrows(IllegalArgumentException.class, () -> ContentType.parse("; charset=utf-8"));
    assertThrows(IllegalArgumentException.class, () -> ContentType.parse(null));
  }

  @Test
  void toStringIsOneLineAndQuotesWhatNeedsQuoting() {
    ContentType t =
        ContentType.of("multipart", "related")
            .withParameter("type", "text/xml")
            .withParameter("start", "<a@b>")
            .withParameter("boundary", "=_mm7_abc")
            .withParameter("x", "plain")
            .withParameter("y", "say \"hi\"");
    String s = t.toString();
    assertEquals(
        "multipart/related; type=\"text/xml\"; start=\"<a@b>\"; boundary=\"=_mm7_abc\"; x=plain; y=\"say \\\"hi\\\"\"",
        s);
    assertFalse(s.contains("\r") || s.contains("\n"));
    assertEquals(t, ContentType.parse(s));
  }

  @Test
  void longValuesAreNeverFolded() {
    String v = "x".repeat(500);
    String s = ContentType.of("a", "b").withParameter("p", v).toString();
    assertEquals("a/b; p=" + v, s);
  }

  @Test
  void withParameterReplacesInPlaceAndRejectsLineBreaks() {
    ContentType t = ContentType.parse("a/b; x=1; y=2").withParameter("X", "3");
    assertEquals("a/b; x=3; y=2", t.toString());
    assertThrows(IllegalArgumentException.class, () -> t.withParameter("z", "a\r\nInjected: 1"));
    assertThrows(IllegalArgumentException.class, () -> t.withParameter("bad name", "v"));
    assertEquals("a/b; y=2", t.withoutParameter("x").toString());
  }

  @Test
  void charsetIsResolvedWhenKnown() {
    assertEquals(Optional.of(Charset.forName("GB2312")), ContentType.parse("text/plain; charset=gb2312").charset());
    assertEquals(Optional.of(Charset.forName("EUC-KR")), ContentType.parse("text/plain; charset=\"EUC-KR\"").charset());
    assertEquals(Optional.empty(), ContentType.parse("text/plain; charset=no-such-charset").charset());
    assertEquals(Optional.empty(), ContentType.parse("text/plain").charset());
  }

  @Test
  void ofChecksTokens() {
    assertEquals("image/jpeg", ContentType.of("IMAGE", "JPEG").mediaType());
    assertThrows(IllegalArgumentException.class, () -> ContentType.of("ima ge", "jpeg"));
    assertThrows(IllegalArgumentException.class, () -> ContentType.of("image", "jp/eg"));
  }

  /**
   * Quoted parameter values (with and without quoted-pairs, RFC 2045's quoted-string) read as
   * angus-mail's ParameterList reads them, over generated values: the plain-substring path for a
   * value without backslashes and the character loop for the others agree with it.
   */
  @Test
  void quotedValuesReadAsAngusMailReadsThem() throws Exception {
    java.util.Random random = new java.util.Random(2045);
    String alphabet = "abcXYZ019 ;=,:/<>@()[]?._-+\\\"";
    for (int i = 0; i < 5_000; i++) {
      StringBuilder header = new StringBuilder("multipart/related");
      int params = 1 + random.nextInt(3);
      for (int p = 0; p < params; p++) {
        StringBuilder quoted = new StringBuilder("\"");
        int n = random.nextInt(16);
        for (int k = 0; k < n; k++) {
          char c = alphabet.charAt(random.nextInt(alphabet.length()));
          if (c == '\\' || c == '"') {
            quoted.append('\\'); // a quoted-pair, as a writer must escape these two
          }
          quoted.append(c);
        }
        quoted.append('"');
        header.append("; p").append(p).append('=').append(quoted);
      }
      String h = header.toString();
      jakarta.mail.internet.ContentType angus = new jakarta.mail.internet.ContentType(h);
      ContentType ours = ContentType.parse(h);
      for (int p = 0; p < params; p++) {
        assertEquals(angus.getParameter("p" + p), ours.parameter("p" + p).orElseThrow(), h);
      }
    }
  }

  /** {@link ContentType#is} as it was written before its in-place comparison: the reference. */
  private static boolean isByCopies(ContentType c, String mediaType) {
    String m = mediaType;
    int semi = m.indexOf(';');
    if (semi >= 0) {
      m = m.substring(0, semi);
    }
    m = m.trim().toLowerCase(java.util.Locale.ROOT);
    int slash = m.indexOf('/');
    if (slash < 0) {
      return m.equals(c.type());
    }
    String t = m.substring(0, slash).trim();
    String st = m.substring(slash + 1).trim();
    return (t.equals("*") || t.equals(c.type())) && (st.equals("*") || st.equals(c.subtype()));
  }

  @Test
  void isAnswersAsTheComparisonOfLowerCasedCopiesDid() {
    List<ContentType> types = List.of(ContentType.parse("text/xml"), ContentType.parse("application/xml"),
        ContentType.parse("Text/Plain; charset=utf-8"), ContentType.parse("multipart/related; boundary=x"),
        ContentType.parse("a/b"), ContentType.parse("ab/a"), ContentType.parse("a/ba"));
    String[] pieces = {"text", "xml", "application", "/", "*", " ", ";", "x=1", "a", "b", "A", "B", "Text", "XML", "\u00e9", "\t"};
    java.util.Random random = new java.util.Random(2045);
    for (int i = 0; i < 50_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int k = random.nextInt(6); k > 0; k--) {
        sb.append(pieces[random.nextInt(pieces.length)]);
      }
      String m = sb.toString();
      for (ContentType c : types) {
        assertEquals(isByCopies(c, m), c.is(m), c + " is '" + m + "'");
      }
    }
    for (ContentType c : types) {
      assertTrue(c.is(c.type() + "/" + c.subtype()), c.toString());
      assertTrue(c.is(c.type() + "/*"), c.toString());
    }
  }

  /**
   * The one quoting of parameter values (ContentType's header and the encoder's multipart/related
   * header both use it): a token as it is, anything else a quoted-string that angus-mail's
   * ParameterList reads back to the value; the same as {@link ContentType#toString()} writes.
   */
  @Test
  void parameterValuesAreQuotedSoThatAngusMailReadsThemBack() throws Exception {
    java.util.Random random = new java.util.Random(2046);
    String alphabet = "abcXYZ019 ;=,:/<>@()[]?._-+\\\"\t\u00e9";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder value = new StringBuilder();
      int n = random.nextInt(12);
      for (int k = 0; k < n; k++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String v = value.toString();
      String written = ContentType.appendParameterValue(new StringBuilder(), v).toString();
      boolean token = !v.isEmpty() && v.chars().allMatch(c -> c > ' ' && c < 127 && "()<>@,;:\\\"/[]?=".indexOf(c) < 0);
      assertEquals(token, !written.startsWith("\""), v);
      String header = "text/plain; p=" + written;
      assertEquals(v, new jakarta.mail.internet.ContentType(header).getParameter("p"), header);
      assertEquals(header, ContentType.of("text", "plain").withParameter("p", v).toString());
    }
  }
}
