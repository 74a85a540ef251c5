package org.openmm7.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openmm7.client.internal.SafeText;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openmm7.client.Mm7ProtocolException;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.FaultPolicy;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.stub.InspectView;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.SpoolDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mm7 inspect FILE}: decodes a captured MM7 message and prints it as JSON. */
@Command(name = "inspect", header = "Decodes a captured MM7 message; prints it and its findings (JSON).",
    mixinStandardHelpOptions = true,
    description = {"Decodes a captured MM7 message (a whole HTTP request or response, a bare MIME body,",
        "or a bare SOAP envelope) and prints its decoded form and findings (each with its severity",
        "and the rule it concerns) as JSON.",
        "Exit status 0 when the message was understood (with --strict: and `mm7 stub --strict` would",
        "accept it), 1 when it was rejected (or there is no such file), 2 when FILE is not a regular",
        "file (a directory, a FIFO) or cannot be read."})
final class InspectCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "the captured message")
  Path file;

  @Option(names = "--strict", description = {"judge the message as `mm7 stub --strict` does: refuse it when a finding is",
      "a violation, print the verdict (MM7 status, rules broken) and exit 1"})
  boolean strict;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // looked at before it is opened: a directory would be a stack trace, a FIFO without a writer a hang
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (java.nio.file.NoSuchFileException e) {
      err.println("no such file: " + SafeText.escape(file.toString()));
      return 1;
    } catch (java.io.IOException e) {
      err.println("mm7 inspect: cannot read " + SafeText.escape(file.toString()) + ": "
          + SafeText.escape(String.valueOf(e.getMessage())));
      return 2;
    }
    if (!attributes.isRegularFile()) {
      err.println("mm7 inspect: " + SafeText.escape(file.toString())
          + (attributes.isDirectory() ? " is a directory" : " is not a regular file") + "; give a captured message's file");
      return 2;
    }
    // lenient always, as the stub decodes: the verdict is the stub's, from the findings; parts
    // spilled while decoding go to this process's own directory, removed once it is gone
    Mm7Codec codec = SpoolDirectory.spillingToOwnDirectory(Mm7Codec.builder()).build();
    try (InputStream in = Files.newInputStream(file); DecodedMessage d = codec.decodeCapture(in)) {
      ObjectNode view = InspectView.of(d);
      Optional<FaultPolicy.Refusal> refusal = Optional.empty();
      if (strict) {
        refusal = Mm7StubServer.policy(true).judge(d.findings());
        view.set("verdict", InspectView.verdict(refusal));
      }
      out.println(InspectView.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(view));
      out.flush();
      if (refusal.isPresent()) {
        FaultPolicy.Refusal r = refusal.get();
        err.println("refused: " + r.status().code() + " " + SafeText.escape(r.text()) + ": "
            + SafeText.escape(r.details()));
        return 1;
      }
      return 0;
    } catch (Mm7DecodeException e) {
      FaultPolicy.Refusal r = FaultPolicy.refusal(e);
      err.println("rejected: " + SafeText.escape(e.reason()) + ": " + SafeText.escape(e.getMessage())
          + " (a server answers " + r.status().code() + " " + r.status().defaultText() + ")");
      return 1;
    } catch (Mm7ProtocolException e) {
      err.println("rejected: " + SafeText.escape(e.getMessage()));
      return 1;
    } catch (java.nio.file.NoSuchFileException e) {
      err.println("no such file: " + SafeText.escape(file.toString()));
      return 1;
    }
  }
}
