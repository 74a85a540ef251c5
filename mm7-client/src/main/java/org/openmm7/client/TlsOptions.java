package org.openmm7.client;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS settings for an {@code https} relay URL: which certificates to trust (the JDK's by
 * default), the client certificate for mutual TLS, and hostname verification (on by default;
 * turning it off is for test rigs only). Immutable.
 */
public final class TlsOptions {
  private static final TlsOptions DEFAULTS = builder().build();

  private final KeyStore trustStore;
  private final KeyStore keyStore;
  private final char[] keyPassword;
  private final SSLContext sslContext;
  private final boolean hostnameVerification;
  private final List<String> protocols;

  private TlsOptions(Builder b) {
    this.trustStore = b.trustStore;
    this.keyStore = b.keyStore;
    this.keyPassword = b.keyPassword == null ? null : b.keyPassword.clone();
    this.sslContext = b.sslContext;
    this.hostnameVerification = b.hostnameVerification;
    this.protocols = List.copyOf(b.protocols);
  }

  /** The JDK's trusted certificates, no client certificate, hostname verification on. */
  public static TlsOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean hostnameVerification() {
    return hostnameVerification;
  }

  /** The TLS protocol versions to enable, or empty for the JDK's defaults. */
  public List<String> protocols() {
    return protocols;
  }

  /** Whether a client certificate is configured (mutual TLS). */
  public boolean hasClientCertificate() {
    return keyStore != null || sslContext != null;
  }

  /** The SSLContext these options describe. */
  public SSLContext sslContext() throws GeneralSecurityException {
    if (sslContext != null) {
      return sslContext;
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trustStore); // null: the JDK's cacerts
    TrustManager[] tms = tmf.getTrustManagers();
    KeyManager[] kms = null;
    if (keyStore != null) {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, keyPassword);
      kms = kmf.getKeyManagers();
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kms, tms, null);
    return ctx;
  }

  @Override
  public String toString() {
    return "TlsOptions{trustStore=" + (trustStore == null ? "jdk-default" : "custom")
        + ", clientCertificate=" + (keyStore != null) + ", sslContext=" + (sslContext != null ? "custom" : "built")
        + ", hostnameVerification=" + hostnameVerification + ", protocols=" + protocols + "}";
  }

  /** Configures {@link TlsOptions}. */
  public static final class Builder {
    private KeyStore trustStore;
    private KeyStore keyStore;
    private char[] keyPassword;
    private SSLContext sslContext;
    private boolean hostnameVerification = true;
    private List<String> protocols = List.of();

    private Builder() {}

    /** Trust exactly the certificates in this store (instead of the JDK's). */
    public Builder trustStore(KeyStore trustStore) {
      this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
      return this;
    }

    /** Trust exactly the certificates in this PKCS#12 or JKS file (type detected from the file). */
    public Builder trustStore(Path file, char[] password) {
      return trustStore(load(file, password));
    }

    /** The client certificate and its private key for mutual TLS. */
    public Builder clientCertificate(KeyStore keyStore, char[] keyPassword) {
      this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
      this.keyPassword = keyPassword == null ? new char[0] : keyPassword.clone();
      return this;
    }

    /** The client certificate and key from a PKCS#12 or JKS file (store and key share the password). */
    public Builder clientCertificate(Path file, char[] password) {
      return clientCertificate(load(file, password), password);
    }

    /** A complete SSLContext, overriding the trust store and client certificate set here. */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /** Whether the relay's certificate must match its host name (default true). */
    public Builder hostnameVerification(boolean verify) {
      this.hostnameVerification = verify;
      return this;
    }

    /** The protocol versions to enable, e.g. {@code "TLSv1.3", "TLSv1.2"}. */
    public Builder protocols(String... protocols) {
      this.protocols = Arrays.asList(protocols.clone());
      return this;
    }

    public TlsOptions build() {
      return new TlsOptions(this);
    }

    private static KeyStore load(Path file, char[] password) {
      try {
        return KeyStore.getInstance(file.toFile(), password);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException("cannot read key store " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
