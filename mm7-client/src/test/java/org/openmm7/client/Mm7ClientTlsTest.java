package org.openmm7.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmm7.client.message.SubmitResponse;

/** HTTPS against WireMock with certificates generated here: trust, hostname verification, mutual TLS. */
class Mm7ClientTlsTest {
  static Path dir;
  static TestCertificates.Identity relayCert;
  static TestCertificates.Identity wrongNameCert;
  static TestCertificates.Identity vaspCert;
  static WireMockServer tls;
  static WireMockServer wrongName;
  static WireMockServer mutual;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("mm7-tls");
    relayCert = TestCertificates.create("relay", "localhost", "127.0.0.1");
    wrongNameCert = TestCertificates.create("elsewhere", "relay.example.net");
    vaspCert = TestCertificates.create("acme-vasp");
    tls = server(https(relayCert, "relay"));
    wrongName = server(https(wrongNameCert, "wrong"));
    mutual = server(https(relayCert, "relay-m").needClientAuth(true)
        .trustStorePath(vaspCert.writeTrustStore(dir, "vasp").toString())
        .trustStorePassword(new String(TestCertificates.PASSWORD)).trustStoreType("PKCS12"));
  }

  private static WireMockConfiguration https(TestCertificates.Identity id, String name) throws Exception {
    return wireMockConfig().httpDisabled(true).dynamicHttpsPort().bindAddress("127.0.0.1")
        .jettyAcceptors(1).containerThreads(10)
        .keystorePath(id.writeKeyStore(dir, name).toString()).keystoreType("PKCS12")
        .keystorePassword(new String(TestCertificates.PASSWORD))
        .keyManagerPassword(new String(TestCertificates.PASSWORD));
  }

  private static WireMockServer server(WireMockConfiguration config) {
    WireMockServer s = new WireMockServer(config);
    s.start();
    s.stubFor(post(urlEqualTo("/mm7")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/xml").withBody(Replies.submitRsp("tx", 1000, "msg-tls"))));
    return s;
  }

  @AfterAll
  static void stop() throws Exception {
    for (WireMockServer s : new WireMockServer[] {tls, wrongName, mutual}) {
      if (s != null) {
        s.stop();
      }
    }
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  private static Mm7Client.Builder builder(WireMockServer s) {
    return Mm7Client.builder(URI.create("https://127.0.0.1:" + s.httpsPort() + "/mm7"))
        .vaspId("acme").connectTimeout(Duration.ofSeconds(3)).callTimeout(Duration.ofSeconds(5));
  }

  private static SubmitResponse submit(Mm7Client.Builder b) throws Mm7Exception {
    try (Mm7Client c = b.build()) {
      return c.submit(Replies.submit(), "tx");
    }
  }

  @Test
  void httpsWithATrustedCertificate() throws Exception {
    TlsOptions opts = TlsOptions.builder().trustStore(relayCert.trustStore()).build();
    assertEquals("msg-tls", submit(builder(tls).tls(opts)).messageId());
  }

  @Test
  void trustStoreFromAFile() throws Exception {
    Path file = relayCert.writeTrustStore(dir, "relay-file");
    TlsOptions opts = TlsOptions.builder().trustStore(file, TestCertificates.PASSWORD).build();
    assertEquals("msg-tls", submit(builder(tls).tls(opts)).messageId());
  }

  @Test
  void untrustedCertificateIsATlsFailure() {
    Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> submit(builder(tls)));
    assertEquals(Mm7TransportException.Kind.TLS, e.kind(), e.toString());
  }

  @Test
  void hostnameIsVerifiedByDefault() throws Exception {
    TlsOptions opts = TlsOptions.builder().trustStore(wrongNameCert.trustStore()).build();
    Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> submit(builder(wrongName).tls(opts)));
    assertEquals(Mm7TransportException.Kind.TLS, e.kind(), e.toString());
  }

  @Test
  void hostnameVerificationCanBeTurnedOff() throws Exception {
    TlsOptions opts = TlsOptions.builder().trustStore(wrongNameCert.trustStore()).hostnameVerification(false).build();
    assertEquals("msg-tls", submit(builder(wrongName).tls(opts)).messageId());
  }

  @Test
  void mutualTls() throws Exception {
    TlsOptions opts = TlsOptions.builder().trustStore(relayCert.trustStore())
        .keyStore(vaspCert.writeKeyStore(dir, "vasp-key"), TestCertificates.PASSWORD).build();
    assertTrue(opts.hasCertificate());
    assertEquals("msg-tls", submit(builder(mutual).tls(opts)).messageId());
  }

  @Test
  void mutualTlsWithoutAClientCertificateFailsInTheHandshake() throws Exception {
    // TLS 1.2: the relay refuses during the handshake
    TlsOptions opts = TlsOptions.builder().trustStore(relayCert.trustStore()).protocols("TLSv1.2").build();
    Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> submit(builder(mutual).tls(opts)));
    assertEquals(Mm7TransportException.Kind.TLS, e.kind(), e.toString());
  }

  @Test
  void mutualTlsWithoutAClientCertificateOverTls13() throws Exception {
    // TLS 1.3: the client's handshake is over before the relay checks it; the refusal (an alert,
    // or a reset while the body is written) can only be seen after that
    TlsOptions opts = TlsOptions.builder().trustStore(relayCert.trustStore()).protocols("TLSv1.3").build();
    Mm7TransportException e = assertThrows(Mm7TransportException.class, () -> submit(builder(mutual).tls(opts)));
    assertTrue(e.kind() == Mm7TransportException.Kind.TLS || e.kind() == Mm7TransportException.Kind.IO,
        e.toString());
    assertTrue(e.httpStatus().isEmpty());
  }

  @Test
  void versionsBeforeTls12AreRefused() {
    for (String old : new String[] {"TLSv1.1", "TLSv1", "SSLv3"}) {
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> TlsOptions.builder().protocols("TLSv1.2", old));
    }
  }
}
