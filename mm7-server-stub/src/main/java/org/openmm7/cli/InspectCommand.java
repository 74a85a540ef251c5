package org.openmm7.cli;

import org.openmm7.stub.InspectView;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.openmm7.client.Mm7ProtocolException;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7DecodeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mm7 inspect FILE}: decodes a captured MM7 message and prints it as JSON. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Decodes a captured MM7 message (a whole HTTP request or response, a bare MIME body,",
        "or a bare SOAP envelope) and prints its decoded form and findings as JSON.",
        "Exit status 0 when the message was understood, 1 when it was rejected."})
final class InspectCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "the captured message")
  Path file;

  @Option(names = "--strict", description = "refuse what can only be read by a fallback (an unresolvable content reference)")
  boolean strict;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Mm7Codec codec = Mm7Codec.builder().strict(strict).build();
    try (InputStream in = Files.newInputStream(file); DecodedMessage d = codec.decodeCapture(in)) {
      out.println(InspectView.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(InspectView.of(d)));
      out.flush();
      return 0;
    } catch (Mm7DecodeException e) {
      err.println("rejected: " + e.reason() + ": " + e.getMessage());
      return 1;
    } catch (Mm7ProtocolException e) {
      err.println("rejected: " + e.getMessage());
      return 1;
    } catch (java.nio.file.NoSuchFileException e) {
      err.println("no such file: " + file);
      return 1;
    }
  }
}
