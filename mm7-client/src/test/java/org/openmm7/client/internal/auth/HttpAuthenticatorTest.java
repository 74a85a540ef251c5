package org.openmm7.client.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openmm7.client.internal.auth.HttpAuthenticator.Account;
import org.openmm7.client.internal.auth.HttpAuthenticator.Authenticated;
import org.openmm7.client.internal.auth.HttpAuthenticator.Malformed;
import org.openmm7.client.internal.auth.HttpAuthenticator.Outcome;
import org.openmm7.client.internal.auth.HttpAuthenticator.Refused;

/** Server-side Basic, Digest (RFC 7616) and Bearer, checked against values computed here and the RFC's own example. */
class HttpAuthenticatorTest {
  private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-12-06T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MutableClock clock = new MutableClock();

  private HttpAuthenticator auth(Account... accounts) {
    return new HttpAuthenticator("MM7", List.of(accounts), clock, Duration.ofMinutes(5), 100);
  }

  private static Account digestAccount(String user, String password) {
    return new Account(user, password, null, false, true);
  }

  static String hash(String algorithm, String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A Digest Authorization value, computed here from RFC 7616 section 3.4.1. */
  static String digest(String algorithm, String user, String password, String realm, String nonce, String method,
      String uri, String nc, String cnonce) {
    String ha1 = hash(algorithm, user + ":" + realm + ":" + password);
    String ha2 = hash(algorithm, method + ":" + uri);
    String response = hash(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
    return "Digest username=\"" + user + "\", realm=\"" + realm + "\", uri=\"" + uri + "\", algorithm="
        + algorithm + ", nonce=\"" + nonce + "\", nc=" + nc + ", cnonce=\"" + cnonce + "\", qop=auth, response=\""
        + response + "\"";
  }

  private static String nonceOf(List<String> challenges) {
    Matcher m = NONCE.matcher(challenges.get(0));
    assertTrue(m.find(), challenges.toString());
    return m.group(1);
  }

  private static Outcome check(HttpAuthenticator a, String authorization) {
    return a.check("POST", "/mm7", List.of(authorization));
  }

  @Test
  void theRfc7616ExampleIsAcceptedAsRightButStaleForANonceThisServerDidNotIssue() {
    // RFC 7616 section 3.9.1: a correct response for a nonce we do not know is stale, a wrong one is not
    HttpAuthenticator a = new HttpAuthenticator("http-auth@example.org",
        List.of(digestAccount("Mufasa", "Circle of Life")));
    String base = "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\","
        + " nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001,"
        + " cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth,"
        + " opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    String md5 = base + ", algorithm=MD5, response=\"8ca523f5e9506fed4657c9700eebdbec\"";
    String sha256 = base + ", algorithm=SHA-256,"
        + " response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\"";
    assertEquals(new Refused(true, "an expired or unknown Digest nonce"),
        a.check("GET", "/dir/index.html", List.of(md5)));
    assertEquals(new Refused(true, "an expired or unknown Digest nonce"),
        a.check("GET", "/dir/index.html", List.of(sha256)));
    Refused wrong = assertInstanceOf(Refused.class,
        a.check("GET", "/dir/index.html", List.of(md5.replace("8ca523", "8ca524"))));
    assertTrue(!wrong.stale());
    Refused otherMethod = assertInstanceOf(Refused.class, a.check("POST", "/dir/index.html", List.of(sha256)));
    assertTrue(!otherMethod.stale(), "the method is part of the response");
  }

  @Test
  void digestWithBothAlgorithmsAndAReplayCheck() {
    HttpAuthenticator a = auth(digestAccount("relay", "s3cret"));
    List<String> challenges = a.challenges(false);
    assertEquals(2, challenges.size(), challenges.toString());
    assertTrue(challenges.get(0).contains("algorithm=SHA-256") && challenges.get(1).contains("algorithm=MD5"),
        "SHA-256 preferred, first: " + challenges);
    assertTrue(challenges.get(0).startsWith("Digest realm=\"MM7\", qop=\"auth\""));
    String nonce = nonceOf(challenges);
    for (String alg : List.of("SHA-256", "MD5")) {
      String h = digest(alg, "relay", "s3cret", "MM7", nonce, "POST", "/mm7", alg.equals("MD5") ? "00000001"
          : "00000002", "c1");
      assertEquals(new Authenticated("relay", "Digest"), check(a, h), alg);
      assertEquals(new Refused(false, "a Digest nonce count used before"), check(a, h), "a replay of " + alg);
    }
    // counts may arrive out of order over several connections, each once
    String n5 = digest("MD5", "relay", "s3cret", "MM7", nonce, "POST", "/mm7", "00000005", "c1");
    String n4 = digest("MD5", "relay", "s3cret", "MM7", nonce, "POST", "/mm7", "00000004", "c1");
    assertInstanceOf(Authenticated.class, check(a, n5));
    assertInstanceOf(Authenticated.class, check(a, n4));
    assertInstanceOf(Refused.class, check(a, n4));
    String far = digest("MD5", "relay", "s3cret", "MM7", nonce, "POST", "/mm7", "00000100", "c1");
    assertInstanceOf(Authenticated.class, check(a, far));
    String tooOld = digest("MD5", "relay", "s3cret", "MM7", nonce, "POST", "/mm7", "00000003", "c1");
    assertInstanceOf(Refused.class, check(a, tooOld), "below the window: refused, not remembered forever");
  }

  @Test
  void wrongDigestsAreRefusedNotStale() {
    HttpAuthenticator a = auth(digestAccount("relay", "s3cret"));
    String nonce = nonceOf(a.challenges(false));
    List<String> wrong = List.of(
        digest("MD5", "relay", "wrong", "MM7", nonce, "POST", "/mm7", "00000001", "c"),
        digest("MD5", "nobody", "s3cret", "MM7", nonce, "POST", "/mm7", "00000001", "c"),
        digest("MD5", "relay", "s3cret", "other realm", nonce, "POST", "/mm7", "00000001", "c"),
        digest("MD5", "relay", "s3cret", "MM7", nonce, "POST", "/elsewhere", "00000001", "c"),
        digest("MD5", "relay", "s3cret", "MM7", nonce, "GET", "/mm7", "00000001", "c"),
        digest("MD5", "relay", "s3cret", "MM7", nonce, "POST", "/mm7", "00000001", "c").replace("qop=auth", "qop=auth-int"),
        digest("MD5", "relay", "s3cret", "MM7", nonce, "POST", "/mm7", "00000001", "c").replace("algorithm=MD5", "algorithm=SHA-256"),
        digest("MD5", "relay", "s3cret", "MM7", nonce, "POST", "/mm7", "00000001", "c").replace("algorithm=MD5", "algorithm=MD5-sess"),
        digest("MD5", "relay", "s3cret", "MM7", nonce, "POST", "/mm7", "00000001", "c").replace(", qop=auth", ""),
        digest("MD5", "relay", "s3cret", "MM7", nonce, "POST", "/mm7", "00000001", "c") + ", nc=00000002",
        "Digest username=\"relay\", response=\"unterminated",
        "Digest",
        "Basic " + Base64.getEncoder().encodeToString("relay:s3cret".getBytes(StandardCharsets.UTF_8)));
    for (String h : wrong) {
      Refused r = assertInstanceOf(Refused.class, check(a, h), h);
      assertTrue(!r.stale(), h);
    }
    assertInstanceOf(Authenticated.class,
        check(a, digest("MD5", "relay", "s3cret", "MM7", nonce, "POST", "/mm7", "00000001", "c")),
        "the nonce still works after all those");
    String absolute = digest("MD5", "relay", "s3cret", "MM7", nonce, "POST", "http://127.0.0.1:1/mm7", "00000002", "c");
    assertInstanceOf(Authenticated.class, check(a, absolute), "a uri in absolute form names the same target");
  }

  @Test
  void anExpiredNonceIsStaleAndNoncesAreBounded() {
    HttpAuthenticator a = auth(digestAccount("relay", "s3cret"));
    String nonce = nonceOf(a.challenges(false));
    clock.now = clock.now.plus(Duration.ofMinutes(5));
    Refused r = assertInstanceOf(Refused.class,
        check(a, digest("SHA-256", "relay", "s3cret", "MM7", nonce, "POST", "/mm7", "00000001", "c")));
    assertTrue(r.stale(), "the right password with an old nonce: stale");
    assertTrue(a.challenges(true).get(0).endsWith(", stale=true"));
    for (int i = 0; i < 1000; i++) {
      a.challenges(false);
    }
    assertEquals(100, a.nonceCount(), "at most the bound");
    clock.now = clock.now.plus(Duration.ofMinutes(6));
    a.challenges(false);
    assertEquals(1, a.nonceCount(), "expired ones go");
  }

  @Test
  void basicComparesUserAndPasswordAndAllowsUtf8() {
    HttpAuthenticator a = auth(new Account("acme", "p\u00e4ss", null, true, false), new Account("beta", "pw", null,
        true, false));
    assertEquals(new Authenticated("acme", "Basic"), check(a, basic("acme", "p\u00e4ss")));
    assertEquals(new Authenticated("beta", "Basic"), check(a, "basic   " + b64("beta:pw")), "scheme case-insensitive");
    for (String h : List.of(basic("acme", "pw"), basic("beta", "p\u00e4ss"), basic("acme", "p\u00e4ss "),
        basic("nobody", "pw"), "Basic " + b64("acme"), "Basic !!!", "Basic", "Bearer " + b64("acme:p\u00e4ss"))) {
      assertInstanceOf(Refused.class, check(a, h), h);
    }
    assertEquals(List.of("Basic realm=\"MM7\", charset=\"UTF-8\""), a.challenges(false), "no Digest offered");
  }

  @Test
  void bearerAndTheChallengesOfMixedAccounts() {
    HttpAuthenticator a = auth(new Account("acme", null, "t0k3n", false, false),
        new Account("beta", "pw", null, true, true));
    assertEquals(new Authenticated("acme", "Bearer"), check(a, "Bearer t0k3n"));
    assertInstanceOf(Refused.class, check(a, "Bearer t0k3"));
    assertInstanceOf(Refused.class, check(a, "Bearer t0k3nn"));
    List<String> c = a.challenges(false);
    assertEquals(4, c.size(), c.toString());
    assertTrue(c.get(0).startsWith("Digest ") && c.get(1).startsWith("Digest "));
    assertTrue(c.get(2).startsWith("Basic realm=\"MM7\""));
    assertEquals("Bearer realm=\"MM7\"", c.get(3));
    assertEquals(nonceOf(c.subList(0, 1)), nonceOf(c.subList(1, 2)), "one nonce for both algorithms");
  }

  @Test
  void withoutAccountsEveryCredentialIsRefusedAndARealmWithAControlCharacterIsNot() {
    // nothing is hashed when it is made (a server asking for no credentials loads no security
    // provider at its start): the compare values are made when a request first needs them
    HttpAuthenticator a = auth();
    assertTrue(!a.enabled());
    for (String h : List.of(basic("acme", "pw"), "Bearer t0k3n",
        digest("MD5", "nobody", "pw", "MM7", "bm9uY2U", "POST", "/mm7", "00000001", "c"),
        digest("SHA-256", "nobody", "pw", "MM7", "bm9uY2U", "POST", "/mm7", "00000001", "c"))) {
      Refused r = assertInstanceOf(Refused.class, check(a, h), h);
      assertTrue(!r.stale(), h);
    }
    for (String realm : List.of("M\u0001M7", "MM7\n", "M\"M7", "M\\M7")) {
      assertThrows(IllegalArgumentException.class, () -> new HttpAuthenticator(realm, List.of()), realm);
    }
    assertEquals("MM7 \u00e9", new HttpAuthenticator("MM7 \u00e9", List.of()).realm());
  }

  @Test
  void twoAuthorizationHeadersAreMalformedAndNoneIsRefused() {
    HttpAuthenticator a = auth(new Account("acme", "pw", null, true, false));
    assertInstanceOf(Malformed.class, a.check("POST", "/mm7", List.of(basic("acme", "pw"), basic("acme", "pw"))));
    assertInstanceOf(Malformed.class, a.check("POST", "/mm7", List.of("Basic x", basic("acme", "pw"))));
    assertEquals(new Refused(false, "no credentials"), a.check("POST", "/mm7", List.of()));
  }

  @Test
  void theHeaderParserReadsQuotedStringsAndRefusesAmbiguity() {
    Map<String, String> p = AuthorizationHeader.parse("Digest a=\"x, y\", B=tok ,c=\"q\\\"e\"").params();
    assertEquals(Map.of("a", "x, y", "b", "tok", "c", "q\"e"), p);
    assertEquals(null, AuthorizationHeader.parse("Digest a=1, a=2").params());
    assertEquals(null, AuthorizationHeader.parse("Digest a=\"1").params());
    assertEquals(null, AuthorizationHeader.parse(" "));
    assertEquals("basic", AuthorizationHeader.parse("BASIC abc=").scheme());
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String basic(String user, String password) {
    return "Basic " + b64(user + ":" + password);
  }
}
