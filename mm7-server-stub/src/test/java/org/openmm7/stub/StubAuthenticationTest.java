package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmm7.client.Credentials;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7TransportException;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.client.testing.JdkHttp;
import org.openmm7.schema.Mm7Release;

/**
 * The relay stub authenticates as real relays do: a bare 401 with a challenge per scheme (Mbuni:
 * {@code WWW-Authenticate: Basic realm="..."}), Digest beside Basic and Bearer, all before a byte
 * of the body is read; checked with the JDK's HttpURLConnection (independent of this project), with
 * {@link Mm7Client} (and {@code mm7 submit --digest} in mm7-tool's DigestSubmitTest).
 */
class StubAuthenticationTest {

  static SubmitRequest submit(String vaspId) {
    return SubmitRequest.builder().vaspId(vaspId).vasId("news").senderAddress(Address.shortCode("12345"))
        .recipients(Recipients.to(Address.number("+447000000001"))).subject("auth").build();
  }

  static byte[] bytes(EncodedMessage e) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    return out.toByteArray();
  }

  static Mm7StubServer start(Mm7StubServer.Builder b) throws Exception {
    return b.build().start();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void missingOrWrongCredentialsGetABare401WithAChallengePerSchemeAndAreNotRecorded() throws Exception {
    try (Mm7StubServer stub = start(Mm7StubServer.builder().accounts(new Account("acme", "s3cret"),
        Account.bearer("tokenco", "t0k3n")))) {
      EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of("tx-1", Mm7Release.latest(), submit("acme")));
      byte[] body = bytes(e);
      List<String> authorizations = new ArrayList<>();
      authorizations.add(null);
      authorizations.addAll(List.of(basic("acme", "wrong"), basic("nobody", "s3cret"), "Bearer t0k3m",
          "Digest username=\"acme\", realm=\"MM7\", nonce=\"made-up\", uri=\"/mm7\", response=\"00\"", "Negotiate abc"));
      for (String authorization : authorizations) {
        HttpRequest.Builder b = HttpRequest.newBuilder(stub.endpoint()).timeout(Duration.ofSeconds(10))
            .header("Content-Type", e.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
          b.header("Authorization", authorization);
        }
        HttpResponse<String> r = Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode(), authorization);
        List<String> challenges = r.headers().allValues("WWW-Authenticate");
        assertEquals(4, challenges.size(), challenges.toString());
        assertTrue(challenges.get(0).startsWith("Digest realm=\"MM7\", qop=\"auth\", algorithm=SHA-256, nonce=\""));
        assertTrue(challenges.get(1).startsWith("Digest realm=\"MM7\", qop=\"auth\", algorithm=MD5, nonce=\""));
        assertEquals("Basic realm=\"MM7\", charset=\"UTF-8\"", challenges.get(2));
        assertEquals("Bearer realm=\"MM7\"", challenges.get(3));
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertEquals("missing or wrong credentials\n", r.body());
      }
      assertTrue(stub.requests().isEmpty(), "not one recorded: " + stub.requests());
      assertEquals(1000, Http.post(stub.endpoint(), e.contentType(), body, "acme:s3cret").statusCode());
      assertEquals(1, stub.requests().size());
    }
  }

  @Test
  void anAccountWithOnlyATokenIsNotChallengedForAPassword() throws Exception {
    try (Mm7StubServer stub = start(Mm7StubServer.builder().accounts(Account.bearer("tokenco", "t0k3n")))) {
      HttpResponse<String> r = Http.CLIENT.send(HttpRequest.newBuilder(stub.endpoint())
          .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString("<x/>")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, r.statusCode());
      assertEquals(List.of("Bearer realm=\"MM7\""), r.headers().allValues("WWW-Authenticate"));
    }
  }

  @Test
  void basicAndDigestWorkWithTheJdksOwnClient() throws Exception {
    try (Mm7StubServer stub = start(Mm7StubServer.builder().accounts(new Account("acme", "s3cret")))) {
      EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of("tx-j", Mm7Release.latest(), submit("acme")));
      byte[] body = bytes(e);
      // offered Digest and Basic, the JDK takes the stronger: Digest
      assertEquals(200, JdkHttp.post(stub.endpoint(), "acme", "s3cret", e.contentType(), body));
      assertEquals(200, JdkHttp.post(stub.endpoint(), "acme", "s3cret", e.contentType(), body));
      assertEquals(401, JdkHttp.post(stub.endpoint(), "acme", "wrong", e.contentType(), body));
      assertEquals(2, stub.requests().size());
      for (RecordedRequest r : stub.requests()) {
        assertEquals("acme", r.vaspId());
        assertTrue(r.authenticated());
        assertEquals("Digest ***", r.header("authorization").orElseThrow(), "the JDK answered the Digest challenge");
      }
    }
  }

  @Test
  void digestWorksWithTheProjectsClient() throws Exception {
    try (Mm7StubServer stub = start(Mm7StubServer.builder().accounts(new Account("acme", "s3cret")))) {
      try (Mm7Client c = Mm7Client.builder(stub.endpoint()).credentials(Credentials.digest("acme", "s3cret")).build()) {
        SubmitResponse r = c.submit(submit("acme"), "tx-d1");
        assertFalse(r.messageId().isEmpty());
        c.submit(submit("acme"), "tx-d2");
      }
      try (Mm7Client c = Mm7Client.builder(stub.endpoint()).credentials(Credentials.digest("acme", "wrong")).build()) {
        Mm7TransportException x = org.junit.jupiter.api.Assertions.assertThrows(Mm7TransportException.class,
            () -> c.submit(submit("acme"), "tx-d3"));
        assertEquals(401, x.httpStatus().getAsInt());
      }
      assertEquals(2, stub.requests().size());
      assertTrue(stub.requests().stream().allMatch(r -> "Digest ***".equals(r.header("authorization").orElse(null))));
    }
  }

  @Test
  void aLargeSubmitWithDigestArrivesWholeAfterTheChallenge() throws Exception {
    try (Mm7StubServer stub = start(Mm7StubServer.builder().accounts(new Account("acme", "s3cret")));
        Mm7Client c = Mm7Client.builder(stub.endpoint()).credentials(Credentials.digest("acme", "s3cret")).build()) {
      byte[] picture = new byte[300 * 1024];
      new java.util.Random(7).nextBytes(picture);
      SubmitRequest big = submit("acme").toBuilder()
          .content(org.openmm7.client.content.BinaryPart.ofBytes(picture, "image/jpeg")).build();
      assertFalse(c.submit(big, "tx-big").messageId().isEmpty());
      assertEquals(1, stub.requests().size(), "the challenged attempt is not recorded");
      RecordedRequest r = stub.requests().get(0);
      org.openmm7.client.content.BinaryPart got = (org.openmm7.client.content.BinaryPart) ((SubmitRequest) r.message())
          .content();
      org.junit.jupiter.api.Assertions.assertArrayEquals(picture, got.bytes());
    }
  }

  @Test
  void credentialsAreCheckedBeforeTheBodyIsRead() throws Exception {
    try (Mm7StubServer stub = start(Mm7StubServer.builder().accounts(new Account("acme", "s3cret")))) {
      URI uri = stub.endpoint();
      // a megabyte announced, a few bytes sent: the answer does not wait for the rest
      String answer = JdkHttp.raw(uri, "POST " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: " + basic("acme", "wrong") + "\r\n"
          + "Content-Type: text/xml\r\nContent-Length: 1000000\r\n\r\n<?xml");
      assertTrue(answer.startsWith("HTTP/1.1 401 "), answer);
      assertTrue(answer.toLowerCase().contains("connection: close"), answer);
      assertFalse(answer.contains("<html") || answer.contains("Envelope") || answer.contains("Exception"), answer);
      assertTrue(stub.requests().isEmpty());
    }
  }

  @Test
  void aFloodOfStrangersDoesNotPushRealRequestsOutOfTheRecordings() throws Exception {
    try (Mm7StubServer stub = start(Mm7StubServer.builder().accounts(new Account("acme", "s3cret"))
        .maxRecordedRequests(2))) {
      EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of("tx-real", Mm7Release.latest(), submit("acme")));
      assertEquals(1000, Http.post(stub.endpoint(), e.contentType(), bytes(e), "acme:s3cret").statusCode());
      URI uri = stub.endpoint();
      String head = "POST " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic("acme", "guess")
          + "\r\nContent-Type: text/xml\r\nContent-Length: 996147\r\n\r\n";
      for (int i = 0; i < 50; i++) {
        assertTrue(JdkHttp.raw(uri, head + "x".repeat(8192)).startsWith("HTTP/1.1 401 "));
      }
      assertEquals(1, stub.requests().size());
      assertEquals("tx-real", stub.requests().get(0).transactionId());
    }
  }

  @Test
  void twoAuthorizationHeadersAreABadRequest() throws Exception {
    try (Mm7StubServer stub = start(Mm7StubServer.builder().accounts(new Account("acme", "s3cret"),
        new Account("other", "pw")))) {
      EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of("tx-2", Mm7Release.latest(), submit("acme")));
      byte[] body = bytes(e);
      URI uri = stub.endpoint();
      String answer = JdkHttp.raw(uri, "POST " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
          + "Authorization: " + basic("other", "pw") + "\r\nAuthorization: " + basic("acme", "s3cret") + "\r\n"
          + "Content-Type: " + e.contentType() + "\r\nContent-Length: " + body.length + "\r\n\r\n"
          + new String(body, StandardCharsets.ISO_8859_1));
      assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
      assertTrue(stub.requests().isEmpty(), "the last header does not win");
    }
  }

  @Test
  void aVaspIdThatIsNotTheAuthenticatedAccountIs4001InStrictModeAndAFindingInLenient() throws Exception {
    EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of("tx-v", Mm7Release.latest(), submit("other")));
    byte[] body = bytes(e);
    try (Mm7StubServer strict = start(Mm7StubServer.builder().strict(true).accounts(new Account("acme", "s3cret"),
        new Account("other", "pw")))) {
      Http.Answer a = Http.post(strict.endpoint(), e.contentType(), body, "acme:s3cret");
      assertEquals(500, a.httpStatus());
      assertEquals(4001, a.statusCode(), a::toString);
      assertEquals(1000, Http.post(strict.endpoint(), e.contentType(), body, "other:pw").statusCode());
    }
    try (Mm7StubServer lenient = start(Mm7StubServer.builder().accounts(new Account("acme", "s3cret"),
        new Account("other", "pw")))) {
      assertEquals(1000, Http.post(lenient.endpoint(), e.contentType(), body, "acme:s3cret").statusCode());
      RecordedRequest r = lenient.requests().get(0);
      assertEquals("acme", r.vaspId(), "the account, not the claim");
      assertTrue(r.findings().stream().anyMatch(f -> f.code().equals("vaspid-mismatch")), r.findings().toString());
    }
  }
}
