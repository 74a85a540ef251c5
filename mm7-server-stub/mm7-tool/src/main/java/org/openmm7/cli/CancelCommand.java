package org.openmm7.cli;

import org.openmm7.client.internal.SafeText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.Mm7Response;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mm7 cancel}: cancels a submitted message (CancelReq, or extendedCancelReq). */
@Command(name = "cancel", header = "Cancels a message submitted earlier (CancelReq).",
    mixinStandardHelpOptions = true, versionProvider = Mm7Command.Version.class,
    description = "Cancels a message submitted earlier (CancelReq; --extended: extendedCancelReq) and prints the status.",
    footer = ClientOptions.EXIT_HELP)
public final class CancelCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Option(names = "--message-id", required = true, paramLabel = "ID", description = "the MessageID to cancel")
  String messageId;

  @Option(names = "--from", paramLabel = "ADDR", converter = ClientOptions.AddressConverter.class,
      description = "the sender address")
  Address from;

  @Option(names = "--extended", description = "send extendedCancelReq (Rel-6 releases)")
  boolean extended;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Mm7Client c = client.build(spec)) {
      Mm7Response rsp = extended
          ? c.extendedCancel(ExtendedCancelRequest.builder().cancelId(messageId).senderAddress(from).build(),
              client.transactionId)
          : c.cancel(CancelRequest.builder().messageId(messageId).senderAddress(from).build(), client.transactionId);
      out.println(SafeText.escape(rsp.status().toString()));
      out.flush();
      return 0;
    } catch (Mm7Exception e) {
      return ClientOptions.report(e, spec.commandLine().getErr());
    }
  }
}
