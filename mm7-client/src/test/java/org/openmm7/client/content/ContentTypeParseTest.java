package org.openmm7.client.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ContentType#parse} reads a value without copying its media type out first and gives the
 * names every message repeats as constants; {@link ContentType#charset()} is looked up once per
 * instance. The former parse is kept here as the reference: over generated values (spaces,
 * control characters, folding, quotes, escapes, capitals, and non-ASCII letters that lower-case to
 * ASCII) the two agree on every type, subtype, parameter (in order) and refusal.
 */
class ContentTypeParseTest {
  /** The former {@code ContentType.parse} (its shortcut for a quoted value without backslashes left out: it reads the same). */
  private static Object formerParse(String headerValue) {
    if (headerValue == null) {
      return "IAE:no Content-Type";
    }
    String s = headerValue;
    if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\t') >= 0) {
      s = s.replace('\r', ' ').replace('\n', ' ').replace('\t', ' ');
    }
    int n = s.length();
    int i = 0;
    while (i < n && s.charAt(i) == ' ') {
      i++;
    }
    int semi = s.indexOf(';', i);
    String media = (semi < 0 ? s.substring(i) : s.substring(i, semi)).trim();
    int slash = media.indexOf('/');
    if (slash <= 0 || slash == media.length() - 1) {
      return "IAE:not a media type (type/subtype): " + headerValue;
    }
    String t = media.substring(0, slash).trim().toLowerCase(Locale.ROOT);
    String st = media.substring(slash + 1).trim().toLowerCase(Locale.ROOT);
    if (t.isEmpty() || st.isEmpty() || t.indexOf(' ') >= 0 || st.indexOf(' ') >= 0) {
      return "IAE:not a media type (type/subtype): " + headerValue;
    }
    Map<String, String> params = new LinkedHashMap<>();
    i = semi < 0 ? n : semi + 1;
    while (i < n) {
      while (i < n && s.charAt(i) == ' ') {
        i++;
      }
      if (i >= n) {
        break;
      }
      if (s.charAt(i) == ';') {
        i++;
        continue;
      }
      int nameStart = i;
      while (i < n && s.charAt(i) != '=' && s.charAt(i) != ';') {
        i++;
      }
      String name = s.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
      if (i >= n || s.charAt(i) == ';') {
        continue;
      }
      i++;
      while (i < n && s.charAt(i) == ' ') {
        i++;
      }
      String value;
      if (i < n && s.charAt(i) == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < n && s.charAt(i) != '"') {
          char c = s.charAt(i);
          if (c == '\\' && i + 1 < n) {
            i++;
            c = s.charAt(i);
          }
          sb.append(c);
          i++;
        }
        i++;
        value = sb.toString();
        while (i < n && s.charAt(i) != ';') {
          i++;
        }
      } else {
        int vs = i;
        while (i < n && s.charAt(i) != ';') {
          i++;
        }
        value = s.substring(vs, i).trim();
      }
      if (!name.isEmpty()) {
        params.putIfAbsent(name, value);
      }
    }
    return t + "/" + st + " " + new ArrayList<>(params.entrySet());
  }

  private static Object parse(String value) {
    try {
      ContentType c = ContentType.parse(value);
      return c.type() + "/" + c.subtype() + " " + new ArrayList<>(c.parameters().entrySet());
    } catch (IllegalArgumentException e) {
      return "IAE:" + e.getMessage();
    }
  }

  private static final String[] PIECES = {"multipart", "Multipart", "MULTIPART", "related", "Related", "text",
      "TEXT", "xml", "plain", "application", "soap+xml", "image", "jpeg", "type", "Type", "TYPE", "start", "START",
      "boundary", "Boundary", "charset", "CharSet", "start-info", "action", "name", "x", "\u212Aype", "\u017Ftart",
      "\u212A", "\u0130mage", "typ\u0131", "\"text/xml\"", "\"<root@x>\"", "\"a\\\"b\"", "\"a;b\"", "\"", "\\", "utf-8",
      "UTF-8", "=", ";", "/", " ", "  ", "\t", "\r\n ", "\u0001", "\u00a0", "\u00e9", "", "=_Part_1", "----=b"};

  @Test
  void generatedValuesParseAsTheFormerParseDid() {
    Random random = new Random(15);
    List<String> values = new ArrayList<>(List.of("multipart/related; type=\"text/xml\"; boundary=\"b1\"; start=\"<r>\"",
        "Multipart/Related;Type=text/xml;Boundary=b", " text / xml ; charset = UTF-8 ", "text/", "/xml", "text",
        "  ;x", "\u212Aype/\u017Ftart; \u212Aype=1; \u017Ftart=2", "text/xml; START=\"<a>\"; start=\"<b>\"", "a/b; =c",
        "\u0001text/xml\u0001; charset=utf-8", "text/xml;\r\n\tcharset=\"utf-8\"", "image/jpeg; name"));
    for (int k = 0; k < 20_000; k++) {
      StringBuilder sb = new StringBuilder();
      int pieces = 1 + random.nextInt(14);
      for (int p = 0; p < pieces; p++) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
        if (p == 0 && random.nextInt(3) > 0) {
          sb.append('/');
        }
      }
      values.add(sb.toString());
    }
    int refused = 0;
    for (String v : values) {
      Object expected = formerParse(v);
      assertEquals(expected, parse(v), () -> "value: " + v);
      refused += expected.toString().startsWith("IAE:") ? 1 : 0;
    }
    assertTrue(refused > 1_000 && refused < values.size() - 1_000, "both outcomes well covered: " + refused);
  }

  @Test
  void namesReadAsConstantsEqualTheirCopies() {
    ContentType c = ContentType.parse("Multipart/Related; TYPE=\"text/xml\"; Start=\"<x>\"; boundary=b; CHARSET=utf-8");
    assertEquals("multipart", c.type());
    assertEquals("related", c.subtype());
    assertEquals(List.of("type", "start", "boundary", "charset"), new ArrayList<>(c.parameters().keySet()));
    assertEquals(Optional.of("text/xml"), c.parameter("Type"));
    assertEquals(ContentType.parse("multipart/related; type=\"text/xml\"; start=\"<x>\"; boundary=b; charset=utf-8"),
        c);
  }

  /** Bytes the current thread allocates for {@code work}, the least of several rounds of 200. */
  private static long leastAllocated(Runnable work) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long least = Long.MAX_VALUE;
    for (int round = 0; round < 20; round++) {
      long before = mx.getCurrentThreadAllocatedBytes();
      for (int k = 0; k < 200; k++) {
        work.run();
      }
      least = Math.min(least, (mx.getCurrentThreadAllocatedBytes() - before) / 200);
    }
    return least;
  }

  @Test
  void aMultipartValueIsParsedWithoutCopiesOfItsNames() {
    // the HTTP Content-Type of every SubmitReq, with its boundary new each time
    String value = "multipart/related; type=\"text/xml\"; start=\"<soap-part-7f3a@openmm7>\";"
        + " boundary=\"----=_Part_0_a81c20b64e5d4f0f9a3ed2b1f0c4e6a7d8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3\"";
    Object[] keep = new Object[1];
    long allocated = leastAllocated(() -> keep[0] = ContentType.parse(value));
    // the former parse: 864 bytes (the media type's copy, the type's and subtype's, three names, a
    // map of 16 slots); now 520: the three values, the map and the instance
    assertTrue(allocated < 700, "parsing a multipart Content-Type allocated " + allocated + " bytes");
  }

  @Test
  void theCharsetIsLookedUpOncePerType() {
    ContentType type = ContentType.parse("text/plain; charset=UTF-8");
    assertEquals(Optional.of(Charset.forName("utf-8")), type.charset());
    Object[] keep = new Object[1];
    long allocated = leastAllocated(() -> keep[0] = type.charset());
    assertTrue(allocated < 8, "charset() allocated " + allocated + " bytes per call");
    assertEquals(Optional.empty(), ContentType.parse("text/plain; charset=no-such-set").charset());
    assertEquals(Optional.empty(), ContentType.parse("text/plain; charset=\" \"").charset());
    assertEquals(Optional.empty(), ContentType.parse("text/plain").charset());
  }
}
