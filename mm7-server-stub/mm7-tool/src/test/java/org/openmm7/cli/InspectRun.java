package org.openmm7.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.openmm7.stub.InspectView;
import picocli.CommandLine;

/** Test support: one run of {@code mm7 inspect}, with its exit code, output and JSON. */
public record InspectRun(int exitCode, String out, String err, JsonNode json) {

  /** {@code mm7 inspect --strict FILE}. */
  public static InspectRun strict(Path file) throws Exception {
    return run("inspect", "--strict", file.toString());
  }

  /** {@code mm7 inspect FILE}. */
  public static InspectRun lenient(Path file) throws Exception {
    return run("inspect", file.toString());
  }

  /** One command line, reused: building one (picocli's reflection) costs more than the run itself. */
  private static final ThreadLocal<CommandLine> COMMAND = ThreadLocal.withInitial(() -> new CommandLine(new Mm7Command()));

  private static InspectRun run(String... args) throws Exception {
    CommandLine cl = COMMAND.get();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    String o = out.toString();
    JsonNode json = o.isBlank() ? MissingNode.getInstance() : InspectView.JSON.readTree(o);
    return new InspectRun(code, o, err.toString(), json);
  }
}
