package org.openmm7.client.internal.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decodes RFC 2047 encoded-words ({@code =?charset?B|Q?text?=}) in a header value, leniently. */
final class EncodedWords {
  private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");
  private static final Pattern GAP = Pattern.compile("(\\?=)\\s+(=\\?)");

  private EncodedWords() {}

  static String decode(String value) {
    if (value == null || !value.contains("=?")) {
      return value;
    }
    String v = GAP.matcher(value).replaceAll("$1$2"); // blanks between adjacent words vanish
    Matcher m = WORD.matcher(v);
    StringBuilder sb = new StringBuilder();
    int last = 0;
    while (m.find()) {
      sb.append(v, last, m.start());
      String decoded = word(m.group(1), m.group(2), m.group(3));
      sb.append(decoded != null ? decoded : m.group());
      last = m.end();
    }
    sb.append(v.substring(last));
    return sb.toString();
  }

  private static String word(String charsetName, String encoding, String text) {
    try {
      String name = charsetName;
      int star = name.indexOf('*'); // RFC 2231 language suffix
      if (star >= 0) {
        name = name.substring(0, star);
      }
      Charset cs = Charset.forName(name);
      byte[] bytes;
      if (encoding.equalsIgnoreCase("B")) {
        bytes = Base64.getMimeDecoder().decode(text);
      } else {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          if (c == '_') {
            out.write(' ');
          } else if (c == '=' && i + 2 < text.length()) {
            out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
            i += 2;
          } else {
            out.write(c);
          }
        }
        bytes = out.toByteArray();
      }
      return new String(bytes, cs);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
