package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.openmm7.client.hostile.HostileCorpus;
import picocli.CommandLine;

/**
 * {@code mm7 inspect} on every hostile request and response: exit status 1 with
 * "rejected: REASON" (or 0 where the corpus says the capture is readable), within 10 s; never a
 * stack trace (an exception inspect does not type), never the secret file's marker.
 */
class HostileInspectTest {
  private static HostileCorpus.Traps traps;

  @BeforeAll
  static void setUp() throws IOException {
    traps = new HostileCorpus.Traps();
  }

  @AfterAll
  static void tearDown() throws IOException {
    assertEquals(0, traps.canaryHits.get(), "the canary was connected to");
    traps.close();
  }

  @TestFactory
  Stream<DynamicTest> inspectRefusesEveryHostileRequest() throws IOException {
    return HostileCorpus.requests().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c, c.codec())));
  }

  @TestFactory
  Stream<DynamicTest> inspectRefusesEveryHostileResponse() throws IOException {
    return HostileCorpus.responses().stream().map(c -> DynamicTest.dynamicTest("responses/" + c.name(),
        () -> check(c, c.reason())));
  }

  /** Runs {@code mm7 inspect FILE}; returns exit status, stdout and stderr. */
  static String[] inspect(Path file) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Mm7Command()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int status = cli.execute("inspect", file.toString());
    return new String[] {Integer.toString(status), out.toString(), err.toString()};
  }

  private static void check(HostileCorpus.Case c, String expected) throws IOException {
    Path file = Files.createTempFile("mm7-hostile-", ".http");
    try {
      try (InputStream in = c.open(traps).stream()) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      String[] r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> inspect(file));
      assertFalse(r[1].contains(traps.marker) || r[2].contains(traps.marker), "the secret file's marker shows");
      assertFalse(r[2].matches("(?s).*\n\tat .*") && !r[2].startsWith("rejected: "),
          "a stack trace: an untyped exception\n" + r[2]);
      if (expected.equals("accepted")) {
        assertEquals("0", r[0], r[2]);
      } else {
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[2].startsWith("rejected: " + expected + ":"), "expected " + expected + ", got " + r[2]);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
