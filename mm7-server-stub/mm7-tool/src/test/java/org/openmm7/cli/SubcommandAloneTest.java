package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code main} makes only the sub-command its first argument names (picocli builds every
 * sub-command's model by reflection at start), and that sub-command behaves as it does in the
 * whole tree: the same help, the same one-line usage errors and exit codes.
 */
class SubcommandAloneTest {
  record Run(int exit, String out, String err) {}

  private static Run run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void aSubcommandNamedFirstIsTheOnlyOneMade() {
    for (String name : Mm7Command.SUBCOMMANDS) {
      if (name.equals("help")) {
        continue;
      }
      assertEquals(List.of(name), List.copyOf(Mm7Command.commandLine(new String[] {name, "--help"}).getSubcommands()
          .keySet()));
    }
  }

  @Test
  void withoutASubcommandFirstTheWholeTreeIsMade() {
    for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"--version"},
        new String[] {"help", "stub"}, new String[] {"stu"}, new String[] {"--port", "0", "stub"})) {
      assertEquals(Mm7Command.SUBCOMMANDS, List.copyOf(Mm7Command.commandLine(args).getSubcommands().keySet()),
          String.join(" ", args));
    }
  }

  @Test
  void eachSubcommandsHelpIsTheSameAloneAndInTheTree() {
    for (String name : Mm7Command.SUBCOMMANDS) {
      if (name.equals("help")) {
        continue;
      }
      String[] args = {name, "--help"};
      Run alone = run(Mm7Command.commandLine(args), args);
      Run tree = run(Mm7Command.commandLine(), args);
      assertEquals(tree, alone, name);
      assertEquals(0, alone.exit(), name);
      assertTrue(alone.out().contains("Usage: mm7 " + name), alone.out());
    }
  }

  @Test
  void usageErrorsAreTheSameAloneAndInTheTree() {
    for (String[] args : List.of(new String[] {"stub", "--port", "many"}, new String[] {"stub", "--no-such-option"},
        new String[] {"submit", "--url", "http://127.0.0.1:9/mm7", "--to", "not-an-address"},
        new String[] {"bench", "--concurrency", "x"})) {
      Run alone = run(Mm7Command.commandLine(args), args);
      Run tree = run(Mm7Command.commandLine(), args);
      assertEquals(tree, alone, String.join(" ", args));
      assertEquals(2, alone.exit(), String.join(" ", args) + ": " + alone.err());
    }
  }
}
