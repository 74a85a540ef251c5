package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7TransportException;
import org.openmm7.client.TestCertificates;
import org.openmm7.client.TlsOptions;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.inbound.InboundContext;
import org.openmm7.client.inbound.Mm7InboundHandler;
import org.openmm7.client.inbound.Mm7InboundServer;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;

/**
 * One TLS type on every side: certificates issued by a test CA (bcpkix), the stub and the inbound
 * endpoint as servers, the client and the stub's pushes as clients, mutual TLS on both servers.
 */
class OneTlsTest {
  static TestCertificates.Identity ca;
  static TestCertificates.Identity server;
  static TestCertificates.Identity vaspClient;
  static TestCertificates.Identity stranger;

  @BeforeAll
  static void certificates() throws Exception {
    ca = TestCertificates.authority("OpenMM7 test CA");
    server = TestCertificates.issuedBy(ca, "localhost", "localhost", "127.0.0.1");
    vaspClient = TestCertificates.issuedBy(ca, "acme-vasp");
    stranger = TestCertificates.create("stranger"); // self-signed: no chain to the CA
  }

  static TlsOptions serverTls(boolean mutual) throws Exception {
    TlsOptions.Builder b = TlsOptions.builder().keyStore(server.keyStore(), TestCertificates.PASSWORD);
    if (mutual) {
      b.trustStore(ca.trustStore());
    }
    return b.build();
  }

  static TlsOptions trustingTheCa(TestCertificates.Identity client) throws Exception {
    TlsOptions.Builder b = TlsOptions.builder().trustStore(ca.trustStore());
    if (client != null) {
      b.keyStore(client.keyStore(), TestCertificates.PASSWORD);
    }
    return b.build();
  }

  static String submit(java.net.URI endpoint, TlsOptions tls) throws Exception {
    try (Mm7Client c = Mm7Client.builder(endpoint).vaspId("acme").tls(tls)
        .connectTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(10)).build()) {
      return c.submit(SubmitRequest.builder().recipients(Recipients.to(Address.number("+447000000001")))
          .content(TextPart.of("over TLS")).build()).messageId();
    }
  }

  @Test
  void theClientSubmitsToTheStubOverHttpsTrustingATestCa() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().tls(serverTls(false)).build().start()) {
      assertEquals("https", stub.endpoint().getScheme());
      assertNotNull(submit(stub.endpoint(), trustingTheCa(null)));
      assertEquals(1, stub.requests().size());
      // the JDK's trust does not know the test CA: the handshake fails, typed as TLS
      Mm7TransportException e = assertThrows(Mm7TransportException.class,
          () -> submit(stub.endpoint(), TlsOptions.defaults()));
      assertEquals(Mm7TransportException.Kind.TLS, e.kind(), e.toString());
      assertEquals(1, stub.requests().size(), "nothing reached the stub without a handshake");
    }
  }

  @Test
  void theStubRequiresAClientCertificateWhenItsOptionsHaveATrustStore() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().tls(serverTls(true)).build().start()) {
      assertNotNull(submit(stub.endpoint(), trustingTheCa(vaspClient)));
      for (TestCertificates.Identity wrong : new TestCertificates.Identity[] {null, stranger}) {
        // TLS 1.3 may report a refused client certificate as a broken connection rather than TLS
        Mm7TransportException e = assertThrows(Mm7TransportException.class,
            () -> submit(stub.endpoint(), trustingTheCa(wrong)));
        assertTrue(e.kind() == Mm7TransportException.Kind.TLS || e.kind() == Mm7TransportException.Kind.IO,
            e.toString());
      }
      assertEquals(1, stub.requests().size(), "only the client with a certificate of the CA got through");
    }
  }

  @Test
  void httpsBesideHttpOnItsOwnPort() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().tls(serverTls(false)).httpsPort(0).build().start()) {
      assertEquals("http", stub.endpoint().getScheme());
      assertEquals("https", stub.httpsEndpoint().getScheme());
      assertNotNull(submit(stub.httpsEndpoint(), trustingTheCa(null)));
      assertNotNull(submit(stub.endpoint(), TlsOptions.defaults()));
    }
  }

  static DeliverRequest mo() {
    return DeliverRequest.builder().sender(Address.number("+447000000005"))
        .recipients(Recipients.to(Address.shortCode("12345"))).content(TextPart.of("hello")).build();
  }

  static final Mm7InboundHandler ACCEPTING = new Mm7InboundHandler() {
    @Override
    public DeliverResponse deliver(DeliverRequest r, InboundContext ctx) {
      return new DeliverResponse(ResponseStatus.SUCCESS, null);
    }
  };

  @Test
  void pushesToAnHttpsVaspTrustWhatPeerTlsSays() throws Exception {
    try (Mm7InboundServer vasp = Mm7InboundServer.builder(ACCEPTING).host("127.0.0.1").tls(serverTls(false)).start()) {
      assertEquals("https", vasp.endpoint().getScheme());
      try (Mm7StubServer trusting = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint())
          .peerTls(trustingTheCa(null)).pushRetrySchedule(List.of()).build().start()) {
        assertEquals(PushRecord.State.DELIVERED, trusting.pushes().deliver(mo(), "acme").get(10, TimeUnit.SECONDS)
            .state());
      }
      try (Mm7StubServer jdkTrust = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint())
          .pushRetrySchedule(List.of()).build().start()) {
        PushRecord p = jdkTrust.pushes().deliver(mo(), "acme").get(10, TimeUnit.SECONDS);
        assertEquals(PushRecord.State.FAILED, p.state());
        assertTrue(p.attempts().get(0).error().contains("TLS"), p.attempts().get(0).error());
      }
    }
  }

  @Test
  void pushesPresentTheStubsClientCertificateToAVaspThatRequiresOne() throws Exception {
    try (Mm7InboundServer vasp = Mm7InboundServer.builder(ACCEPTING).host("127.0.0.1").tls(serverTls(true)).start()) {
      try (Mm7StubServer withCertificate = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint())
          .peerTls(trustingTheCa(vaspClient)).pushRetrySchedule(List.of()).build().start()) {
        assertEquals(PushRecord.State.DELIVERED,
            withCertificate.pushes().deliver(mo(), "acme").get(10, TimeUnit.SECONDS).state());
      }
      try (Mm7StubServer without = Mm7StubServer.builder().vaspEndpoint(vasp.endpoint())
          .peerTls(trustingTheCa(null)).pushRetrySchedule(List.of()).build().start()) {
        PushRecord p = without.pushes().deliver(mo(), "acme").get(10, TimeUnit.SECONDS);
        assertEquals(PushRecord.State.FAILED, p.state());
        assertFalse(p.attempts().get(0).error() == null);
      }
    }
  }

  @Test
  void aServerWithoutAKeyStoreIsRefusedAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Mm7StubServer.builder().tls(TlsOptions.builder().build()));
    assertTrue(e.getMessage().contains("key store"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Mm7InboundServer.builder(ACCEPTING).tls(TlsOptions.defaults()));
    assertTrue(e.getMessage().contains("key store"), e.getMessage());
  }
}
