package org.openmm7.stub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks an Authorization header against the accounts: Basic (VASP ID and password) or Bearer.
 * Secrets are kept as SHA-256 digests and compared with {@link MessageDigest#isEqual} (constant
 * time); an unknown user costs the same work as a wrong password, and a Bearer token is compared
 * with every account's token, without stopping at the first match.
 */
final class Authenticator {
  /** Compared with when the user is unknown; a holder, so that a stub without accounts never loads a digest. */
  private static final class Unknown {
    static final byte[] DIGEST = sha256("\u0000no such account\u0000");
  }

  private final Map<String, byte[]> passwords = new LinkedHashMap<>();
  private final Map<String, byte[]> tokens = new LinkedHashMap<>();

  Authenticator(Collection<Account> accounts) {
    for (Account a : accounts) {
      if (a.password() != null) {
        passwords.put(a.vaspId(), sha256(a.password()));
      }
      if (a.bearerToken() != null) {
        tokens.put(a.vaspId(), sha256(a.bearerToken()));
      }
    }
  }

  /** Whether any credentials are asked for. */
  boolean enabled() {
    return !passwords.isEmpty() || !tokens.isEmpty();
  }

  /** The account whose credentials these are, or null. */
  String authenticate(String authorization) {
    if (!enabled() || authorization == null) {
      return null;
    }
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      byte[] given = sha256(authorization.substring(7).trim());
      String found = null;
      for (Map.Entry<String, byte[]> e : tokens.entrySet()) {
        if (MessageDigest.isEqual(e.getValue(), given) & found == null) {
          found = e.getKey();
        }
      }
      if (tokens.isEmpty()) {
        MessageDigest.isEqual(Unknown.DIGEST, given);
      }
      return found;
    }
    if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String user = decoded.substring(0, colon);
    byte[] given = sha256(decoded.substring(colon + 1));
    byte[] expected = passwords.get(user);
    boolean known = expected != null;
    boolean match = MessageDigest.isEqual(known ? expected : Unknown.DIGEST, given);
    return known && match ? user : null;
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
