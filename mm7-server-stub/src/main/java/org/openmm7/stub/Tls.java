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
