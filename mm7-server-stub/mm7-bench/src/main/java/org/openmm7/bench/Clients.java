package org.openmm7.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;

/** The client case 1 and case 4 measure: Mm7Client, blocking submit, one pool shared by all threads. */
final class Clients {
  private Clients() {}

  /** The stub's idle timeout (Mm7StubServer's and {@code mm7 stub}'s default), which every case runs with. */
  static final Duration STUB_IDLE_TIMEOUT = Duration.ofSeconds(30);

  static SubmitClient create(URI relay, int connections) {
    return create(relay, connections, STUB_IDLE_TIMEOUT);
  }

  /**
   * A client to a relay that closes a connection idle for {@code serverIdleTimeout}. The client
   * keeps an idle connection for two thirds of that, never as long: a connection the server has
   * already closed is found by the pool's check after 2 s of inactivity, but one the server
   * closes just after that check, because its idleness reached the server's timeout then, takes
   * the request and ends without an answer ({@code NoHttpResponseException}: the soak's pauses for
   * reports and heap samples made such gaps). A SubmitReq is not resent instead: it is not
   * idempotent, and a resend would hide a server that really drops requests.
   */
  static SubmitClient create(URI relay, int connections, Duration serverIdleTimeout) {
    Mm7Client client = Mm7Client.builder(relay).poolSize(connections)
        .keepAlive(serverIdleTimeout.multipliedBy(2).dividedBy(3))
        .readTimeout(Duration.ofMinutes(10)).callTimeout(Duration.ofMinutes(30)).build();
    return new SubmitClient() {
      @Override
      public void submit(SubmitRequest request) throws IOException {
        SubmitResponse r = client.submit(request);
        if (!r.status().isSuccess()) {
          throw new IOException("the relay answered " + r.status());
        }
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  static String describe() {
    return "org.openmm7.client.Mm7Client (Apache HttpClient 5 classic, pooled, keep-alive)";
  }
}
