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
}
