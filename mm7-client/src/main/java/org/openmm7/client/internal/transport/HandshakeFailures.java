package org.openmm7.client.internal.transport;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Makes every failure of the TLS handshake an {@link SSLException}. A relay that refuses the
 * client certificate often closes the connection while the client is still writing its part of
 * the handshake, which the JDK reports as a plain "Broken pipe" or "Connection reset"; wrapped,
 * the caller learns that it was TLS that failed.
 */
public final class HandshakeFailures implements TlsSocketStrategy {
  private final TlsSocketStrategy delegate;

  public HandshakeFailures(TlsSocketStrategy delegate) {
    this.delegate = delegate;
  }

  @Override
  public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
      throws IOException {
    try {
      return delegate.upgrade(socket, target, port, attachment, context);
    } catch (SSLException e) {
      throw e;
    } catch (IOException e) {
      SSLHandshakeException h = new SSLHandshakeException("the TLS handshake with " + target + ":" + port
          + " failed: " + e.getMessage() + " (the relay closed the connection; does it require a client"
          + " certificate, or one it trusts?)");
      h.initCause(e);
      throw h;
    }
  }
}
