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
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line as {@code main} runs it: a usage error (an option's value that does not
   * convert, an unknown or missing option) is one line naming the option and the bad value, and
   * exit status 2, not the whole usage text.
   */
  public static CommandLine commandLine() {
    return new CommandLine(new Mm7Command()).setParameterExceptionHandler(Mm7Command::usageError);
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String name = cmd.getCommandSpec().qualifiedName();
    String message = String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    cmd.getErr().println(name + ": " + message + " (" + name + " --help lists the options)");
    cmd.getErr().flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
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
