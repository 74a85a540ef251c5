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

  static SubmitClient create(URI relay, int connections) {
    Mm7Client client = Mm7Client.builder(relay).poolSize(connections)
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
