package org.openmm7.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mm7} command-line tool: one executable jar, one sub-command per job. */
@Command(name = "mm7", mixinStandardHelpOptions = true, versionProvider = Mm7Command.Version.class,
    description = "OpenMM7: MM7 (3GPP TS 23.140) tools.",
    subcommands = {InspectCommand.class, StubCommand.class, SubmitCommand.class, CancelCommand.class,
        ReplaceCommand.class, ListenCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Mm7Command implements Runnable {
  /** The sub-commands' names, in the annotation's order (which {@link #subcommand} makes alone). */
  static final List<String> SUBCOMMANDS = List.of("inspect", "stub", "submit", "cancel", "replace", "listen", "bench",
      "help");

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
    System.exit(commandLine(args).execute(args));
  }

  /**
   * The command line as {@code main} runs it: a usage error (an option's value that does not
   * convert, an unknown or missing option) is one line naming the option and the bad value, and
   * exit status 2, not the whole usage text.
   */
  public static CommandLine commandLine() {
    return new CommandLine(new Mm7Command()).setParameterExceptionHandler(Mm7Command::usageError);
  }

  /**
   * The command line for these arguments: when the first names a sub-command (other than
   * {@code help}), that sub-command alone under a bare {@code mm7}. picocli builds the model of
   * every sub-command of the tree by reflection, and its classes (class file version 49) are
   * outside the launcher's class-data archive: the seven others cost {@code mm7 stub} about 60 ms
   * of its start. What the one sub-command does, prints and answers to bad options is the same.
   */
  static CommandLine commandLine(String[] args) {
    if (args.length == 0 || args[0].equals("help") || !SUBCOMMANDS.contains(args[0])) {
      return commandLine();
    }
    // only the parent's name shows (in "mm7 stub"): the bare root never runs, its first argument
    // being the sub-command
    CommandLine root = new CommandLine(CommandLine.Model.CommandSpec.create().name("mm7"));
    root.addSubcommand(args[0], subcommand(args[0]));
    return root.setParameterExceptionHandler(Mm7Command::usageError); // after: handed to the sub-command too
  }

  private static Object subcommand(String name) {
    return switch (name) {
      case "inspect" -> new InspectCommand();
      case "stub" -> new StubCommand();
      case "submit" -> new SubmitCommand();
      case "cancel" -> new CancelCommand();
      case "replace" -> new ReplaceCommand();
      case "listen" -> new ListenCommand();
      case "bench" -> new BenchCommand();
      default -> throw new IllegalArgumentException("no sub-command " + name);
    };
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
