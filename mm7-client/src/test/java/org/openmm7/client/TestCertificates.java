package org.openmm7.client;

import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates made in the test (BouncyCastle), as PKCS#12 key and trust stores. */
public final class TestCertificates {
  public static final char[] PASSWORD = "changeit".toCharArray();

  /** A key pair with its certificate and, for an issued one, the certificates above it. */
  public record Identity(KeyPair keys, X509Certificate certificate, X509Certificate... chain) {
    public KeyStore keyStore() throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      Certificate[] all = new Certificate[1 + chain.length];
      all[0] = certificate;
      System.arraycopy(chain, 0, all, 1, chain.length);
      ks.setKeyEntry("key", keys.getPrivate(), PASSWORD, all);
      return ks;
    }

    public KeyStore trustStore() throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("trusted", certificate);
      return ks;
    }

    public Path writeKeyStore(Path dir, String name) throws Exception {
      return write(keyStore(), dir.resolve(name + ".p12"));
    }

    public Path writeTrustStore(Path dir, String name) throws Exception {
      return write(trustStore(), dir.resolve(name + "-trust.p12"));
    }
  }

  private TestCertificates() {}

  /** A self-signed certificate for {@code cn}, valid for the given DNS names and IP addresses. */
  public static Identity create(String cn, String... names) throws Exception {
    return issue(null, false, cn, names);
  }

  /** A certificate authority (self-signed, basicConstraints CA) that issues certificates with {@link #issuedBy}. */
  public static Identity authority(String cn) throws Exception {
    return issue(null, true, cn);
  }

  /** A certificate for {@code cn} signed by {@code ca}: its chain (leaf, CA) is in the identity's key store. */
  public static Identity issuedBy(Identity ca, String cn, String... names) throws Exception {
    return issue(ca, false, cn, names);
  }

  private static Identity issue(Identity ca, boolean isCa, String cn, String... names) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair kp = g.generateKeyPair();
    X500Name subject = new X500Name("CN=" + cn + ", O=OpenMM7 test");
    X500Name issuer = ca == null ? subject : X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
        new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, kp.getPublic());
    List<GeneralName> sans = new ArrayList<>();
    for (String n : names) {
      boolean ip = n.chars().allMatch(c -> Character.isDigit(c) || c == '.');
      sans.add(ip ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(n).getHostAddress())
          : new GeneralName(GeneralName.dNSName, n));
    }
    if (!sans.isEmpty()) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
    }
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (isCa) {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    }
    PrivateKey signer = ca == null ? kp.getPrivate() : ca.keys().getPrivate();
    X509Certificate cert = new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    return ca == null ? new Identity(kp, cert) : new Identity(kp, cert, ca.certificate());
  }

  private static Path write(KeyStore ks, Path file) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, PASSWORD);
    }
    return file;
  }
}
