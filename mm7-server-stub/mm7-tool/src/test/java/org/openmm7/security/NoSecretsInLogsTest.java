package org.openmm7.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No credential or Authorization value in any log line at any level: {@link LogSecretsScenario}
 * runs in a JVM of its own with slf4j-simple at TRACE (every logger, Jetty's and HttpClient's
 * included, the wire logger on; only Jetty's HttpParser, which prints request headers verbatim,
 * is left at INFO) writing to standard output, and all it printed is searched for
 * every marker secret and every base64 {@code user:password}.
 */
class NoSecretsInLogsTest {
  @Test
  void traceLogsOfClientStubInboundEndpointAndCliHoldNoSecret() throws Exception {
    Path log = Files.createDirectories(Path.of("target")).resolve("no-secrets-trace.log"); // kept for a look
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
        "-Dorg.slf4j.simpleLogger.logFile=System.out", "-Dorg.slf4j.simpleLogger.log.org.openmm7.wire=trace", "-Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=trace",
        // the one exception: Jetty's request parser prints every header it parses at DEBUG, verbatim,
        // on the server side, with no hook to redact it; see the stub's README
        "-Dorg.slf4j.simpleLogger.log.org.eclipse.jetty.http.HttpParser=info",
        "-cp", System.getProperty("java.class.path"), LogSecretsScenario.class.getName()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the scenario ended");
    assertEquals(0, p.exitValue());
    String out = Files.readString(log, StandardCharsets.ISO_8859_1);
    assertTrue(out.contains("SCENARIO-DONE"), tail(out));
    assertFalse(out.contains("SCENARIO-FAILED"), tail(out));
    // the logging was on, at every level, wire logging included
    assertTrue(out.contains("DEBUG headers") || out.contains("DEBUG wire"), "debug lines were written");
    assertTrue(out.contains("Authorization: Basic ****"), "the wire log showed the redacted Basic header");
    assertTrue(out.contains("Authorization: Bearer ****"), "the wire log showed the redacted Bearer header");
    assertTrue(out.contains("Authorization present: true"), "the Digest challenge was answered");
    for (String marker : LogSecretsScenario.MARKERS) {
      int at = out.indexOf(marker);
      assertTrue(at < 0, "secret " + marker + " in the logs: ..." + out.substring(Math.max(0, at - 300),
          Math.min(out.length(), at + 100)));
    }
    for (String pair : LogSecretsScenario.BASIC_PAIRS) {
      String b64 = Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
      // the base64 of a prefix long enough to carry part of the password, in case a line cut it
      String prefix = b64.substring(0, b64.length() - 4);
      assertFalse(out.contains(prefix), "base64 of " + pair + " in the logs");
    }
  }

  private static String tail(String s) {
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }
}
