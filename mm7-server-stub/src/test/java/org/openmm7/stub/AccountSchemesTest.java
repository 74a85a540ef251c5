package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.schema.Mm7Release;
import org.openmm7.client.Credentials.Scheme;

/**
 * Each account allows its own schemes, as real relays do (Mbuni asks for Basic only): the 401
 * challenges only what the accounts allow, and credentials of a scheme the account does not allow
 * are refused even when they are right. The Digest answers are computed here from RFC 7616.
 */
class AccountSchemesTest {
  private static final Pattern NONCE = Pattern.compile("algorithm=MD5, nonce=\"([^\"]+)\"");

  private static byte[] body(String vaspId) throws Exception {
    EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of("tx-s", Mm7Release.latest(),
        StubAuthenticationTest.submit(vaspId)));
    return StubAuthenticationTest.bytes(e);
  }

  private static HttpResponse<String> post(Mm7StubServer stub, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(stub.endpoint()).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "text/xml; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body("acme")));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> challenges(Mm7StubServer stub) throws Exception {
    HttpResponse<String> r = post(stub, null);
    assertEquals(401, r.statusCode());
    return r.headers().allValues("WWW-Authenticate");
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String md5(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** A correct RFC 7616 MD5 answer to the MD5 challenge among {@code challenges}. */
  private static String digest(List<String> challenges, String user, String password) throws Exception {
    String nonce = challenges.stream().map(NONCE::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
        .orElseThrow(() -> new AssertionError("no MD5 Digest challenge: " + challenges));
    String ha1 = md5(user + ":MM7:" + password);
    String ha2 = md5("POST:/mm7");
    String response = md5(ha1 + ":" + nonce + ":00000001:c0ffee:auth:" + ha2);
    return "Digest username=\"" + user + "\", realm=\"MM7\", nonce=\"" + nonce + "\", uri=\"/mm7\", algorithm=MD5,"
        + " qop=auth, nc=00000001, cnonce=\"c0ffee\", response=\"" + response + "\"";
  }

  @Test
  void aBasicOnlyAccountIsChallengedForBasicAloneAndRefusesACorrectDigestAnswer() throws Exception {
    try (Mm7StubServer alone = Mm7StubServer.builder()
        .accounts(new Account("mbuni", "pw").withSchemes(Scheme.BASIC)).build().start()) {
      assertEquals(List.of("Basic realm=\"MM7\", charset=\"UTF-8\""), challenges(alone));
      assertEquals(200, post(alone, basic("mbuni", "pw")).statusCode());
    }
    // beside a default account the server does challenge Digest, and the same Digest computation
    // works for that account: only the Basic-only one refuses it
    try (Mm7StubServer mixed = Mm7StubServer.builder()
        .accounts(new Account("mbuni", "pw").withSchemes(Scheme.BASIC), new Account("acme", "pw")).build().start()) {
      HttpResponse<String> refused = post(mixed, digest(challenges(mixed), "mbuni", "pw"));
      assertEquals(401, refused.statusCode(), refused::body);
      assertEquals(200, post(mixed, digest(challenges(mixed), "acme", "pw")).statusCode());
      assertEquals(200, post(mixed, basic("mbuni", "pw")).statusCode());
      assertEquals(2, mixed.requests().size(), "the refused one is not recorded");
    }
  }

  @Test
  void aDigestOnlyAccountRefusesCorrectBasicCredentials() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder()
        .accounts(new Account("acme", "pw").withSchemes(Scheme.DIGEST)).build().start()) {
      List<String> challenges = challenges(stub);
      assertEquals(2, challenges.size(), challenges.toString());
      assertTrue(challenges.stream().allMatch(c -> c.startsWith("Digest ")), challenges.toString());
      HttpResponse<String> refused = post(stub, basic("acme", "pw"));
      assertEquals(401, refused.statusCode());
      assertFalse(refused.headers().allValues("WWW-Authenticate").stream().anyMatch(c -> c.startsWith("Basic")));
      assertEquals(200, post(stub, digest(challenges, "acme", "pw")).statusCode());
    }
  }

  @Test
  void aTokenAccountThatAllowsOnlyItsPasswordRefusesTheToken() throws Exception {
    Account both = new Account("acme", "pw", "t0k3n", null, null).withSchemes(Scheme.BASIC);
    try (Mm7StubServer stub = Mm7StubServer.builder().accounts(both).build().start()) {
      assertEquals(List.of("Basic realm=\"MM7\", charset=\"UTF-8\""), challenges(stub));
      assertEquals(401, post(stub, "Bearer t0k3n").statusCode());
      assertEquals(200, post(stub, basic("acme", "pw")).statusCode());
    }
  }

  @Test
  void theDefaultIsBasicAndDigestWithAPasswordAndBearerWithAToken() {
    assertEquals(EnumSet.of(Scheme.BASIC, Scheme.DIGEST), new Account("acme", "pw").schemes());
    assertEquals(EnumSet.of(Scheme.BEARER), Account.bearer("t", "tok").schemes());
    assertEquals(EnumSet.allOf(Scheme.class), new Account("a", "pw", "tok", null, null).schemes());
    Account narrowed = new Account("acme", "pw").withSchemes(Scheme.BASIC);
    assertEquals(EnumSet.of(Scheme.BASIC), narrowed.withRelease(Mm7Release.latest()).schemes(), "kept by with...");
    assertThrows(IllegalArgumentException.class, () -> Account.bearer("t", "tok").withSchemes(Scheme.BASIC));
    assertThrows(IllegalArgumentException.class, () -> new Account("acme", "pw").withSchemes(Scheme.BEARER));
    assertThrows(IllegalArgumentException.class, () -> new Account("acme", "pw").withSchemes());
    assertEquals(Scheme.DIGEST, Scheme.named(" Digest "));
    assertThrows(IllegalArgumentException.class, () -> Scheme.named("ntlm"));
  }
}
