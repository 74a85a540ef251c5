package org.openmm7.client.internal.transport;

import java.security.GeneralSecurityException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.openmm7.client.TlsOptions;

/**
 * A Jetty HTTPS connector from {@link TlsOptions}, for every server OpenMM7 runs (the inbound
 * endpoint, the stub): the options' certificate, TLS 1.2 and 1.3 only (or the options' versions),
 * a client certificate required when the options have a trust store (mutual TLS).
 */
public final class ServerTls {
  private ServerTls() {}

  /**
   * @param plain     the HTTP configuration the HTTPS one is copied from
   * @param acceptors Jetty's acceptor threads, or -1 for its default
   * @param selectors Jetty's selector threads, or -1 for its default
   */
  public static ServerConnector connector(Server server, HttpConfiguration plain, TlsOptions tls, int acceptors,
      int selectors) {
    if (!tls.hasCertificate()) {
      throw new IllegalArgumentException("a server's TLS needs a key store (TlsOptions.server or Builder.keyStore)");
    }
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    try {
      ssl.setSslContext(tls.sslContext());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
    // TLS 1.2 or later only, also on a JDK whose java.security still allows older versions
    ssl.setIncludeProtocols(tls.enabledProtocols());
    ssl.setNeedClientAuth(tls.requiresClientCertificate());
    HttpConfiguration https = new HttpConfiguration(plain);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false); // a test certificate rarely names 127.0.0.1
    https.addCustomizer(secure);
    return new ServerConnector(server, acceptors, selectors, new SslConnectionFactory(ssl, "http/1.1"),
        new HttpConnectionFactory(https));
  }
}
