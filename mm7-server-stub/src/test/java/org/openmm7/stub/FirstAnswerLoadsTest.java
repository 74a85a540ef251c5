package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a stub makes before its first answer is what a test suite pays once per JVM (the bench's
 * start-up case, under 300 ms). A stub without accounts, store directory or pushes sent must not
 * load what only those need, and each must still work on first use. Runs {@link FirstAnswerRun}
 * in a fresh JVM that logs every class it loads ({@code -Xlog:class+load}).
 */
class FirstAnswerLoadsTest {
  /** HttpClient 5 and the stub's transport over it: the first push needs them. */
  private static final List<String> SENDING = List.of("org.openmm7.client.internal.transport.RelayTransport",
      "org.apache.hc.core5.http.HttpRequest");
  /** The inbox's JSON API and Jackson: its first page needs them. */
  private static final List<String> INBOX_API = List.of("org.openmm7.stub.inbox.InboxApi",
      "com.fasterxml.jackson.databind.ObjectMapper");
  /** Nothing needs these without accounts (security providers), a store (Jackson's tree) or a non-UTF-8 message. */
  private static final List<String> UNUSED = List.of("java.security.SecureRandom", "java.security.MessageDigest",
      "org.openmm7.client.internal.auth.HttpAuthenticator$NoAccount", "com.fasterxml.jackson.databind.node.ObjectNode",
      "com.sun.xml.internal.stream.XMLInputFactoryImpl");

  @Test
  void theFirstAnswerLoadsNeitherHttpClientNorJacksonNorSecurityNorSpinsLambdasAndEachStillWorksOnFirstUse() throws Exception {
    Map<String, String> answered = new LinkedHashMap<>();
    Map<String, Set<String>> loadedBy = new LinkedHashMap<>();
    String output = run(answered, loadedBy);
    assertEquals(List.of("first answer", "first push", "first inbox page"), List.copyOf(answered.keySet()), output);

    assertEquals("1000 true", answered.get("first answer"), output);
    List<String> all = new ArrayList<>(SENDING);
    all.addAll(INBOX_API);
    all.addAll(UNUSED);
    assertEquals(List.of(), loaded(loadedBy.get("first answer"), all),
        "loaded by build(), start() and the first SubmitReq of a stub without accounts, store or pushes");
    assertEquals(List.of(), lambdasOfOurs(loadedBy.get("first answer")),
        "classes spun for lambdas and method references of the library's own before the first answer");

    assertEquals("DELIVERED 1000", answered.get("first push"), output);
    assertEquals(SENDING, loaded(loadedBy.get("first push"), SENDING), "the first push loads the transport");
    assertEquals("HTTP/1.1 200 OK true", answered.get("first inbox page"), output);
    assertEquals(INBOX_API, loaded(loadedBy.get("first inbox page"), INBOX_API), "the first page loads the API");
  }

  /**
   * The classes spun at run time for a lambda or method reference of the library (the stub, the
   * client, the schema), the test's own harness left out: each links an invokedynamic call site
   * and spins a class (about half a millisecond in a fresh JVM) that a named class avoids.
   */
  private static List<String> lambdasOfOurs(Set<String> classes) {
    List<String> out = new ArrayList<>();
    for (String c : classes) {
      if (c.startsWith("org.openmm7.") && c.contains("$$Lambda$") && !c.startsWith(FirstAnswerRun.class.getName())
          && !c.startsWith(FakeVasp.class.getName())) {
        out.add(c.substring(0, c.indexOf("$$Lambda$")));
      }
    }
    out.sort(null);
    return out;
  }

  private static List<String> loaded(Set<String> classes, List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      if (classes.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  /** Runs FirstAnswerRun; per step, what it answered and every class loaded before the step's line. */
  private static String run(Map<String, String> answered, Map<String, Set<String>> loadedBy) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = List.of(java, "-Xlog:disable", "-Xlog:class+load=info:stdout",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
        FirstAnswerRun.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text;
    boolean done;
    try (var in = p.getInputStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      done = p.waitFor(60, TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly();
    }
    assertTrue(done && p.exitValue() == 0, "the forked stub failed:\n" + text);
    Set<String> loaded = new HashSet<>();
    for (String line : text.split("\n")) {
      int log = line.indexOf("[class,load] ");
      if (log >= 0) {
        String rest = line.substring(log + "[class,load] ".length());
        loaded.add(rest.substring(0, rest.indexOf(' ') < 0 ? rest.length() : rest.indexOf(' ')));
      } else if (line.startsWith("STEP ")) {
        String[] f = line.substring(5).split("\\|", 2);
        answered.put(f[0], f[1].strip());
        loadedBy.put(f[0], new HashSet<>(loaded));
      }
    }
    return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
  }
}
