package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A value that does not convert is one line on stderr naming the option and the value (and what
 * is valid, where that is a short list), exit status 2; never the usage text.
 */
class UsageErrorTest {
  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Mm7Command.commandLine(args).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static void oneLine(Run r, String... mentions) {
    assertEquals(2, r.exit(), r.err());
    assertEquals("", r.out());
    List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "one line: " + r.err());
    assertFalse(r.err().contains("Usage:"), r.err());
    for (String m : mentions) {
      assertTrue(lines.get(0).contains(m), "'" + m + "' in: " + lines.get(0));
    }
  }

  private static final String[] SUBMIT = {"submit", "--url", "http://127.0.0.1:9/mm7", "--to", "+447700900123"};

  private static String[] submitWith(String... more) {
    String[] all = new String[SUBMIT.length + more.length];
    System.arraycopy(SUBMIT, 0, all, 0, SUBMIT.length);
    System.arraycopy(more, 0, all, SUBMIT.length, more.length);
    return all;
  }

  @Test
  void anUnknownReleaseNamesItAndListsTheValidOnes() {
    Run r = run(submitWith("--release", "FOO"));
    oneLine(r, "mm7 submit", "--release", "'FOO'", "REL-5-MM7-1-0", "REL-5-MM7-1-5", "REL-6-MM7-1-0", "REL-6-MM7-1-4");
    oneLine(run("cancel", "--url", "http://127.0.0.1:9/mm7", "--message-id", "m1", "--release", "REL-7-MM7-1-0"),
        "mm7 cancel", "--release", "REL-7-MM7-1-0", "REL-6-MM7-1-4");
  }

  @Test
  void everyConvertedOptionNamesItselfAndTheBadValue() {
    oneLine(run(submitWith("--cc", "nobody")), "--cc", "nobody");
    oneLine(run("submit", "--url", "http://127.0.0.1:9/mm7", "--to", "not-an-address"), "--to", "not-an-address");
    oneLine(run(submitWith("--timeout", "soon")), "--timeout", "soon");
    oneLine(run("submit", "--url", "ht tp://x", "--to", "+447700900123"), "--url", "ht tp://x");
    oneLine(run("stub", "--port", "seventy"), "mm7 stub", "--port", "seventy");
    oneLine(run("stub", "--role", "boss"), "--role", "boss", "relay, vasp");
    oneLine(run("stub", "--max-message-size", "5MB"), "--max-message-size", "5MB");
  }

  @Test
  void otherUsageErrorsAreOneLineToo() {
    oneLine(run("submit", "--url", "http://127.0.0.1:9/mm7"), "--to");
    oneLine(run(submitWith("--frobnicate")), "--frobnicate");
    oneLine(run(submitWith("--user", "acme")), "--user needs a password");
  }

  @Test
  void aValidReleaseInAnyCaseIsTaken() {
    ClientOptions o = new ClientOptions();
    new CommandLine(o).parseArgs("--url", "http://x/mm7", "--release", "rel-5-mm7-1-2");
    assertEquals("REL-5-MM7-1-2", o.release.releaseName());
  }
}
