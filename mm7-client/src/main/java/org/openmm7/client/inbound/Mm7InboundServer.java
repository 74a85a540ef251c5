package org.openmm7.client.inbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import org.openmm7.client.Credentials;
import org.openmm7.client.TlsOptions;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.schema.Mm7Release;

/**
 * The inbound endpoint on an embedded Jetty, in one line:
 *
 * <pre>{@code
 * try (Mm7InboundServer server = Mm7InboundServer.start(handler)) { // port 0: any free port
 *   relayConfiguration.setVaspUrl(server.endpoint());
 *   ...
 * }
 * }</pre>
 *
 * or configured: {@code Mm7InboundServer.builder(handler).host("0.0.0.0").port(8080).path("/mm7")
 * .credentials(Credentials.basic("relay", secret)).start()}. It runs an {@link Mm7InboundServlet}
 * (see there for what it answers) with one acceptor and one selector thread.
 *
 * <p>Needs Jetty 12 on the class path: {@code org.eclipse.jetty.ee10:jetty-ee10-servlet} is an
 * optional dependency of mm7-client, declared by applications that receive pushes this way.
 */
public final class Mm7InboundServer implements AutoCloseable {
  // Jetty's types stay in EmbeddedJetty: this class must load without Jetty (see builder)
  private final EmbeddedJetty jetty;
  private final String path;
  private final boolean tls;
  private final String host;
  private final Mm7InboundServlet servlet;

  private Mm7InboundServer(Builder b) throws IOException {
    this.servlet = b.servlet.build();
    this.path = b.path;
    this.host = b.host;
    this.tls = b.tls != null;
    this.jetty = new EmbeddedJetty(b.host, b.port, b.path, b.maxThreads, b.idleTimeout, b.headTimeout, b.tls,
        servlet);
  }

  /** Starts an endpoint with the default settings on a free port of every interface. */
  public static Mm7InboundServer start(Mm7InboundHandler handler) throws IOException {
    return builder(handler).start();
  }

  /**
   * @throws IllegalStateException when Jetty 12 ({@code org.eclipse.jetty.ee10:jetty-ee10-servlet}, an
   *     optional dependency of mm7-client) is not on the class path
   */
  public static Builder builder(Mm7InboundHandler handler) {
    JettyOnClassPath.require();
    return new Builder(handler);
  }

  /** The port it listens on (the chosen one when started with port 0). */
  public int port() {
    return jetty.port();
  }

  /**
   * The endpoint's URL, e.g. {@code http://127.0.0.1:41234/mm7}. When bound to every interface,
   * the host is the loopback address; give the relay the host name it can reach.
   */
  public URI endpoint() {
    String h = host;
    try {
      if (h == null || InetAddress.getByName(h).isAnyLocalAddress()) {
        h = InetAddress.getLoopbackAddress().getHostAddress();
      }
    } catch (UnknownHostException e) {
      // keep the configured name
    }
    if (h.indexOf(':') >= 0) {
      h = "[" + h + "]";
    }
    return URI.create((tls ? "https" : "http") + "://" + h + ":" + port() + (path.equals("/") ? "/" : path));
  }

  /** The servlet (for tests). */
  Mm7InboundServlet servletForTests() {
    return servlet;
  }

  /** Blocks until the server stops (for command-line use). */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Lets running requests finish (up to 2 s), then stops, closing idle connections at once. */
  @Override
  public void close() {
    try {
      servlet.awaitIdle(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    jetty.stop();
  }

  /** Configures an {@link Mm7InboundServer}. */
  public static final class Builder {
    private final Mm7InboundServlet.Builder servlet;
    private String host = "0.0.0.0";
    private int port;
    private String path = "/mm7";
    private int maxThreads = 50;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private Duration headTimeout = Duration.ofSeconds(10);
    private TlsOptions tls;

    private Builder(Mm7InboundHandler handler) {
      this.servlet = Mm7InboundServlet.builder(handler);
    }

    /** The interface to listen on (default every interface, "0.0.0.0"). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port (default 0: a free one, see {@link Mm7InboundServer#port()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** The URL path the endpoint answers on (default "/mm7"; "/" answers on every path). */
    public Builder path(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("the path starts with '/': " + path);
      }
      this.path = path;
      return this;
    }

    /**
     * The most threads (default 50), Jetty's acceptor and selector included; a push whose body is
     * still arriving holds none of them.
     */
    public Builder maxThreads(int maxThreads) {
      if (maxThreads < 4) {
        throw new IllegalArgumentException("at least 4 threads");
      }
      this.maxThreads = maxThreads;
      return this;
    }

    /** See {@link Mm7InboundServlet.Builder#minRequestDataRate(long)} (default 1024 bytes/s). */
    public Builder minRequestDataRate(long bytesPerSecond) {
      servlet.minRequestDataRate(bytesPerSecond);
      return this;
    }

    /** See {@link Mm7InboundServlet.Builder#bodyTimeout(Duration)} (default 60 s). */
    public Builder bodyTimeout(Duration timeout) {
      servlet.bodyTimeout(timeout);
      return this;
    }

    /**
     * The longest a request's line and headers may take to arrive once they began (default 10 s);
     * then the connection is closed. A head arriving holds no thread.
     */
    public Builder headTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("headTimeout " + timeout);
      }
      this.headTimeout = timeout;
      return this;
    }

    /** How long an idle connection is kept open (default 30 s). */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
      return this;
    }

    /**
     * Serve HTTPS with these options: their key store's certificate ({@link TlsOptions#server}); with
     * a trust store, a client certificate it trusts is required (mutual TLS).
     */
    public Builder tls(TlsOptions tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      if (!tls.hasCertificate()) {
        throw new IllegalArgumentException("a server's TLS needs a key store (TlsOptions.server)");
      }
      return this;
    }

    /** See {@link Mm7InboundServlet.Builder#credentials}. */
    public Builder credentials(Credentials credentials) {
      servlet.credentials(credentials);
      return this;
    }

    /** See {@link Mm7InboundServlet.Builder#deduplicationWindow}. */
    public Builder deduplicationWindow(Duration window) {
      servlet.deduplicationWindow(window);
      return this;
    }

    /** See {@link Mm7InboundServlet.Builder#deduplicationMaxEntries}. */
    public Builder deduplicationMaxEntries(int max) {
      servlet.deduplicationMaxEntries(max);
      return this;
    }

    /** See {@link Mm7InboundServlet.Builder#codec}. */
    public Builder codec(Mm7Codec codec) {
      servlet.codec(codec);
      return this;
    }

    /** See {@link Mm7InboundServlet.Builder#defaultRelease}. */
    public Builder defaultRelease(Mm7Release release) {
      servlet.defaultRelease(release);
      return this;
    }

    /** See {@link Mm7InboundServlet.Builder#acceptUnknownNamespaces}. */
    public Builder acceptUnknownNamespaces(boolean accept) {
      servlet.acceptUnknownNamespaces(accept);
      return this;
    }

    /** For tests: adjusts the servlet's builder directly. */
    Builder servlet(java.util.function.Consumer<Mm7InboundServlet.Builder> adjust) {
      adjust.accept(servlet);
      return this;
    }

    /** Builds and starts the server. */
    public Mm7InboundServer start() throws IOException {
      return new Mm7InboundServer(this);
    }
  }
}
