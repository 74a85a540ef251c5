package org.openmm7.client.internal.transport;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.impl.io.DefaultHttpRequestWriterFactory;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.util.Timeout;

/**
 * Pooled HTTP/1.1 connections that log nothing themselves. HttpClient's own connections log every
 * header ({@code org.apache.hc.client5.http.headers}) and every byte ({@code ...http.wire}) at
 * DEBUG, Authorization included and unredacted, so that turning DEBUG on for everything would
 * put the relay's credentials in the logs. {@link WireLog} logs the exchange instead, redacted.
 * Otherwise these behave as HttpClient's: the socket timeout is kept while a connection is leased
 * and cleared while it is pooled.
 */
public final class QuietConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {
  private final Http1Config config;

  public QuietConnectionFactory(Http1Config config) {
    this.config = config;
  }

  @Override
  public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
    Connection c = new Connection(config);
    if (socket != null) {
      c.bind(socket);
    }
    return c;
  }

  @Override
  public ManagedHttpClientConnection createConnection(SSLSocket sslSocket, Socket socket) throws IOException {
    Connection c = new Connection(config);
    if (sslSocket != null) {
      c.bind(sslSocket, socket);
    }
    return c;
  }

  private static final class Connection extends DefaultBHttpClientConnection implements ManagedHttpClientConnection {
    private Timeout socketTimeout;

    Connection(Http1Config config) {
      // HttpClient's parser (lenient as in HttpClient) with these limits: the default one ignores them
      super(config, null, null, null, null, new DefaultHttpRequestWriterFactory(config),
          new DefaultHttpResponseParserFactory(config));
    }

    @Override
    public void bind(Socket socket) throws IOException {
      super.bind(socket);
      socketTimeout = Timeout.ofMilliseconds(socket.getSoTimeout());
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
      super.bind(sslSocket, socket);
      socketTimeout = Timeout.ofMilliseconds(sslSocket.getSoTimeout());
    }

    @Override
    public Socket getSocket() {
      SocketHolder h = getSocketHolder();
      return h == null ? null : h.getSocket();
    }

    @Override
    public SSLSession getSSLSession() {
      return super.getSSLSession();
    }

    @Override
    public void setSocketTimeout(Timeout timeout) {
      super.setSocketTimeout(timeout);
      socketTimeout = timeout;
    }

    @Override
    public void passivate() {
      super.setSocketTimeout(Timeout.ZERO_MILLISECONDS);
    }

    @Override
    public void activate() {
      super.setSocketTimeout(socketTimeout);
    }
  }
}
