package org.openmm7.client.inbound;

import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.openmm7.client.TlsOptions;
import org.openmm7.client.internal.transport.HeadDeadline;
import org.openmm7.client.internal.transport.PlainErrorHandler;
import org.openmm7.client.internal.transport.ServerTls;

/**
 * The Jetty server under {@link Mm7InboundServer}: one connector (HTTP or HTTPS), the servlet, bare
 * error answers. Jetty is optional in mm7-client, so its types live here, loaded only once
 * {@link JettyOnClassPath} has found them.
 */
final class EmbeddedJetty {
  private final Server server;
  private final ServerConnector connector;

  EmbeddedJetty(String host, int port, String path, int maxThreads, Duration idleTimeout, Duration headTimeout,
      TlsOptions tls, Mm7InboundServlet servlet) throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(maxThreads, Math.min(4, maxThreads));
    threads.setName("mm7-inbound");
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    if (tls != null) {
      this.connector = ServerTls.connector(server, http, tls, 1, 1);
    } else {
      this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    }
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(idleTimeout.toMillis());
    HeadDeadline.install(connector, headTimeout);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder("mm7", servlet);
    holder.setAsyncSupported(true); // bodies are read as they arrive, without a thread waiting for them
    context.addServlet(holder, path.equals("/") ? "/*" : path);
    // what Jetty or the container answers itself (bad framing, sendError, a failure) is a bare line, never HTML
    context.setErrorHandler(new PlainServletErrorHandler());
    server.setErrorHandler(new PlainErrorHandler());
    server.setHandler(context);
    server.setStopTimeout(0); // close() waits for running requests itself, not for idle keep-alive connections
    try {
      server.start();
    } catch (IOException e) {
      stop();
      throw e;
    } catch (Exception e) {
      stop();
      throw new IOException("cannot start the MM7 endpoint on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  int port() {
    return connector.getLocalPort();
  }

  void join() throws InterruptedException {
    server.join();
  }

  /** Stops at once (running requests were waited for by the caller). */
  void stop() {
    try {
      server.stop();
    } catch (Exception e) {
      // stopping anyway
    }
  }
}
