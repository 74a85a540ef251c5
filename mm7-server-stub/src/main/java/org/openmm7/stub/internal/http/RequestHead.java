package org.openmm7.stub.internal.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.openmm7.stub.RecordedRequest;

/**
 * A request's head as recorded: the request line and the header lines as text, {@code
 * Authorization} credentials masked. The head is written for every request (the store keeps it
 * with the body); the header map that {@link RecordedRequest#headers()} shows is read back from it
 * only when asked for, which most requests never are.
 */
public final class RequestHead {
  private RequestHead() {}

  /** {@code METHOD path HTTP/1.1 CRLF (Name: value CRLF)* CRLF}, in the order received. */
  static String of(String method, String pathQuery, String protocol, HttpFields fields) {
    int n = fields.size();
    int size = method.length() + pathQuery.length() + protocol.length() + 6;
    for (int i = 0; i < n; i++) {
      HttpField f = fields.getField(i);
      size += f.getName().length() + valueOf(f).length() + 4;
    }
    StringBuilder head = new StringBuilder(size);
    head.append(method).append(' ').append(pathQuery).append(' ').append(protocol).append("\r\n");
    for (int i = 0; i < n; i++) { // by index: no iterator per request
      HttpField f = fields.getField(i);
      head.append(f.getName()).append(": ");
      String value = valueOf(f);
      if (f.getHeader() == HttpHeader.AUTHORIZATION) {
        int sp = value.indexOf(' ');
        head.append(value, 0, sp > 0 ? sp : value.length()).append(" ***");
      } else {
        head.append(value);
      }
      head.append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  private static String valueOf(HttpField f) {
    String v = f.getValue();
    return v == null ? "" : v;
  }

  /**
   * The header lines of a head written by {@link #of}: names in ASCII lower case, each name's
   * values in the order received (a value is what follows the name's {@code ": "} to the line's
   * end, as written). Unmodifiable.
   */
  public static Map<String, List<String>> headers(String head) {
    Map<String, List<String>> headers = new HashMap<>();
    int i = head.indexOf("\r\n");
    while (i >= 0) {
      int start = i + 2;
      int end = head.indexOf("\r\n", start);
      if (end < 0 || end == start) {
        break; // the blank line that ends the head
      }
      int colon = head.indexOf(':', start);
      if (colon > start && colon < end) {
        int valueStart = colon + 1 < end && head.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1;
        headers.computeIfAbsent(asciiLowerCase(head.substring(start, colon)), k -> new ArrayList<>(1))
            .add(head.substring(valueStart, end));
      }
      i = end;
    }
    Map<String, List<String>> copy = new HashMap<>(headers.size() * 2);
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      copy.put(e.getKey(), List.copyOf(e.getValue()));
    }
    return Map.copyOf(copy);
  }

  /** Lower case as Jetty's {@code HttpField.getLowerCaseName()} makes it: A-Z only (names are tokens). */
  private static String asciiLowerCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] chars = s.toCharArray();
        for (int k = i; k < chars.length; k++) {
          if (chars[k] >= 'A' && chars[k] <= 'Z') {
            chars[k] += 'a' - 'A';
          }
        }
        return new String(chars);
      }
    }
    return s;
  }
}
