package org.openmm7.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The deadlines of an arriving request, shared by the servers the tool runs (stub, listen). */
final class ArrivalTimeouts {
  @Option(names = "--head-timeout", paramLabel = "MILLIS", defaultValue = "10000",
      description = "close a connection whose request line and headers are not all there this long after they"
          + " began; a head arriving holds no thread (default: ${DEFAULT-VALUE})")
  long headTimeoutMillis;

  @Option(names = "--body-timeout", paramLabel = "MILLIS", defaultValue = "60000",
      description = "answer 408 to a request body not all there this long after its head; a body arriving holds"
          + " no thread (default: ${DEFAULT-VALUE})")
  long bodyTimeoutMillis;

  Duration head() {
    return Duration.ofMillis(headTimeoutMillis);
  }

  Duration body() {
    return Duration.ofMillis(bodyTimeoutMillis);
  }
}
