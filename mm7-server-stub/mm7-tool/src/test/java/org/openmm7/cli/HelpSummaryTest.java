package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mm7 --help} lists each command with a whole sentence (the summaries were cut mid-sentence). */
class HelpSummaryTest {
  @Test
  void everyCommandHasAOneLineSummaryThatIsASentence() {
    CommandLine cl = new CommandLine(new Mm7Command());
    int commands = 0;
    for (var e : cl.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      commands++;
      String[] header = e.getValue().getCommandSpec().usageMessage().header();
      assertEquals(1, header.length, e.getKey() + ": one summary line");
      assertTrue(header[0].endsWith("."), e.getKey() + ": '" + header[0] + "' is cut");
      assertTrue(header[0].length() <= 80 - 12, e.getKey() + ": '" + header[0] + "' does not fit a terminal line");
    }
    assertTrue(commands >= 7, "commands found: " + commands);

    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute("--help"));
    for (var e : cl.getSubcommands().entrySet()) {
      if (!e.getKey().equals("help")) {
        String summary = e.getValue().getCommandSpec().usageMessage().header()[0];
        assertTrue(out.toString().contains(summary), "mm7 --help shows '" + summary + "':\n" + out);
      }
    }
  }
}
