package org.openmm7.client.content;

import java.nio.charset.Charset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 2045 media type with parameters, such as {@code multipart/related; type="text/xml"}.
 * Immutable. {@link #parse(String)} is lenient (what real peers send); {@link #toString()} is
 * strict and always fits on one line, so that it can go into an HTTP header.
 */
public final class ContentType {
  /** RFC 2045's tspecials, by character (below 127). */
  private static final boolean[] TSPECIAL = new boolean[127];

  static {
    for (char c : "()<>@,;:\\\"/[]?=".toCharArray()) {
      TSPECIAL[c] = true;
    }
  }

  private final String type;
  private final String subtype;
  private final Map<String, String> parameters;
  /** {@link #toString()}, made on first use: a type such as the SOAP part's is written per message. */
  private String text;
  /** {@link #charset()}, looked up on first use. */
  private Optional<Charset> charset;

  private ContentType(String type, String subtype, Map<String, String> parameters) {
    this.type = type;
    this.subtype = subtype;
    this.parameters = Collections.unmodifiableMap(parameters);
  }

  /**
   * Parses a header value. Type and parameter names are case-insensitive (they are lower-cased);
   * values may be quoted or bare; spaces, empty parameters, a trailing {@code ;} and folded lines
   * are tolerated. When a parameter occurs twice, the first wins.
   *
   * @throws IllegalArgumentException when there is no {@code type/subtype} at all
   */
  public static ContentType parse(String headerValue) {
    if (headerValue == null) {
      throw new IllegalArgumentException("no Content-Type");
    }
    String s = headerValue;
    if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\t') >= 0) { // folded: rarely
      s = s.replace('\r', ' ').replace('\n', ' ').replace('\t', ' ');
    }
    int n = s.length();
    int i = skipSpaces(s, 0);
    int semi = s.indexOf(';', i);
    // the media type's range, trimmed as String.trim would (no copy of it: parsed once per message
    // for a multipart's value, whose boundary is new each time)
    int from = trimStart(s, i, semi < 0 ? n : semi);
    int to = trimEnd(s, from, semi < 0 ? n : semi);
    int slash = indexOf(s, '/', from, to);
    if (slash <= from || slash == to - 1) {
      throw new IllegalArgumentException("not a media type (type/subtype): " + headerValue);
    }
    String t = trimmedLowerCaseName(s, from, slash);
    String st = trimmedLowerCaseName(s, slash + 1, to);
    if (t.isEmpty() || st.isEmpty() || hasSpace(t) || hasSpace(st)) {
      throw new IllegalArgumentException("not a media type (type/subtype): " + headerValue);
    }
    Map<String, String> params = new LinkedHashMap<>(8);
    i = semi < 0 ? n : semi + 1;
    while (i < n) {
      i = skipSpaces(s, i);
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
      String name = trimmedLowerCaseName(s, nameStart, i);
      if (i >= n || s.charAt(i) == ';') {
        // a parameter without a value: ignore it
        continue;
      }
      i = skipSpaces(s, i + 1); // past '='
      String value;
      int close = i < n && s.charAt(i) == '"' ? s.indexOf('"', i + 1) : -1;
      if (close > i && indexOf(s, '\\', i + 1, close) < 0) {
        // a quoted value without backslashes (a boundary, a start id): the characters between the quotes
        value = s.substring(i + 1, close);
        i = close + 1;
        while (i < n && s.charAt(i) != ';') {
          i++; // garbage after the closing quote
        }
      } else if (i < n && s.charAt(i) == '"') {
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
        i++; // closing quote (or end)
        value = sb.toString();
        while (i < n && s.charAt(i) != ';') {
          i++; // garbage after the closing quote
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
    return new ContentType(t, st, params);
  }

  /** A media type without parameters; both names are checked and lower-cased. */
  public static ContentType of(String type, String subtype) {
    String t = checkToken(type, "type").toLowerCase(Locale.ROOT);
    String st = checkToken(subtype, "subtype").toLowerCase(Locale.ROOT);
    return new ContentType(t, st, new LinkedHashMap<>());
  }

  /** The top-level type, lower case, e.g. {@code multipart}. */
  public String type() {
    return type;
  }

  /** The subtype, lower case, e.g. {@code related}. */
  public String subtype() {
    return subtype;
  }

  /** {@code type/subtype} in lower case, without parameters. */
  public String mediaType() {
    return type + "/" + subtype;
  }

  /** The value of a parameter; the name is case-insensitive. */
  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
  }

  /** All parameters, names lower-cased, in the order they were given. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** A copy with the parameter set (replacing a previous value in place, or appended). */
  public ContentType withParameter(String name, String value) {
    String key = checkToken(name, "parameter name").toLowerCase(Locale.ROOT);
    Objects.requireNonNull(value, "value");
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("line break in parameter value: " + name);
    }
    Map<String, String> copy = new LinkedHashMap<>(parameters);
    copy.put(key, value);
    return new ContentType(type, subtype, copy);
  }

  /** A copy without the parameter (case-insensitive name); this one if there was none. */
  public ContentType withoutParameter(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    if (!parameters.containsKey(key)) {
      return this;
    }
    Map<String, String> copy = new LinkedHashMap<>(parameters);
    copy.remove(key);
    return new ContentType(type, subtype, copy);
  }

  /**
   * Whether this has the given media type, case-insensitively; {@code multipart/*} matches any
   * multipart and {@code *}{@code /*} anything. Parameters in the argument are ignored.
   */
  public boolean is(String mediaType) {
    if (isPlainLowerCase(mediaType)) {
      // the usual argument ("application/xml"): compared in place, without the copies below
      int slash = mediaType.indexOf('/');
      if (slash < 0) {
        return mediaType.equals(type);
      }
      return slash == type.length() && mediaType.startsWith(type)
          && mediaType.length() - slash - 1 == subtype.length() && mediaType.startsWith(subtype, slash + 1);
    }
    String m = mediaType;
    int semi = m.indexOf(';');
    if (semi >= 0) {
      m = m.substring(0, semi);
    }
    m = m.trim().toLowerCase(Locale.ROOT);
    int slash = m.indexOf('/');
    if (slash < 0) {
      return m.equals(type);
    }
    String t = m.substring(0, slash).trim();
    String st = m.substring(slash + 1).trim();
    return (t.equals("*") || t.equals(type)) && (st.equals("*") || st.equals(subtype));
  }

  /** No parameters, blanks, capitals, wildcards or non-ASCII: the string needs no trimming or lower-casing. */
  private static boolean isPlainLowerCase(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7F || c == ';' || c == '*' || (c >= 'A' && c <= 'Z')) {
        return false;
      }
    }
    return true;
  }

  /** Whether this is {@code multipart/*}. */
  public boolean isMultipart() {
    return type.equals("multipart");
  }

  /** The {@code charset} parameter as a Charset, if present and known to this JVM. */
  public Optional<Charset> charset() {
    Optional<Charset> c = charset;
    if (c == null) {
      // a race looks it up twice, alike; the parts' types are shared (parsed once), so this is
      // once per type rather than once per part
      c = lookUpCharset(parameters.get("charset"));
      charset = c;
    }
    return c;
  }

  private static Optional<Charset> lookUpCharset(String cs) {
    if (cs == null || cs.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Charset.forName(cs.trim()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The header value on one line: {@code type/subtype; name=value; ...}, each value quoted when
   * it is not an RFC 2045 token. Never folded.
   */
  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      // a race renders it twice, alike; a String is safely shared
      StringBuilder sb = new StringBuilder(type).append('/').append(subtype);
      for (Map.Entry<String, String> e : parameters.entrySet()) {
        sb.append("; ").append(e.getKey()).append('=');
        appendParameterValue(sb, e.getValue());
      }
      t = sb.toString();
      text = t;
    }
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentType other
        && type.equals(other.type)
        && subtype.equals(other.subtype)
        && parameters.equals(other.parameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, subtype, parameters);
  }

  /**
   * Appends a parameter value as {@link #toString()} writes it: as it is when it is an RFC 2045
   * token, else quoted, with {@code "} and {@code \} escaped by a backslash (RFC 2045 5.1, RFC 822
   * quoted-string). For writers that render a header value without making a ContentType.
   */
  public static StringBuilder appendParameterValue(StringBuilder sb, String value) {
    if (isToken(value)) {
      return sb.append(value);
    }
    sb.append('"');
    int from = 0; // runs without a character to escape are appended whole
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append(value, from, i).append('\\');
        from = i;
      }
    }
    return sb.append(value, from, value.length()).append('"');
  }

  static boolean isToken(String v) {
    if (v.isEmpty()) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c <= ' ' || c >= 127 || TSPECIAL[c]) {
        return false;
      }
    }
    return true;
  }

  private static String checkToken(String v, String what) {
    Objects.requireNonNull(v, what);
    if (!isToken(v) || v.equals("*") && what.equals("parameter name")) {
      throw new IllegalArgumentException("invalid " + what + ": '" + v + "'");
    }
    return v;
  }

  /** The first index of c in s within [from, to), or -1. */
  private static int indexOf(String s, char c, int from, int to) {
    for (int k = from; k < to; k++) {
      if (s.charAt(k) == c) {
        return k;
      }
    }
    return -1;
  }

  /** The first index in [from, to) of a character String.trim keeps (above ' '), or to. */
  private static int trimStart(String s, int from, int to) {
    while (from < to && s.charAt(from) <= ' ') {
      from++;
    }
    return from;
  }

  /** The end of [from, to) without the characters String.trim removes at the end. */
  private static int trimEnd(String s, int from, int to) {
    while (to > from && s.charAt(to - 1) <= ' ') {
      to--;
    }
    return to;
  }

  /** Names that recur in nearly every message's Content-Types, lower case. */
  private static final String[] KNOWN_NAMES = {"multipart", "related", "mixed", "text", "xml", "plain",
      "application", "image", "type", "start", "boundary", "charset", "start-info", "action", "name"};

  /** {@code s.substring(from, to).trim().toLowerCase(Locale.ROOT)}, as {@link #lowerCaseName}. */
  private static String trimmedLowerCaseName(String s, int from, int to) {
    int start = trimStart(s, from, to);
    return lowerCaseName(s, start, trimEnd(s, start, to));
  }

  /**
   * {@code s.substring(from, to).toLowerCase(Locale.ROOT)}; a known name in ASCII is the constant,
   * not a copy. Non-ASCII characters never match (some lower-case to ASCII letters, such as the
   * Kelvin sign): those ranges take the copy, as before.
   */
  private static String lowerCaseName(String s, int from, int to) {
    int length = to - from;
    for (String known : KNOWN_NAMES) {
      if (known.length() == length && asciiLowerCaseEquals(s, from, known)) {
        return known;
      }
    }
    return s.substring(from, to).toLowerCase(Locale.ROOT);
  }

  private static boolean asciiLowerCaseEquals(String s, int from, String lowerCase) {
    for (int k = 0; k < lowerCase.length(); k++) {
      char c = s.charAt(from + k);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lowerCase.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasSpace(String s) {
    return s.indexOf(' ') >= 0;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }
}
