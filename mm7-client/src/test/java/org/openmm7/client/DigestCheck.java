package org.openmm7.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recomputes an RFC 7616 (MD5, qop=auth) Digest response to check what the client sent. */
final class DigestCheck {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");

  private DigestCheck() {}

  static Map<String, String> parse(String header) {
    Map<String, String> m = new HashMap<>();
    Matcher x = PARAM.matcher(header.substring("Digest ".length()));
    while (x.find()) {
      m.put(x.group(1).toLowerCase(), x.group(2) != null ? x.group(2) : x.group(3));
    }
    return m;
  }

  static void assertValid(String header, String user, String password, String method, String realm, String nonce) {
    assertNotNull(header, "an Authorization header");
    Map<String, String> p = parse(header);
    assertEquals(user, p.get("username"));
    assertEquals(realm, p.get("realm"));
    assertEquals(nonce, p.get("nonce"));
    assertEquals("auth", p.get("qop"));
    String ha1 = md5(user + ":" + realm + ":" + password);
    String ha2 = md5(method + ":" + p.get("uri"));
    String expected = md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
    assertEquals(expected, p.get("response"), "the digest response");
  }

  static String md5(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.ISO_8859_1)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
