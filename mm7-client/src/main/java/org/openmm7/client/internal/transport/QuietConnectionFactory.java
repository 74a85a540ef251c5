package org.openmm7.client.internal.transport;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpException;
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
 *
 * <p>{@link #create()} gives them Mm7Client's settings: header limits, and session buffers large
 * enough that a request of up to {@link #BUFFER_SIZE} bytes leaves in one socket write.
 *
 * <p>A relay may answer before the whole body has arrived (a body over its size limit, missing
 * credentials) and close the connection; the client's next write then fails (broken pipe,
 * connection reset) while the relay's answer sits unread in the socket. These connections then
 * read that answer instead of failing the exchange, and are not reused afterwards.
 */
public final class QuietConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {
  /**
   * HttpCore's session buffer, each way: 256 KB per connection, allocated with it. On loopback
   * each write(2) runs the whole TCP path and wakes the relay's reader, which costs more than
   * copying 100 KB into a hot buffer (profiled: a 100 KB image in 3 writes, 26 us of the caller's
   * CPU; in one write after the copy, 20 us). Writes larger than the buffer (a 5 MB attachment)
   * skip it, straight from the caller's array: the fragment-size hint, left unset, is the buffer
   * size (setting it would also size the buffer of chunked coding, 8 KB unset). 128 KB is also
   * the most the JDK sends in one write(2).
   */
  static final int BUFFER_SIZE = 128 * 1024;
  /** The longest status or header line read from a relay. */
  private static final int MAX_HEADER_LINE = 64 * 1024;
  /** The most header fields read in one response. */
  private static final int MAX_HEADERS = 256;
  private static final Http1Config MM7_CLIENT_SETTINGS = Http1Config.custom()
      .setBufferSize(BUFFER_SIZE)
      .setMaxLineLength(MAX_HEADER_LINE)
      .setMaxHeaderCount(MAX_HEADERS)
      .build();

  private final Http1Config config;

  private QuietConnectionFactory(Http1Config config) {
    this.config = config;
  }

  /**
   * Connections with Mm7Client's settings. The benchmark's raw poster uses them too, so that its
   * figures are the best this HTTP stack does, not a differently tuned one.
   */
  public static QuietConnectionFactory create() {
    return new QuietConnectionFactory(MM7_CLIENT_SETTINGS);
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

  /** How long a connection whose write failed waits for the relay's answer to be readable. */
  private static final Timeout EARLY_ANSWER_WAIT = Timeout.ofSeconds(1);

  private static final class Connection extends DefaultBHttpClientConnection implements ManagedHttpClientConnection {
    private Timeout socketTimeout;
    /** The body's sending failed after the relay had answered: the answer is read, the connection not reused. */
    private volatile boolean answeredEarly;

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
    public void sendRequestEntity(ClassicHttpRequest request) throws HttpException, IOException {
      answeredEarly = false;
      try {
        super.sendRequestEntity(request);
      } catch (SocketException e) {
        if (!answerWaiting()) {
          throw e;
        }
        answeredEarly = true; // HttpClient now reads the answer as if the body had gone
      }
    }

    /** Whether the relay's answer can be read (the socket still holds it after the write failed). */
    private boolean answerWaiting() {
      try {
        return isOpen() && isDataAvailable(EARLY_ANSWER_WAIT);
      } catch (IOException e) {
        return false; // reset without an answer: the write's failure stands
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        super.flush();
      } catch (SocketException e) {
        if (!answeredEarly) {
          throw e; // (after an early answer the unsent rest of the body stays unsent)
        }
      }
    }

    @Override
    public boolean isConsistent() {
      return !answeredEarly && super.isConsistent();
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
