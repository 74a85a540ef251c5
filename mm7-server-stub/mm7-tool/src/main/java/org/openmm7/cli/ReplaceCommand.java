package org.openmm7.cli;

import org.openmm7.client.internal.SafeText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.ExtendedReplaceResponse;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.StatusResponse;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mm7 replace}: replaces a submitted message's content (ReplaceReq, or extendedReplaceReq). */
@Command(name = "replace", header = "Replaces a message submitted earlier (ReplaceReq).",
    mixinStandardHelpOptions = true, versionProvider = Mm7Command.Version.class,
    description = {"Replaces a message submitted earlier (ReplaceReq; --extended: extendedReplaceReq) and prints",
        "the status (and, for --extended, the new MessageID)."},
    footer = ClientOptions.EXIT_HELP)
public final class ReplaceCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Mixin
  ContentOptions content;

  @Option(names = "--message-id", required = true, paramLabel = "ID", description = "the MessageID to replace")
  String messageId;

  @Option(names = "--from", paramLabel = "ADDR", converter = ClientOptions.AddressConverter.class,
      description = "the sender address")
  Address from;

  @Option(names = "--subject", paramLabel = "TEXT", description = "the new subject (--extended only)")
  String subject;

  @Option(names = "--service-code", paramLabel = "CODE", description = "ServiceCode")
  String serviceCode;

  @Option(names = "--extended", description = "send extendedReplaceReq (Rel-6 releases)")
  boolean extended;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    MimePart parts = content.content(spec);
    if (subject != null && !extended) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--subject needs --extended (ReplaceReq has none)");
    }
    try (Mm7Client c = client.build(spec)) {
      if (extended) {
        ExtendedReplaceResponse rsp = c.extendedReplace(ExtendedReplaceRequest.builder().replaceId(messageId)
            .senderAddress(from).serviceCode(serviceCode).subject(subject).content(parts).build(),
            client.transactionId);
        out.println(SafeText.escape(rsp.messageId() == null ? rsp.status().toString() : rsp.messageId()));
      } else {
        StatusResponse rsp = c.replace(ReplaceRequest.builder().messageId(messageId).senderAddress(from)
            .serviceCode(serviceCode).content(parts).build(), client.transactionId);
        out.println(SafeText.escape(rsp.status().toString()));
      }
      out.flush();
      return 0;
    } catch (Mm7Exception e) {
      return ClientOptions.report(e, spec.commandLine().getErr());
    }
  }
}
