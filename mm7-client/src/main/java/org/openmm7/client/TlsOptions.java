package org.openmm7.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS, configured the same way on every side of OpenMM7: the client ({@link Mm7Client}) and what
 * the stub sends (pushes, requests to a relay) as a TLS client; the inbound endpoint ({@code
 * Mm7InboundServer}) and the stub ({@code Mm7StubServer}) as a TLS server. Immutable.
 *
 * <ul>
 *   <li>{@link Builder#keyStore}: this side's certificate and private key: a server's certificate,
 *       or a client's certificate for mutual TLS;</li>
 *   <li>{@link Builder#trustStore}: the certificates this side trusts: a client's, those a server
 *       may present (default: the JDK's); a server's, those a client must present (mutual TLS:
 *       with a trust store a server requires a client certificate, without one it asks for none);</li>
 *   <li>{@link Builder#hostnameVerification}: whether a client checks that the server's certificate
 *       names the host (on by default; turning it off is for test rigs only);</li>
 *   <li>{@link Builder#protocols}: TLS 1.3 and 1.2 by default, never older.</li>
 * </ul>
 *
 * <pre>{@code
 * TlsOptions server = TlsOptions.server(Path.of("relay.p12"), password);          // HTTPS
 * TlsOptions client = TlsOptions.builder().trustStore(Path.of("ca.p12"), pw).build();
 * }</pre>
 *
 * <p>A key or trust store given as a file is read when the builder is given it: a missing file, a
 * wrong password or a file that is no key store fails there, in one line naming the file.
 */
public final class TlsOptions {
  private static final TlsOptions DEFAULTS = builder().build();
  private static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

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

  /** The JDK's trusted certificates, no certificate of one's own, hostname verification on. */
  public static TlsOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A server's TLS: its certificate and key from this PKCS#12 (or, for a {@code .jks} file, JKS) key store. */
  public static TlsOptions server(Path keyStore, char[] password) {
    return builder().keyStore(keyStore, password).build();
  }

  public boolean hostnameVerification() {
    return hostnameVerification;
  }

  /** The TLS protocol versions to enable, or empty for the default: TLS 1.3 and 1.2. */
  public List<String> protocols() {
    return protocols;
  }

  /** The protocol versions actually enabled: {@link #protocols()}, or TLS 1.3 and 1.2. */
  public String[] enabledProtocols() {
    return (protocols.isEmpty() ? DEFAULT_PROTOCOLS : protocols).toArray(new String[0]);
  }

  /** Whether this side has a certificate of its own (a server's, or a client's for mutual TLS). */
  public boolean hasCertificate() {
    return keyStore != null || sslContext != null;
  }

  /** Whether, as a server, a client certificate is required (mutual TLS): a trust store was given. */
  public boolean requiresClientCertificate() {
    return trustStore != null;
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
        + ", certificate=" + (keyStore != null) + ", sslContext=" + (sslContext != null ? "custom" : "built")
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

    /**
     * Trust exactly the certificates in this store: as a client, instead of the JDK's; as a server,
     * require a client certificate issued by one of them (mutual TLS).
     */
    public Builder trustStore(KeyStore trustStore) {
      this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
      return this;
    }

    /** {@link #trustStore(KeyStore)} from a PKCS#12 file (JKS for a {@code .jks} file). */
    public Builder trustStore(Path file, char[] password) {
      return trustStore(load(file, password, "trust store", false));
    }

    /** This side's certificate and private key: a server's, or a client's for mutual TLS. */
    public Builder keyStore(KeyStore keyStore, char[] keyPassword) {
      this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
      this.keyPassword = keyPassword == null ? new char[0] : keyPassword.clone();
      return this;
    }

    /** {@link #keyStore(KeyStore, char[])} from a PKCS#12 file (JKS for a {@code .jks} file); store and key share the password. */
    public Builder keyStore(Path file, char[] password) {
      return keyStore(load(file, password, "key store", true), password);
    }

    /** A complete SSLContext, overriding the trust store and key store set here. */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /** Whether, as a client, the server's certificate must match its host name (default true). */
    public Builder hostnameVerification(boolean verify) {
      this.hostnameVerification = verify;
      return this;
    }

    /**
     * The protocol versions to enable, e.g. {@code "TLSv1.3"}; by default TLS 1.3 and 1.2, whatever
     * the JDK allows besides. Versions before TLS 1.2 are refused.
     */
    public Builder protocols(String... protocols) {
      for (String p : protocols) {
        if (!p.equals("TLSv1.2") && !p.equals("TLSv1.3")) {
          throw new IllegalArgumentException("TLS 1.2 or later only, not " + p);
        }
      }
      this.protocols = Arrays.asList(protocols.clone());
      return this;
    }

    public TlsOptions build() {
      return new TlsOptions(this);
    }

    /** Reads a store once, so that what is wrong with it is one line naming the file. */
    private static KeyStore load(Path file, char[] password, String what, boolean needsKey) {
      Objects.requireNonNull(file, what);
      if (Files.isDirectory(file)) {
        throw new IllegalArgumentException("the " + what + " " + file + " is a directory, not a file");
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("the " + what + " " + file + " does not exist", e);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the " + what + " " + file + ": " + e.getMessage(), e);
      }
      String type = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
      try {
        KeyStore ks = KeyStore.getInstance(type);
        ks.load(new ByteArrayInputStream(bytes), password);
        if (needsKey && ks.size() == 0) {
          throw new IllegalArgumentException("the " + what + " " + file + " holds no key");
        }
        return ks;
      } catch (IOException e) {
        boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException;
        throw new IllegalArgumentException("cannot read the " + what + " " + file + ": " + (wrongPassword
            ? "wrong password" : "not a " + (type.equals("JKS") ? "JKS" : "PKCS#12") + " file or a wrong password ("
            + e.getMessage() + ")"), e);
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("cannot read the " + what + " " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
