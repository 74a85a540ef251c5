package org.openmm7.bench;

import java.net.URI;

/** The client case 1 and case 4 measure. */
final class Clients {
  private Clients() {}

  static SubmitClient create(URI relay, int connections) {
    return new InterimSubmitClient(relay, connections);
  }

  static String describe() {
    return "interim (codec + Apache HttpClient 5 classic)";
  }
}
