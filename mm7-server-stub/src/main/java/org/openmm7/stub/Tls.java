package org.openmm7.stub;

import java.nio.file.Path;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The HTTPS connector: a PKCS#12 (or JKS) key store, TLS 1.2 and 1.3 only. */
final class Tls {
  private Tls() {}

  /**
   * Reads the key store once before the stub starts, so that a missing file, a wrong password or
   * a file that is not a key store is one line naming the file rather than a framework's error.
   */
  static void check(Path keyStore, String password) throws java.io.IOException {
    byte[] bytes = StartFiles.readRequired(keyStore, "the HTTPS key store");
    String name = keyStore.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    try {
      java.security.KeyStore ks = java.security.KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
      ks.load(new java.io.ByteArrayInputStream(bytes), password == null ? null : password.toCharArray());
      if (ks.size() == 0) {
        throw new java.io.IOException("the HTTPS key store " + keyStore + " holds no key");
      }
    } catch (java.io.IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("the HTTPS key store")) {
        throw e;
      }
      boolean wrongPassword = e.getCause() instanceof java.security.UnrecoverableKeyException;
      throw new java.io.IOException("cannot read the HTTPS key store " + keyStore + ": "
          + (wrongPassword ? "wrong password" : "not a " + (name.endsWith(".jks") ? "JKS" : "PKCS#12")
          + " key store or a wrong password (" + StartFiles.reason(e) + ")"), e);
    } catch (java.security.GeneralSecurityException e) {
      throw new java.io.IOException("cannot read the HTTPS key store " + keyStore + ": " + e.getMessage(), e);
    }
  }

  static ServerConnector connector(Server server, HttpConfiguration plain, Path keyStore, String password) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(keyStore.toAbsolutePath().toString());
    ssl.setKeyStorePassword(password);
    String name = keyStore.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    ssl.setKeyStoreType(name.endsWith(".jks") ? "JKS" : "PKCS12");
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    HttpConfiguration https = new HttpConfiguration(plain);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false); // a test certificate rarely names 127.0.0.1
    https.addCustomizer(secure);
    return new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
  }
}
