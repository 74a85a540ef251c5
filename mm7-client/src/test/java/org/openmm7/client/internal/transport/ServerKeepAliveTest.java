package org.openmm7.client.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmm7.client.Credentials;
import org.openmm7.client.TlsOptions;

/**
 * Which idle connections the client reuses, over real sockets against a Jetty server whose idle
 * timeout is short and which may state it ({@code Keep-Alive: timeout=N}) or close
 * ({@code Connection: close}). A request sent on a connection as the server closes it for
 * idleness gets no answer and a SubmitReq is not retried, so the client keeps a connection a
 * margin below the server's stated timeout, and never longer than its own keep-alive. Which
 * connection carried a request is told by the client's port as the server saw it. The pauses
 * are the idleness under test, not synchronisation.
 */
class ServerKeepAliveTest {
  private Server server;
  private ServerConnector connector;
  private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
  private RelayTransport transport;

  /** A server closing connections idle for {@code idleTimeout}, answering every request with the given header (or none). */
  private URI start(Duration idleTimeout, String header, String value) throws Exception {
    server = new Server();
    connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setIdleTimeout(idleTimeout.toMillis());
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Content.Source.consumeAll(request);
        clientPorts.add(((InetSocketAddress) request.getConnectionMetaData().getRemoteSocketAddress()).getPort());
        if (header != null) {
          response.getHeaders().put(header, value);
        }
        response.getHeaders().put("Content-Type", "text/plain");
        response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), callback);
        return true;
      }
    });
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mm7");
  }

  private RelayTransport client(URI uri, Duration keepAlive) {
    transport = new RelayTransport(new RelayTransport.Settings(uri, TlsOptions.defaults(), Credentials.none(),
        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), 4, keepAlive, "test", false, false,
        Long.MAX_VALUE, 64 * 1024, null, List.of()));
    return transport;
  }

  private void send(RelayTransport t) throws Exception {
    HttpReply r = t.exchange("SubmitReq", "tx", "text/xml", "<x/>".getBytes(StandardCharsets.US_ASCII), "\"\"", null);
    assertEquals(200, r.status());
  }

  private int connectionsUsed() {
    return (int) clientPorts.stream().distinct().count();
  }

  @AfterEach
  void stop() throws Exception {
    if (transport != null) {
      transport.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void aConnectionIsReusedWithinTheServersStatedTimeoutLessTheMargin() throws Exception {
    RelayTransport t = client(start(Duration.ofSeconds(30), "Keep-Alive", "timeout=5"), Duration.ofSeconds(10));
    send(t);
    send(t);
    send(t);
    assertEquals(3, clientPorts.size());
    assertEquals(1, connectionsUsed(), clientPorts::toString);
  }

  @Test
  void aConnectionIdleIntoTheLastSecondOfTheServersStatedTimeoutIsNotReused() throws Exception {
    // the server closes at 2 s; at 1.4 s the connection is still open, but a request sent now
    // would be racing the close on a slower link: the client takes a new one
    RelayTransport t = client(start(Duration.ofSeconds(2), "Keep-Alive", "timeout=2"), Duration.ofSeconds(10));
    send(t);
    Thread.sleep(1400); // the idleness under test
    send(t);
    assertEquals(2, connectionsUsed(), clientPorts::toString);
  }

  @Test
  void aStatedTimeoutLongerThanTheClientsKeepAliveDoesNotExtendIt() throws Exception {
    RelayTransport t = client(start(Duration.ofSeconds(30), "Keep-Alive", "timeout=300, max=100"),
        Duration.ofMillis(500));
    send(t);
    Thread.sleep(900); // the idleness under test: past the client's keep-alive, well within the server's
    send(t);
    assertEquals(2, connectionsUsed(), clientPorts::toString);
  }

  @Test
  void aStatedTimeoutOfOneSecondOrLessLeavesNoConnectionToReuse() throws Exception {
    for (String stated : List.of("timeout=1", "timeout=0")) {
      clientPorts.clear();
      RelayTransport t = client(start(Duration.ofSeconds(1), "Keep-Alive", stated), Duration.ofSeconds(10));
      send(t);
      send(t);
      send(t);
      assertEquals(3, connectionsUsed(), stated + ": " + clientPorts);
      stop();
    }
    server = null;
    transport = null;
  }

  @Test
  void connectionCloseIsNeverReused() throws Exception {
    RelayTransport t = client(start(Duration.ofSeconds(30), "Connection", "close"), Duration.ofSeconds(10));
    send(t);
    send(t);
    assertEquals(2, connectionsUsed(), clientPorts::toString);
  }

  @Test
  void withoutAStatedTimeoutTheClientsKeepAliveDecides() throws Exception {
    RelayTransport t = client(start(Duration.ofSeconds(30), null, null), Duration.ofMillis(500));
    send(t);
    send(t);
    assertEquals(1, connectionsUsed(), clientPorts::toString);
    Thread.sleep(900); // the idleness under test: past the client's keep-alive
    send(t);
    assertEquals(2, connectionsUsed(), clientPorts::toString);
  }

  @Test
  void anUnreadableStatedTimeoutIsIgnored() throws Exception {
    RelayTransport t = client(start(Duration.ofSeconds(30), "Keep-Alive", "timeout=soon"), Duration.ofSeconds(10));
    send(t);
    send(t);
    assertEquals(1, connectionsUsed(), clientPorts::toString);
  }

  @Test
  void theDefaultKeepAliveIsWellBelowTheIdleTimeoutsOfServersThatDoNotStateTheirs() {
    // Jetty's default idle timeout is 30 s (the stub's too) and Tomcat ships with 20 s; the client's
    // idle time starts after the server's, so the default must stay clear of both, not equal one
    assertTrue(RelayTransport.DEFAULT_KEEP_ALIVE.compareTo(Duration.ofSeconds(20).minus(ServerKeepAlive.MARGIN)) < 0,
        RelayTransport.DEFAULT_KEEP_ALIVE::toString);
    assertTrue(RelayTransport.DEFAULT_KEEP_ALIVE.toMillis() < new ServerConnector(new Server()).getIdleTimeout());
  }
}
