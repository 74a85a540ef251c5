package org.openmm7.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The deadlines of an arriving request, shared by the servers the tool runs (stub, listen). */
final class ArrivalTimeouts {
  @Option(names = "--head-timeout", paramLabel = "TIME", defaultValue = "10s", converter = Converters.Millis.class,
      description = "close a connection whose request line and headers are not all there this long after they"
          + " began; a head arriving holds no thread (default: ${DEFAULT-VALUE}; " + Converters.TIME_HELP + ")")
  Duration headTimeout;

  @Option(names = "--body-timeout", paramLabel = "TIME", defaultValue = "60s", converter = Converters.Millis.class,
      description = "answer 408 to a request body not all there this long after its head; a body arriving holds"
          + " no thread (default: ${DEFAULT-VALUE}; " + Converters.TIME_HELP + ")")
  Duration bodyTimeout;

  Duration head() {
    return headTimeout;
  }

  Duration body() {
    return bodyTimeout;
  }
}
