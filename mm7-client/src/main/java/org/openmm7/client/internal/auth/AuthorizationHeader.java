package org.openmm7.client.internal.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code Authorization} value, per RFC 9110 section 11.4: a scheme, then credentials, either a
 * token68 ({@code Basic dXNlcjpwdw==}) or comma-separated auth-params with token or quoted-string
 * values ({@code Digest username="a", nc=00000001}).
 *
 * @param scheme      the scheme in lower case
 * @param credentials what follows the scheme, trimmed
 */
record AuthorizationHeader(String scheme, String credentials) {

  /** Splits a value; null when it has no scheme. */
  static AuthorizationHeader parse(String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    int sp = 0;
    while (sp < v.length() && isTokenChar(v.charAt(sp))) {
      sp++;
    }
    if (sp == 0 || (sp < v.length() && v.charAt(sp) != ' ' && v.charAt(sp) != '\t')) {
      return null;
    }
    return new AuthorizationHeader(v.substring(0, sp).toLowerCase(Locale.ROOT), v.substring(sp).strip());
  }

  /**
   * The auth-params by lower-case name; null when the credentials are not a list of them (an
   * unterminated quote, a parameter given twice: which one counts would be ambiguous).
   */
  Map<String, String> params() {
    String rest = credentials;
    Map<String, String> params = new LinkedHashMap<>();
    int i = 0;
    int n = rest.length();
    while (i < n) {
      while (i < n && (rest.charAt(i) == ',' || rest.charAt(i) == ' ' || rest.charAt(i) == '\t')) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int nameStart = i;
      while (i < n && isTokenChar(rest.charAt(i))) {
        i++;
      }
      if (i == nameStart) {
        return null;
      }
      String name = rest.substring(nameStart, i).toLowerCase(Locale.ROOT);
      while (i < n && (rest.charAt(i) == ' ' || rest.charAt(i) == '\t')) {
        i++;
      }
      if (i >= n || rest.charAt(i) != '=') {
        return null;
      }
      i++;
      while (i < n && (rest.charAt(i) == ' ' || rest.charAt(i) == '\t')) {
        i++;
      }
      String val;
      if (i < n && rest.charAt(i) == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < n) {
          char c = rest.charAt(i++);
          if (c == '\\' && i < n) {
            sb.append(rest.charAt(i++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            sb.append(c);
          }
        }
        if (!closed) {
          return null;
        }
        val = sb.toString();
      } else {
        int start = i;
        while (i < n && isTokenChar(rest.charAt(i))) {
          i++;
        }
        val = rest.substring(start, i);
      }
      if (params.put(name, val) != null) {
        return null;
      }
      while (i < n && (rest.charAt(i) == ' ' || rest.charAt(i) == '\t')) {
        i++;
      }
      if (i < n && rest.charAt(i) != ',') {
        return null;
      }
    }
    return params;
  }

  private static boolean isTokenChar(char c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }
}
