package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.TlsOptions;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;

/** HTTPS from a key store (TLS 1.2+ only) and Bearer tokens as account credentials. */
class HttpsAndBearerTest {
  @TempDir
  static Path dir;
  static Path keyStore;
  static X509Certificate certificate;

  @BeforeAll
  static void keyStore() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair kp = g.generateKeyPair();
    X500Name name = new X500Name("CN=localhost");
    Date now = new Date();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.getTime()),
        new Date(now.getTime() - 60_000), new Date(now.getTime() + 86_400_000L), name, kp.getPublic());
    b.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
        new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName[] {
            new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1"),
            new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.dNSName, "localhost")}));
    certificate = new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("stub", kp.getPrivate(), "secret".toCharArray(), new X509Certificate[] {certificate});
    keyStore = dir.resolve("stub.p12");
    try (OutputStream out = Files.newOutputStream(keyStore)) {
      ks.store(out, "secret".toCharArray());
    }
  }

  static HttpClient trusting(String... protocols) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("stub", certificate);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    SSLParameters p = new SSLParameters();
    p.setProtocols(protocols);
    return HttpClient.newBuilder().sslContext(ctx).sslParameters(p).connectTimeout(Duration.ofSeconds(5)).build();
  }

  static byte[] submitBody() throws Exception {
    SubmitRequest s = SubmitRequest.builder().vaspId("acme").recipients(Recipients.to(Address.number("+447000000001")))
        .build();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    org.openmm7.client.codec.Mm7Codec.lenient().encode(Mm7Envelope.of("tx-tls", Mm7Release.latest(), s)).writeTo(out);
    return out.toByteArray();
  }

  static HttpResponse<String> post(HttpClient c, java.net.URI uri, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "text/xml; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(submitBody())).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void httpsOnTheMainPortWithTls12And13Only() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().tls(TlsOptions.server(keyStore, "secret".toCharArray())).build().start()) {
      assertEquals("https", stub.endpoint().getScheme());
      assertEquals(stub.endpoint(), stub.httpsEndpoint());
      for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
        HttpResponse<String> r = post(trusting(protocol), stub.endpoint(), null);
        assertEquals(200, r.statusCode(), protocol);
        assertTrue(r.body().contains("SubmitRsp"), r::body);
      }
      assertThrows(java.io.IOException.class, () -> post(trusting("TLSv1.1"), stub.endpoint(), null),
          "TLS 1.1 is refused");
    }
  }

  /** A body large enough to be decoded while it arrives, over TLS: recorded byte for byte. */
  @Test
  void aLargeBodyOverTlsIsRecordedExactly() throws Exception {
    byte[] image = new byte[400_000];
    new java.util.Random(4).nextBytes(image);
    SubmitRequest s = SubmitRequest.builder().vaspId("acme").recipients(Recipients.to(Address.number("+447000000001")))
        .content(org.openmm7.client.content.BinaryPart.ofBytes(image, "image/jpeg"), true).build();
    org.openmm7.client.codec.EncodedMessage e = org.openmm7.client.codec.Mm7Codec.lenient()
        .encode(Mm7Envelope.of("tx-tls-big", Mm7Release.latest(), s));
    java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
    e.writeTo(wire);
    try (Mm7StubServer stub = Mm7StubServer.builder().tls(TlsOptions.server(keyStore, "secret".toCharArray())).build().start()) {
      HttpResponse<String> r = trusting("TLSv1.3").send(HttpRequest.newBuilder(stub.endpoint())
          .header("Content-Type", e.contentType()).timeout(Duration.ofSeconds(10))
          .POST(HttpRequest.BodyPublishers.ofByteArray(wire.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      assertTrue(r.body().contains("1000"), r::body);
      RecordedRequest rec = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      org.junit.jupiter.api.Assertions.assertArrayEquals(wire.toByteArray(), rec.body());
      org.junit.jupiter.api.Assertions.assertArrayEquals(image,
          ((org.openmm7.client.content.BinaryPart) ((SubmitRequest) rec.message()).content()).bytes());
    }
  }

  @Test
  void httpsOnASecondPort() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().tls(TlsOptions.server(keyStore, "secret".toCharArray())).httpsPort(0).build().start()) {
      assertEquals("http", stub.endpoint().getScheme());
      assertEquals("https", stub.httpsEndpoint().getScheme());
      assertTrue(stub.httpsEndpoint().getPort() != stub.endpoint().getPort());
      assertEquals(200, post(trusting("TLSv1.3"), stub.httpsEndpoint(), null).statusCode());
      assertEquals(1000, Http.post(stub.endpoint(), "text/xml; charset=utf-8", submitBody(), null).statusCode());
    }
  }

  @Test
  void aWrongKeyStorePasswordFailsTheStart() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TlsOptions.server(keyStore, "wrong".toCharArray()));
    assertEquals("cannot read the key store " + keyStore + ": wrong password", e.getMessage());
    Path notAKeyStore = Files.writeString(keyStore.resolveSibling("not.p12"), "hello");
    e = assertThrows(IllegalArgumentException.class, () -> TlsOptions.server(notAKeyStore, "secret".toCharArray()));
    assertTrue(e.getMessage().startsWith("cannot read the key store " + notAKeyStore + ": "), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> TlsOptions.server(keyStore.resolveSibling("missing.p12"), "secret".toCharArray()));
    assertEquals("the key store " + keyStore.resolveSibling("missing.p12") + " does not exist", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Mm7StubServer.builder().tls(TlsOptions.defaults()));
    assertTrue(e.getMessage().contains("needs a key store"), e.getMessage());
  }

  @Test
  void bearerTokensBesideBasic() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder()
        .accounts(Account.bearer("acme", "t0ken-acme"), new Account("other", "pw")).build().start()) {
      HttpClient c = HttpClient.newHttpClient();
      assertTrue(post(c, stub.endpoint(), "Bearer t0ken-acme").body().contains("1000"));
      RecordedRequest r = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      assertEquals("acme", r.vaspId());
      assertTrue(r.authenticated());
      assertEquals("Bearer ***", r.header("authorization").orElseThrow(), "never recorded in clear");
      assertEquals(401, post(c, stub.endpoint(), "Bearer t0ken-acmf").statusCode());
      assertTrue(post(c, stub.endpoint(), "bearer t0ken-acme").body().contains("1000"), "scheme case-insensitive");
      HttpResponse<String> basic = post(c, stub.endpoint(), "Basic " + java.util.Base64.getEncoder()
          .encodeToString("acme:t0ken-acme".getBytes()));
      assertEquals(401, basic.statusCode(), "a token is no password");
      List<String> challenges = basic.headers().allValues("WWW-Authenticate");
      assertTrue(challenges.contains("Bearer realm=\"MM7\"") && challenges.contains("Basic realm=\"MM7\", charset=\"UTF-8\""),
          "a challenge per scheme the accounts allow: " + challenges);
      assertEquals(1000, Http.post(stub.endpoint(), "text/xml; charset=utf-8", submitBody(), "other:pw").statusCode());
    }
  }
}
