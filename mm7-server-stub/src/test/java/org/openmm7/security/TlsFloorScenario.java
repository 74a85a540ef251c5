package org.openmm7.security;

import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.Mm7TransportException;
import org.openmm7.client.TlsOptions;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.inbound.Mm7InboundHandler;
import org.openmm7.client.inbound.Mm7InboundServer;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.stub.Mm7StubServer;

/**
 * Run in a JVM whose {@code jdk.tls.disabledAlgorithms} allows TLS 1.0 and 1.1 again (see
 * {@link TlsFloorTest}), so that the JDK would speak them: the stub's HTTPS connector, the inbound
 * endpoint and the client still refuse them, and take TLS 1.2 and 1.3. Prints one RESULT line per
 * check.
 */
public final class TlsFloorScenario {
  private static final char[] PASSWORD = "secret".toCharArray();

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("mm7-tls");
    KeyStore ks = keyStore();
    Path file = dir.resolve("server.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, PASSWORD);
    }
    SSLContext server = SSLContext.getInstance("TLS");
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    server.init(kmf.getKeyManagers(), null, null);

    // the JDK here speaks TLS 1.1, or the checks below prove nothing
    try (SSLServerSocket plain = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 5,
        InetAddress.getLoopbackAddress())) {
      plain.setEnabledProtocols(new String[] {"TLSv1.1"});
      Thread t = acceptAndHandshake(plain);
      result("jdk-speaks-tls-1.1", handshake(plain.getLocalPort(), "TLSv1.1") == null, "a plain JDK server");
      t.join(5000);
    }

    try (Mm7StubServer stub = Mm7StubServer.builder().tls(TlsOptions.server(file, PASSWORD)).build().start()) {
      checkServer("stub", stub.endpoint().getPort());
    }
    try (Mm7InboundServer vasp = Mm7InboundServer.builder(new Mm7InboundHandler() { }).host("127.0.0.1")
        .tls(TlsOptions.builder().keyStore(ks, PASSWORD).build()).start()) {
      checkServer("inbound", vasp.port());
    }

    // the client against a server that offers only TLS 1.0 and 1.1
    try (SSLServerSocket old = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 5,
        InetAddress.getLoopbackAddress())) {
      old.setEnabledProtocols(new String[] {"TLSv1.1", "TLSv1"});
      Thread t = acceptAndHandshake(old);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("server", ks.getCertificate("server"));
      try (Mm7Client client = Mm7Client.builder(URI.create("https://127.0.0.1:" + old.getLocalPort() + "/mm7"))
          .tls(TlsOptions.builder().trustStore(trust).hostnameVerification(false).build()).build()) {
        client.submit(SubmitRequest.builder().recipients(Recipients.to(Address.number("+447000000001")))
            .content(TextPart.of("hi")).build());
        result("client-refuses-tls-1.1", false, "the submit went through");
      } catch (Mm7TransportException e) {
        result("client-refuses-tls-1.1", e.kind() == Mm7TransportException.Kind.TLS, e.kind() + " " + e.getMessage());
      } catch (Mm7Exception e) {
        result("client-refuses-tls-1.1", false, e.toString());
      }
      t.join(5000);
    }
    System.out.println("SCENARIO-DONE");
  }

  private static void checkServer(String name, int port) {
    for (String p : List.of("TLSv1.1", "TLSv1")) {
      String error = handshake(port, p);
      // refused for the version itself (protocol_version), not for want of a cipher suite both take
      result(name + "-refuses-" + p, error != null && error.contains("protocol_version"),
          error == null ? "handshake succeeded" : error);
    }
    for (String p : List.of("TLSv1.2", "TLSv1.3")) {
      String error = handshake(port, p);
      result(name + "-accepts-" + p, error == null, error == null ? "ok" : error);
    }
  }

  private static Thread acceptAndHandshake(SSLServerSocket s) {
    Thread t = new Thread(() -> {
      try (SSLSocket c = (SSLSocket) s.accept()) {
        c.setSoTimeout(5000);
        c.startHandshake();
        c.getInputStream().read();
      } catch (Exception e) {
        // the other side refused
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A handshake with only this protocol enabled: null when it succeeded, else why not. */
  private static String handshake(int port, String protocol) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new TrustAll()}, null);
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(5000);
        s.setEnabledProtocols(new String[] {protocol});
        s.startHandshake();
        return s.getSession().getProtocol().equals(protocol) ? null : "negotiated " + s.getSession().getProtocol();
      }
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static void result(String check, boolean pass, String detail) {
    System.out.println("RESULT " + check + " " + (pass ? "PASS" : "FAIL") + " " + detail);
  }

  private static KeyStore keyStore() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair kp = g.generateKeyPair();
    X500Name name = new X500Name("CN=localhost");
    Date now = new Date();
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
        BigInteger.valueOf(now.getTime()), new Date(now.getTime() - 60_000), new Date(now.getTime() + 86_400_000L),
        name, kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", kp.getPrivate(), PASSWORD, new X509Certificate[] {cert});
    return ks;
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
