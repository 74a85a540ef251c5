package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmm7.stub.Account;
import org.openmm7.stub.Mm7StubServer;

/**
 * A password need not be on the command line (where the process list shows it): `mm7 submit`
 * takes it from OPENMM7_PASSWORD, or asks for it when --password has no value. Each case runs
 * `mm7` in a JVM of its own, since the environment of this one cannot be set.
 */
class PasswordSourcesTest {
  private static Mm7StubServer relay;

  @BeforeAll
  static void start() throws Exception {
    relay = Mm7StubServer.builder().accounts(new Account("acme", "s3cret")).build().start();
  }

  @AfterAll
  static void stop() {
    relay.close();
  }

  record Run(int exit, String output) {}

  private static Run mm7(Map<String, String> env, String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        Mm7Command.class.getName(), "submit", "--url", relay.endpoint().toString(), "--user", "acme",
        "--from", "short:12345", "--to", "+447700900123", "--subject", "hi"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("OPENMM7_PASSWORD");
    pb.environment().remove("OPENMM7_BEARER_TOKEN");
    pb.environment().putAll(env);
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the process did not read its input
    }
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "mm7 did not end");
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void thePasswordComesFromTheEnvironment() throws Exception {
    Run ok = mm7(Map.of("OPENMM7_PASSWORD", "s3cret"), "");
    assertEquals(0, ok.exit(), ok.output());
    Run wrong = mm7(Map.of("OPENMM7_PASSWORD", "guess"), "");
    assertNotEquals(0, wrong.exit(), wrong.output());
    assertTrue(wrong.output().contains("401"), wrong.output());
  }

  @Test
  void aPasswordOptionWithoutAValueAsksForIt() throws Exception {
    Run ok = mm7(Map.of(), "s3cret\n", "--password");
    assertEquals(0, ok.exit(), ok.output());
    assertFalse(ok.output().contains("s3cret"), "the password is not echoed: " + ok.output());
  }

  @Test
  void withoutAnyPasswordTheErrorSaysWhereOneComesFrom() throws Exception {
    Run none = mm7(Map.of(), "");
    assertEquals(2, none.exit(), none.output());
    assertTrue(none.output().contains("OPENMM7_PASSWORD"), none.output());
  }
}
