package org.openmm7.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.2 or later only, shown by handshakes rather than by reading the configuration: JDK 17
 * disables TLS 1.0 and 1.1 in {@code java.security}, which would hide a server or client that
 * still enables them, so {@link TlsFloorScenario} runs in a JVM where the JDK allows them again.
 */
class TlsFloorTest {
  @TempDir
  Path dir;

  @Test
  void stubInboundEndpointAndClientRefuseTls11AndTls10EvenWhereTheJdkAllowsThem() throws Exception {
    Path security = Files.writeString(dir.resolve("java.security"),
        "jdk.tls.disabledAlgorithms=SSLv3, DTLSv1.0, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224,"
            + " 3DES_EDE_CBC, anon, NULL\n");
    Path log = dir.resolve("tls.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Djava.security.properties=" + security,
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
        TlsFloorScenario.class.getName())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the scenario ended");
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("SCENARIO-DONE"), out);
    System.out.print(out);
    Assumptions.assumeTrue(out.contains("RESULT jdk-speaks-tls-1.1 PASS"),
        "this JDK cannot speak TLS 1.1 even when allowed: nothing to show\n" + out);
    List<String> results = out.lines().filter(l -> l.startsWith("RESULT ")).toList();
    assertEquals(10, results.size(), out);
    for (String r : results) {
      assertTrue(r.split(" ")[2].equals("PASS"), r);
    }
  }
}
