package org.openmm7.stub.internal.http;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.openmm7.client.internal.transport.HeadDeadline;
import org.openmm7.client.internal.transport.PlainErrorHandler;
import org.openmm7.client.internal.transport.ServerTls;
import org.openmm7.stub.Mm7StubServer;

/**
 * The stub's Jetty server: its thread pool, its connectors (HTTP, HTTPS, or both on two ports),
 * their timeouts, and the URIs they listen on. What is answered is the handler's business.
 */
public final class StubListeners {
  private final Mm7StubServer.Builder options;
  private final Server server;
  private final ServerConnector connector;
  /** The HTTPS connector: the main one when HTTPS is on the main port, null without a key store. */
  private final ServerConnector tlsConnector;

  private StubListeners(Mm7StubServer.Builder options, Server server, ServerConnector connector,
      ServerConnector tlsConnector) {
    this.options = options;
    this.server = server;
    this.connector = connector;
    this.tlsConnector = tlsConnector;
  }

  /** Starts listening. Fails with {@link BindException} (an IOException) when the port is taken. */
  public static StubListeners start(Mm7StubServer.Builder options, Handler handler) throws IOException {
    QueuedThreadPool pool = new QueuedThreadPool(options.maxThreads(), 2);
    pool.setName("mm7-stub");
    pool.setDaemon(true);
    Server s = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    boolean tlsOnly = options.tls() != null && options.httpsPort() < 0;
    ServerConnector c = tlsOnly ? ServerTls.connector(s, http, options.tls(), -1, -1)
        : new ServerConnector(s, new HttpConnectionFactory(http));
    c.setHost(options.host());
    c.setPort(options.port());
    c.setIdleTimeout(options.idleTimeout().toMillis());
    HeadDeadline.install(c, options.headTimeout());
    s.addConnector(c);
    ServerConnector tls = tlsOnly ? c : null;
    if (options.tls() != null && options.httpsPort() >= 0) {
      tls = ServerTls.connector(s, http, options.tls(), -1, -1);
      tls.setHost(options.host());
      tls.setPort(options.httpsPort());
      tls.setIdleTimeout(options.idleTimeout().toMillis());
      HeadDeadline.install(tls, options.headTimeout());
      s.addConnector(tls);
    }
    s.setErrorHandler(new PlainErrorHandler()); // Jetty's own answers (bad framing, ...) as a bare line, never HTML
    s.setHandler(handler);
    s.setStopTimeout(0); // close() is immediate: a stub is stopped when a test ends, mid-exchange or not
    try {
      s.start();
    } catch (IOException e) {
      stopQuietly(s);
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException) {
          BindException b = new BindException("cannot listen on " + options.host() + ":" + options.port() + ": "
              + t.getMessage());
          b.initCause(e);
          throw b;
        }
      }
      throw e;
    } catch (Exception e) {
      stopQuietly(s);
      throw new IOException("cannot start the MM7 stub: " + e.getMessage(), e);
    }
    return new StubListeners(options, s, c, tls);
  }

  private static void stopQuietly(Server s) {
    try {
      s.stop();
    } catch (Exception ignored) {
      // already failing
    }
  }

  /** Stops the server at once, mid-exchange or not. */
  public void stop() throws Exception {
    server.stop();
  }

  /** The main connector's URI, e.g. {@code http://127.0.0.1:41234/mm7}. */
  public URI endpoint() {
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    if (host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    }
    return URI.create((connector == tlsConnector ? "https" : "http") + "://" + host + ":" + connector.getLocalPort()
        + options.path());
  }

  /** The HTTPS URI when a key store was given, else null. */
  public URI httpsEndpoint() {
    if (tlsConnector == null) {
      return null;
    }
    return URI.create(endpoint().toString().replaceFirst("^https?://([^/]*):\\d+", "https://$1:"
        + tlsConnector.getLocalPort()));
  }

  /** Whether HTTPS is served on a port of its own besides the main one. */
  public boolean separateHttps() {
    return tlsConnector != null && tlsConnector != connector;
  }
}
