package org.openmm7.client.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.openmm7.client.Credentials;
import org.openmm7.client.internal.SafeText;

/**
 * The server side of HTTP authentication, as relays and VASPs do it: checks one request's
 * {@code Authorization} header against accounts, before anything of the body is read, and makes
 * the {@code WWW-Authenticate} challenges of a 401 (one per scheme the accounts allow).
 *
 * <ul>
 *   <li>Basic (RFC 7617, UTF-8): user and password compared together as SHA-256 digests in
 *       constant time; an unknown user costs the same as a wrong password.</li>
 *   <li>Digest (RFC 7616): SHA-256 and MD5, qop=auth, challenged in that order (the preferred
 *       first); server nonces from {@link DigestNonces} (expiring, bounded in number, replay check
 *       on the nonce count); an expired or forgotten nonce with a correct response is challenged
 *       again with {@code stale=true}, so that the client retries without asking for the password;
 *       responses compared in constant time; the {@code uri} must be the request's target.</li>
 *   <li>Bearer (RFC 6750): the token compared with every account's, as digests, without stopping
 *       at the first match.</li>
 * </ul>
 *
 * <p>More than one {@code Authorization} header is refused as malformed (400): which one would
 * count is ambiguous, and proxies and servers disagree on it.
 */
public final class HttpAuthenticator {
  /** The realm used when none is given. */
  public static final String DEFAULT_REALM = "MM7";

  /**
   * Who may log in.
   *
   * @param user        the user name (for Basic and Digest)
   * @param password    the password, or null (Bearer only)
   * @param bearerToken the Bearer token, or null
   * @param basic       whether the password may be sent with Basic
   * @param digest      whether the password may be proved with Digest
   */
  public record Account(String user, String password, String bearerToken, boolean basic, boolean digest) {
    public Account {
      Objects.requireNonNull(user, "user");
      if (password == null && (basic || digest)) {
        throw new IllegalArgumentException("Basic or Digest needs a password");
      }
    }

    /** The account these credentials stand for, with the schemes they allow. */
    public static Account of(Credentials c) {
      return new Account(c.username() == null ? "" : c.username(), c.password(),
          c.allows(Credentials.Scheme.BEARER) ? c.token() : null, c.allows(Credentials.Scheme.BASIC),
          c.allows(Credentials.Scheme.DIGEST));
    }
  }

  /** What the check found. */
  public sealed interface Outcome permits Authenticated, Refused, Malformed {}

  /** The request carries valid credentials of this user. */
  public record Authenticated(String user, String scheme) implements Outcome {}

  /**
   * No credentials, or wrong ones: answer 401 with {@link #challenges(boolean) challenges(stale)}.
   *
   * @param stale  the Digest response was right but its nonce expired or is unknown
   * @param reason for the log, never the secret (what the peer sent is escaped)
   */
  public record Refused(boolean stale, String reason) implements Outcome {}

  /** The request is malformed (two Authorization headers): answer 400. */
  public record Malformed(String reason) implements Outcome {}

  private static final HexFormat HEX = HexFormat.of();
  /**
   * What a wrong user's credentials are compared with (so that an unknown user costs the same
   * compare as a known one). In a holder: without accounts nothing is hashed, and a server that
   * asks for no credentials does not load the security providers at its start.
   */
  private static final class NoAccount {
    static final byte[] HASH = sha256("\u0000no such account\u0000".getBytes(StandardCharsets.UTF_8));
  }

  private final String realm;
  private final Map<String, byte[]> basic = new HashMap<>();
  private final Map<String, byte[]> tokens = new HashMap<>();
  /** Per user: HA1 = H(user:realm:password) for MD5 and for SHA-256, in hex. */
  private final Map<String, String[]> digest = new HashMap<>();
  /** HA1 of no account, for a Digest response naming an unknown user: made at once with accounts, else when first needed. */
  private volatile String[] noAccountHa1;
  private final DigestNonces nonces;

  /** Nonces live 5 minutes, at most 10 000 at once. */
  public HttpAuthenticator(String realm, Collection<Account> accounts) {
    this(realm, accounts, Clock.systemUTC(), Duration.ofMinutes(5), 10_000);
  }

  public HttpAuthenticator(String realm, Collection<Account> accounts, Clock clock, Duration nonceLifetime,
      int maxNonces) {
    this.realm = Objects.requireNonNull(realm, "realm");
    if (realm.indexOf('"') >= 0 || realm.indexOf('\\') >= 0 || hasControlCharacter(realm)) {
      throw new IllegalArgumentException("a realm without quotes, backslashes or control characters: " + realm);
    }
    for (Account a : accounts) {
      if (a.basic()) {
        basic.put(a.user(), sha256((a.user() + ":" + a.password()).getBytes(StandardCharsets.UTF_8)));
      }
      if (a.bearerToken() != null) {
        tokens.put(a.user(), sha256(a.bearerToken().getBytes(StandardCharsets.UTF_8)));
      }
      if (a.digest()) {
        digest.put(a.user(), ha1(a.user(), a.password()));
      }
    }
    if (!accounts.isEmpty()) {
      this.noAccountHa1 = ha1("\u0000", "\u0000"); // at once: a first unknown user costs what a known one does
    }
    this.nonces = new DigestNonces(clock, nonceLifetime, maxNonces);
  }

  /** Whether any credentials are asked for. */
  public boolean enabled() {
    return !basic.isEmpty() || !tokens.isEmpty() || !digest.isEmpty();
  }

  public String realm() {
    return realm;
  }

  /**
   * Checks a request's credentials.
   *
   * @param method        the request method (for Digest)
   * @param requestTarget the request-target as sent: path and query (for Digest's {@code uri})
   * @param authorization every {@code Authorization} header value of the request
   */
  public Outcome check(String method, String requestTarget, List<String> authorization) {
    if (authorization.size() > 1) {
      return new Malformed("the request has " + authorization.size() + " Authorization headers");
    }
    if (authorization.isEmpty()) {
      return new Refused(false, "no credentials");
    }
    AuthorizationHeader h = AuthorizationHeader.parse(authorization.get(0));
    if (h == null) {
      return new Refused(false, "an Authorization header without a scheme");
    }
    switch (h.scheme()) {
      case "basic":
        return basic(h.credentials());
      case "bearer":
        return bearer(h.credentials());
      case "digest":
        return digest(method, requestTarget, h);
      default:
        return new Refused(false, "the scheme " + SafeText.escape(h.scheme()) + " is not accepted");
    }
  }

  /**
   * The {@code WWW-Authenticate} values of a 401, one per scheme (and per Digest algorithm) the
   * accounts allow, the preferred first; a Digest challenge carries a new nonce.
   */
  public List<String> challenges(boolean stale) {
    List<String> out = new ArrayList<>(4);
    if (!digest.isEmpty()) {
      String nonce = nonces.issue();
      for (String algorithm : List.of("SHA-256", "MD5")) {
        out.add("Digest realm=\"" + realm + "\", qop=\"auth\", algorithm=" + algorithm + ", nonce=\"" + nonce
            + "\", charset=UTF-8" + (stale ? ", stale=true" : ""));
      }
    }
    if (!basic.isEmpty()) {
      out.add("Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    }
    if (!tokens.isEmpty()) {
      out.add("Bearer realm=\"" + realm + "\"");
    }
    return out;
  }

  /** Digest nonces held (for tests). */
  int nonceCount() {
    return nonces.size();
  }

  private Outcome basic(String credentials) {
    byte[] given;
    try {
      given = Base64.getDecoder().decode(credentials);
    } catch (IllegalArgumentException e) {
      given = new byte[0];
    }
    String text = new String(given, StandardCharsets.UTF_8);
    int colon = text.indexOf(':');
    String user = colon < 0 ? "" : text.substring(0, colon);
    byte[] expected = basic.get(user);
    boolean known = expected != null;
    boolean match = MessageDigest.isEqual(known ? expected : NoAccount.HASH, sha256(given));
    return known && match ? new Authenticated(user, "Basic") : new Refused(false, "wrong Basic credentials");
  }

  private Outcome bearer(String token) {
    byte[] given = sha256(token.getBytes(StandardCharsets.UTF_8));
    String found = null;
    for (Map.Entry<String, byte[]> e : tokens.entrySet()) {
      if (MessageDigest.isEqual(e.getValue(), given) & found == null) {
        found = e.getKey();
      }
    }
    if (tokens.isEmpty()) {
      MessageDigest.isEqual(NoAccount.HASH, given);
    }
    return found != null ? new Authenticated(found, "Bearer") : new Refused(false, "wrong Bearer token");
  }

  private Outcome digest(String method, String requestTarget, AuthorizationHeader h) {
    Map<String, String> p = h.params();
    if (p == null) {
      return new Refused(false, "an unreadable Digest header");
    }
    String user = p.get("username");
    if (user == null && p.get("username*") != null) {
      user = extValue(p.get("username*"));
    }
    String nonce = p.get("nonce");
    String uri = p.get("uri");
    String response = p.get("response");
    String nc = p.get("nc");
    String cnonce = p.get("cnonce");
    String algorithm = p.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
    if (user == null || nonce == null || uri == null || response == null || cnonce == null || nc == null
        || !"auth".equalsIgnoreCase(p.get("qop")) || !realm.equals(p.get("realm"))
        || "true".equalsIgnoreCase(p.get("userhash")) || !nc.matches("[0-9a-fA-F]{8}")) {
      return new Refused(false, "a Digest response without qop=auth, our realm, nonce, nc, cnonce or uri");
    }
    int which;
    if (algorithm.equals("MD5")) {
      which = 0;
    } else if (algorithm.equals("SHA-256")) {
      which = 1;
    } else {
      return new Refused(false, "the Digest algorithm " + SafeText.escape(algorithm) + " is not offered");
    }
    if (!sameTarget(uri, requestTarget)) {
      return new Refused(false, "the Digest uri is not the request's target");
    }
    String[] ha1 = digest.get(user);
    boolean known = ha1 != null;
    String alg = which == 0 ? "MD5" : "SHA-256";
    String ha2 = hash(alg, method + ":" + uri);
    String expected = hash(alg, (known ? ha1 : noAccountHa1())[which] + ":" + nonce + ":" + nc + ":" + cnonce
        + ":auth:" + ha2);
    boolean match = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    if (!known || !match) {
      return new Refused(false, "wrong Digest credentials");
    }
    switch (nonces.use(nonce, Long.parseLong(nc, 16))) {
      case FRESH:
        return new Authenticated(user, "Digest");
      case STALE:
        return new Refused(true, "an expired or unknown Digest nonce");
      default:
        return new Refused(false, "a Digest nonce count used before");
    }
  }

  /** Whether a Digest {@code uri} names the request's target (as sent, or in absolute form). */
  private static boolean sameTarget(String uri, String requestTarget) {
    if (uri.equals(requestTarget)) {
      return true;
    }
    int scheme = uri.indexOf("://");
    if (scheme > 0) {
      int path = uri.indexOf('/', scheme + 3);
      return path > 0 && uri.substring(path).equals(requestTarget);
    }
    return false;
  }

  /** An RFC 8187 ext-value ({@code UTF-8''J%C3%A4ger}); null when it is not one. */
  private static String extValue(String v) {
    int q = v.indexOf("''");
    if (q < 0 || !v.substring(0, q).equalsIgnoreCase("UTF-8")) {
      return null;
    }
    byte[] out = new byte[v.length()];
    int n = 0;
    for (int i = q + 2; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '%' && i + 2 < v.length()) {
        try {
          out[n++] = (byte) Integer.parseInt(v.substring(i + 1, i + 3), 16);
        } catch (NumberFormatException e) {
          return null;
        }
        i += 2;
      } else {
        out[n++] = (byte) c;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  // a loop, not chars().anyMatch: a stream and its lambda are a few classes more at every server's start
  private static boolean hasControlCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 0x20) {
        return true;
      }
    }
    return false;
  }

  private String[] noAccountHa1() {
    String[] h = noAccountHa1;
    if (h == null) {
      h = ha1("\u0000", "\u0000"); // two threads may both make it: the same value
      noAccountHa1 = h;
    }
    return h;
  }

  private String[] ha1(String user, String password) {
    String a1 = user + ":" + realm + ":" + password;
    return new String[] {hash("MD5", a1), hash("SHA-256", a1)};
  }

  private static String hash(String algorithm, String text) {
    try {
      return HEX.formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
