package org.openmm7.client.internal.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scans written by hand in place of regular expressions on every message (an address's
 * "/TYPE=" suffix, the MM7Version's form) answer as the JDK's regex engine does with the
 * expressions they replaced: for chosen edge cases and for many random strings over the
 * characters that matter.
 */
class HandWrittenScansTest {
  private static final Pattern TYPE_SUFFIX = Pattern.compile("(?i)/TYPE=[A-Z0-9]+$");
  private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+");

  private static int regexTypeSuffixStart(String v) {
    Matcher m = TYPE_SUFFIX.matcher(v);
    return m.find() ? m.start() : -1;
  }

  /**
   * The check of which documents go to Aalto over a whole array (the reference for the scan of a
   * range of one): -1 unless the bytes are strict UTF-8 starting with '<' and
   * within the counts of '=' and '<', else their sum.
   */
  private static int suitsAaltoByteByByte(byte[] xml, int start, String declared) {
    if (start >= xml.length || xml[start] != '<') {
      return -1;
    }
    if (declared != null && !declared.equalsIgnoreCase("UTF-8") && !declared.equalsIgnoreCase("UTF8")) {
      return -1;
    }
    int equals = 0;
    int tags = 0;
    int i = start;
    while (i < xml.length) {
      int c = xml[i];
      if (c >= 0) {
        if ((c == '=' && ++equals > XmlTreeReader.AALTO_MAX_EQUALS) || (c == '<' && ++tags > XmlTreeReader.AALTO_MAX_TAGS)) {
          return -1;
        }
        i++;
        continue;
      }
      int len = XmlTreeReader.strictUtf8SequenceLength(xml, i);
      if (len == 0) {
        return -1;
      }
      i += len;
    }
    return equals + tags;
  }

  @Test
  void theAaltoCheckCountsAsAByteByByteScan() {
    Random random = new Random(1965);
    byte[][] pieces = {{'<'}, {'='}, {'a'}, {'>'}, {' '}, {'<', '='}, "\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "\u20ac".getBytes(java.nio.charset.StandardCharsets.UTF_8), "\ud83d\ude00".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFF},
        {(byte) 0xBC}, {(byte) 0xBD}, {0x7F}, {0x3B}, {0x3E}, {0x1C}, {0x2D}};
    for (int i = 0; i < 20_000; i++) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      int kind = random.nextInt(4);
      out.write('<');
      // short documents, long ones of only '<' and '=' around the limits, and documents of any piece
      int n = kind == 0 ? random.nextInt(40) : kind == 1 ? 1990 + random.nextInt(30) : random.nextInt(400);
      for (int k = 0; k < n; k++) {
        byte[] p = kind == 1 ? pieces[random.nextInt(2) + (random.nextInt(50) == 0 ? 2 : 0)]
            : kind == 2 ? pieces[random.nextInt(6)] : pieces[random.nextInt(pieces.length)];
        out.writeBytes(p);
      }
      if (kind == 1 && random.nextBoolean()) {
        out.writeBytes("<".repeat(random.nextInt(4000)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
      byte[] xml = out.toByteArray();
      int start = random.nextInt(4) == 0 && xml.length > 1 ? random.nextInt(xml.length) : 0;
      String declared = random.nextInt(5) == 0 ? "ISO-8859-1" : random.nextBoolean() ? null : "utf-8";
      assertEquals(suitsAaltoByteByByte(xml, start, declared), XmlTreeReader.suitsAalto(xml, start, xml.length, declared),
          "kind " + kind + " start " + start + " length " + xml.length);
      // the same bytes inside a larger array (a part in place in its body), between non-UTF-8 bytes
      byte[] inside = new byte[xml.length + 16];
      java.util.Arrays.fill(inside, (byte) 0xFF);
      System.arraycopy(xml, 0, inside, 7, xml.length);
      assertEquals(suitsAaltoByteByByte(xml, start, declared), XmlTreeReader.suitsAalto(inside, 7 + start, 7 + xml.length, declared),
          "in place: kind " + kind + " start " + start + " length " + xml.length);
    }
  }

  @Test
  void typeSuffixIsFoundWhereTheRegexFindsIt() {
    List<String> cases = List.of("+447700900123/TYPE=PLMN", "+447700900123/type=plmn", "4477/TyPe=IPv4",
        "a/TYPE=b/TYPE=PLMN", "a/TYPE=PLMN/", "a/TYPE=", "/TYPE=X", "/TYPE=x y", "12345", "", "/", "/TYPE",
        "x/TYPE=PL-MN", "x/TYPE=PLMN\n", "x/TYPE=PLMN\r\n", "x/TYPE=PLMN\n\n", "x/TYPE=PLMN\r", "x/TYPE=PLMN\u2028", "x/TYPE=\n", "x/TYPE=\u00c9", "x/TYPE=\u212a" /* Kelvin sign: not ASCII */,
        "x//TYPE=1", "x/TYPE=1/TYPE=", "user@example.com/TYPE=EMAIL");
    for (String v : cases) {
      assertEquals(regexTypeSuffixStart(v), SoapDecoder.typeSuffixStart(v), v);
    }
    Random random = new Random(23140);
    String alphabet = "/TYPEtype=AZaz09_- .\u00e9\n\r\u2028";
    for (int i = 0; i < 20_000; i++) {
      String v = randomString(random, alphabet, 14);
      if (random.nextInt(3) == 0) {
        v = v + (random.nextBoolean() ? "/TYPE=" : "/type=") + randomString(random, "AZaz09/-", 4);
      }
      assertEquals(regexTypeSuffixStart(v), SoapDecoder.typeSuffixStart(v), v);
    }
  }

  @Test
  void versionNumbersAreWhatTheSchemaPatternAccepts() {
    List<String> cases = new ArrayList<>(List.of("6.8.0", "5.3.0", "10.20.30", "0.0.0", "6.8", "6.8.0.1", "6..0",
        ".6.8.0", "6.8.0.", "6.8.a", "", "6 .8.0", "\u0666.8.0" /* Arabic-Indic digit: not [0-9] */, "6.8.0\n"));
    for (String v : cases) {
      assertEquals(VERSION.matcher(v).matches(), SoapEncoder.isVersionNumber(v), v);
    }
    Random random = new Random(2045);
    for (int i = 0; i < 20_000; i++) {
      String v = randomString(random, "0123456789..a ", 9);
      assertEquals(VERSION.matcher(v).matches(), SoapEncoder.isVersionNumber(v), v);
    }
  }

  private static String randomString(Random random, String alphabet, int maxLength) {
    int n = random.nextInt(maxLength + 1);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** The major and minor numbers as the decoder read them before: split at dots, parseInt, or no number. */
  private static String splitVersion(String version) {
    try {
      String[] parts = version.split("\\.");
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return major + "." + minor;
    } catch (NumberFormatException e) {
      return "none";
    }
  }

  @Test
  void aPlainVersionReadsAsSplitAndParseIntReadIt() {
    List<String> cases = new ArrayList<>(List.of("6.8.0", "5.3.0", "6", "6.", ".6", "6..8", "", "06.08", "+6.1",
        "-6.1", "6.x", "6.8.x", "123456789.1", "99999999.99999999", "\u0666.1", "6.1.2.3.4", "2147483648.0"));
    Random random = new Random(23140);
    String alphabet = "0123456789..+-x\u0666";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(12);
      for (int k = 0; k < n; k++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      cases.add(sb.toString());
    }
    for (String v : cases) {
      long plain = SoapDecoder.plainVersion(v);
      if (plain >= 0) {
        assertEquals(splitVersion(v), (plain >>> 32) + "." + (int) plain, v);
      }
    }
  }

  /** The former {@code XmlTreeReader.quickDeclaredEncoding}: the prolog decoded to a String first. */
  private static String formerQuickDeclaredEncoding(byte[] xml, int from, int to) {
    int length = to - from;
    if (length == 0 || xml[from] != '<') {
      return null;
    }
    if (length < 5 || xml[from + 1] != '?' || xml[from + 2] != 'x' || xml[from + 3] != 'm' || xml[from + 4] != 'l') {
      return "";
    }
    int end = from + Math.min(length, 200);
    int close = -1;
    for (int i = from + 5; i < end; i++) {
      if (xml[i] == '>') {
        close = i;
        break;
      }
    }
    if (close < 0) {
      return null;
    }
    String prolog = new String(xml, from, close - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = prolog.indexOf("encoding=");
    if (at < 0) {
      return prolog.contains("encoding") ? null : "";
    }
    int v = at + "encoding=".length();
    if (v >= prolog.length() || (prolog.charAt(v) != '"' && prolog.charAt(v) != '\'')) {
      return null;
    }
    char quote = prolog.charAt(v);
    int stop = prolog.indexOf(quote, v + 1);
    if (stop <= v + 1) {
      return null;
    }
    for (int i = v + 1; i < stop; i++) {
      char c = prolog.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.' && c != '_' && c != ':' && c != '-') {
        return null;
      }
    }
    return prolog.substring(v + 1, stop);
  }

  @Test
  void thePrologsEncodingReadsAsFromThePrologsCopy() {
    String[] pieces = {"<?xml", "<", "?", "xml", " version=\"1.0\"", " encoding=", "encoding", "encodin", "=", "\"",
        "'", "UTF-8", "utf-8", "UTF-16", "ISO-8859-1", "Shift_JIS", "a:b", "a b", "\u00e9", "\u00aa", "\u0660", "?>",
        ">", " ", "\r\n", "<soap:Envelope/>", "x", "\u00ff"};
    Random random = new Random(15);
    List<byte[]> docs = new ArrayList<>();
    for (String d : new String[] {"<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>", "<?xml version='1.0' encoding='utf-8'?>",
        "<?xml version=\"1.0\"?><a/>", "<a/>", "", "<?xm", "<?xml encoding=\"\"?>", "<?xml encoding=UTF-8?>",
        "<?xml encoding=\"UTF-8?>", "<?xml encoding=\"\u00e9\"?>", " <?xml?>"}) {
      docs.add(d.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    String[] quotes = {"\"", "'", "", " \""};
    String[] names = {"UTF-8", "utf-8", "UTF-16", "ISO-8859-1", "Shift_JIS", "a:b", "a.b", "a b", "\u00e9", "\u00aa",
        "\u0660", "", "UTF-8\"", "x>y"};
    for (int k = 0; k < 30_000; k++) {
      StringBuilder sb = new StringBuilder(random.nextInt(4) > 0 ? "<?xml" : "");
      if (k % 2 == 0) {
        // shaped like a prolog with an encoding, varied in each place
        sb.append(random.nextBoolean() ? " version=\"1.0\"" : "").append(random.nextInt(5) > 0 ? " encoding=" : " encodin=")
            .append(quotes[random.nextInt(quotes.length)]).append(names[random.nextInt(names.length)])
            .append(quotes[random.nextInt(quotes.length)]).append(random.nextInt(4) > 0 ? "?>" : "");
      }
      for (int p = random.nextInt(k % 2 == 0 ? 3 : 10); p >= 0; p--) {
        sb.append(pieces[random.nextInt(pieces.length)]);
      }
      docs.add(sb.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    int named = 0;
    for (byte[] doc : docs) {
      // the whole array and a range inside a larger one (the part read in place)
      byte[] padded = new byte[doc.length + 7];
      System.arraycopy(doc, 0, padded, 3, doc.length);
      String expected = formerQuickDeclaredEncoding(doc, 0, doc.length);
      String label = new String(doc, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertEquals(expected, XmlTreeReader.quickDeclaredEncoding(doc, 0, doc.length), label);
      assertEquals(expected, XmlTreeReader.quickDeclaredEncoding(padded, 3, 3 + doc.length), label);
      named += expected != null && !expected.isEmpty() ? 1 : 0;
    }
    org.junit.jupiter.api.Assertions.assertTrue(named > 300, "names read: " + named);
    // and without a copy of the prolog (the former code: the prolog and the name, 128 bytes)
    byte[] usual = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><env:Envelope/>".getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1);
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long least = Long.MAX_VALUE;
    int found = 0;
    for (int round = 0; round < 20; round++) {
      long before = mx.getCurrentThreadAllocatedBytes();
      for (int k = 0; k < 200; k++) {
        found += XmlTreeReader.quickDeclaredEncoding(usual, 0, usual.length).length();
      }
      least = Math.min(least, (mx.getCurrentThreadAllocatedBytes() - before) / 200);
    }
    assertEquals(20 * 200 * 5, found);
    org.junit.jupiter.api.Assertions.assertTrue(least < 8, "reading the usual prolog allocated " + least + " bytes");
  }
}
