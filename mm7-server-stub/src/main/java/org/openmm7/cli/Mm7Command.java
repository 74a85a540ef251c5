package org.openmm7.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mm7} command-line tool: one executable jar, one sub-command per job. */
@Command(name = "mm7", mixinStandardHelpOptions = true, versionProvider = Mm7Command.Version.class,
    description = "OpenMM7: MM7 (3GPP TS 23.140) tools.",
    subcommands = {InspectCommand.class, StubCommand.class, SubmitCommand.class, CancelCommand.class,
        ReplaceCommand.class, ListenCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Mm7Command implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The time of day on the command line's log lines (the library's default is milliseconds since start). */
  static final String LOG_TIME_FORMAT = "HH:mm:ss.SSS";

  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.dateTimeFormat") == null) {
      System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", LOG_TIME_FORMAT);
    }
    System.exit(new CommandLine(new Mm7Command()).execute(args));
  }

  /** The version the build wrote into the library, with the Java runtime it runs on. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"mm7 " + org.openmm7.client.Mm7Client.version(),
          "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")"};
    }
  }
}
