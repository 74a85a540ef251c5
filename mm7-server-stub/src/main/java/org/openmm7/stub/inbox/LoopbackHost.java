package org.openmm7.stub.inbox;

import java.util.Locale;

/**
 * Whether a host names the loopback interface, decided by parsing alone: a name is never looked
 * up, because an attacker's domain can resolve to 127.0.0.1 (DNS rebinding). Accepted: {@code
 * localhost} (and {@code localhost.}), an IPv4 address {@code 127.x.y.z} in canonical dotted
 * decimal, and the IPv6 loopback {@code ::1} in any valid spelling. Everything else is refused,
 * including names made of hexadecimal letters ({@code bad.cafe}) and the short or numeric IPv4
 * forms ({@code 127.1}, {@code 0x7f.1}, {@code 2130706433}): a browser sends a host it parsed
 * in the canonical form, so only a hand-made request would use them.
 */
final class LoopbackHost {
  private LoopbackHost() {}

  /**
   * A host without a port: a name, an IPv4 address, or an IPv6 address with or without brackets
   * (the form of a listening address).
   */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      return isIpv6Loopback(h.substring(1, h.length() - 1));
    }
    if (h.contains(":")) {
      return isIpv6Loopback(h);
    }
    return h.equals("localhost") || h.equals("localhost.") || isIpv4Loopback(h);
  }

  /**
   * The value of a Host header ({@code host[:port]}, IPv6 in brackets, RFC 9110 section 7.2):
   * whether it names loopback.
   */
  static boolean isLoopbackAuthority(String authority) {
    if (authority == null) {
      return false;
    }
    String a = authority.trim();
    String host;
    String port;
    if (a.startsWith("[")) {
      int close = a.indexOf(']');
      if (close < 0) {
        return false;
      }
      host = a.substring(0, close + 1);
      String rest = a.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return false;
      }
      port = rest.isEmpty() ? null : rest.substring(1);
    } else {
      int colon = a.indexOf(':');
      host = colon < 0 ? a : a.substring(0, colon);
      port = colon < 0 ? null : a.substring(colon + 1);
    }
    if (port != null && !port.matches("[0-9]{1,5}")) {
      return false;
    }
    // a bare IPv6 address is not a valid Host: it must be bracketed
    return !host.isEmpty() && (host.startsWith("[") || !host.contains(":")) && isLoopback(host);
  }

  private static boolean isIpv4Loopback(String h) {
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      // decimal, 0..255, no leading zero (010 is octal to inet_aton and decimal to others)
      if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return parts[0].equals("127");
  }

  /** Parses an IPv6 address (RFC 4291 section 2.2 text forms, no zone) and compares it with ::1. */
  private static boolean isIpv6Loopback(String h) {
    int[] groups = new int[8];
    int gap = h.indexOf("::");
    if (gap >= 0 && h.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    String head = gap < 0 ? h : h.substring(0, gap);
    String tail = gap < 0 ? "" : h.substring(gap + 2);
    int[] front = groups(head);
    int[] back = groups(tail);
    if (front == null || back == null) {
      return false;
    }
    if (gap < 0 ? front.length != 8 : front.length + back.length > 7) {
      return false;
    }
    System.arraycopy(front, 0, groups, 0, front.length);
    System.arraycopy(back, 0, groups, 8 - back.length, back.length);
    for (int i = 0; i < 7; i++) {
      if (groups[i] != 0) {
        return false;
      }
    }
    return groups[7] == 1;
  }

  /** The 16-bit groups of "a:b:c", an empty array for "", null when malformed (IPv4 tails are not loopback). */
  private static int[] groups(String s) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    if (parts.length > 8) {
      return null;
    }
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (!parts[i].matches("[0-9a-f]{1,4}")) {
        return null;
      }
      out[i] = Integer.parseInt(parts[i], 16);
    }
    return out;
  }
}
