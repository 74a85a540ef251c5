package org.openmm7.stub.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.stub.Mm7StubServer;

/** The inbox's loopback check parses hosts and never resolves them (DNS rebinding). */
class LoopbackHostTest {
  static final List<String> LOOPBACK = List.of("localhost", "LOCALHOST", "LocalHost", "localhost.", "127.0.0.1",
      "127.0.0.2", "127.255.255.254", "127.1.2.3", "[::1]", "[0:0:0:0:0:0:0:1]", "[0000::0001]", "[::0:1]");
  static final List<String> NOT_LOOPBACK = List.of(
      // names of hexadecimal letters and digits: the old check resolved these
      "bad.cafe", "deadbeef.de", "dead.beef", "cafe", "abc", "a.b.c.d", "face.b00c", "127.0.0.1.nip.io",
      "localhost.attacker.example", "attacker.example", "my.localhost", "localhost..", "xlocalhost",
      // numeric IPv4 forms other than canonical dotted decimal (inet_aton and WHATWG read some as 127.0.0.1)
      "127.1", "127.0.1", "2130706433", "0x7f.1", "0x7f000001", "0177.0.0.1", "127.000.000.001", "0127.0.0.1",
      "127.0.0.1.", "127.0.0.256", "127.0.0", "127.0.0.1.1", "128.0.0.1", "10.0.0.1", "0.0.0.0", "1.2.3.4",
      "127.0.0.-1", "127.0.0.+1", "١٢٧.0.0.1",
      // IPv6 that is not ::1, or malformed
      "[::]", "[::2]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[1::1]", "[::1::]", "[:::1]", "[00000::1]",
      "[::1%lo]", "[fe80::1]", "[::1", "::1]", "[]",
      "", " ", "local host", "localhost\u0000.attacker.example");

  @Test
  void onlyLiteralLoopbackHostsAreLoopback() {
    for (String h : LOOPBACK) {
      assertTrue(LoopbackHost.isLoopback(h), h);
    }
    for (String h : NOT_LOOPBACK) {
      assertFalse(LoopbackHost.isLoopback(h), h);
    }
    // listening addresses come without brackets
    assertTrue(LoopbackHost.isLoopback("::1"));
    assertTrue(LoopbackHost.isLoopback("0:0:0:0:0:0:0:1"));
    assertFalse(LoopbackHost.isLoopback("::"));
    assertFalse(LoopbackHost.isLoopback(null));
  }

  @Test
  void hostHeadersAreParsedWithTheirPort() {
    for (String h : LOOPBACK) {
      assertTrue(LoopbackHost.isLoopbackAuthority(h), h);
      assertTrue(LoopbackHost.isLoopbackAuthority(h + ":7070"), h);
    }
    for (String h : NOT_LOOPBACK) {
      assertFalse(LoopbackHost.isLoopbackAuthority(h + ":7070"), h);
    }
    for (String h : List.of("::1", "::1:7070", "127.0.0.1:", "127.0.0.1:x", "127.0.0.1:123456", "127.0.0.1:80:80",
        "[::1]x", "[::1]:", "localhost:-1", "127.0.0.1@attacker.example", "127.0.0.1 attacker.example")) {
      assertFalse(LoopbackHost.isLoopbackAuthority(h), h);
    }
  }

  /**
   * End to end, in a JVM whose host names come from a hosts file that maps attackers' names to
   * 127.0.0.1: the inbox refuses them (the old check resolved names of hex letters, saw loopback
   * and served the inbox).
   */
  @Test
  void namesThatResolveToLoopbackAreRefused(@TempDir Path dir) throws Exception {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 localhost bad.cafe deadbeef.de attacker.example\n::1 localhost\n");
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p = new ProcessBuilder(java, "-Djdk.net.hosts.file=" + hosts, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), RebindingProbe.class.getName(), "bad.cafe", "deadbeef.de",
        "attacker.example", "localhost", "127.0.0.1", "[::1]").redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    } finally {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), out);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("resolves bad.cafe", "true");
    expected.put("bad.cafe", "403");
    expected.put("deadbeef.de", "403");
    expected.put("attacker.example", "403");
    expected.put("localhost", "200");
    expected.put("127.0.0.1", "200");
    expected.put("[::1]", "200");
    List<String> lines = new ArrayList<>(out.lines().filter(l -> l.startsWith("host ")).toList());
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertTrue(lines.contains("host " + e.getKey() + " -> " + e.getValue()), e + " in\n" + out);
    }
  }

  /** Starts a stub and GETs the inbox API with each argument as the Host; prints the statuses. */
  public static final class RebindingProbe {
    public static void main(String[] args) throws Exception {
      System.out.println("host resolves bad.cafe -> "
          + java.net.InetAddress.getByName("bad.cafe").isLoopbackAddress());
      try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
        for (String host : args) {
          try (Socket s = new Socket("127.0.0.1", stub.port())) {
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            o.write(("GET /api/messages HTTP/1.1\r\nHost: " + host + ":" + stub.port() + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1).substring(9);
            System.out.println("host " + host + " -> " + status);
          }
        }
      }
    }
  }
}
