package org.openmm7.cli;

import org.openmm7.client.internal.SafeText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.SubmitResult;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mm7 submit}: sends an MMS to a relay (SubmitReq) and prints its MessageID. */
@Command(name = "submit", header = "Sends an MMS to a relay (SubmitReq) and prints its MessageID.",
    mixinStandardHelpOptions = true, versionProvider = Mm7Command.Version.class,
    description = {"Sends a multimedia message to an MM7 relay (SubmitReq) and prints the MessageID it got.",
        "Addresses: +447700900123 or 447700900123 (number), name@example.com (e-mail), short:12345 (short code)."},
    footer = ClientOptions.EXIT_HELP)
public final class SubmitCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Mixin
  ContentOptions content;

  @Option(names = "--from", paramLabel = "ADDR", converter = ClientOptions.AddressConverter.class,
      description = "the sender address (SenderAddress)")
  Address from;

  @Option(names = "--to", required = true, paramLabel = "ADDR", arity = "1..*",
      converter = ClientOptions.AddressConverter.class, description = "recipients (To); may repeat")
  List<Address> to = new ArrayList<>();

  @Option(names = "--cc", paramLabel = "ADDR", converter = ClientOptions.AddressConverter.class,
      description = "recipients (Cc); may repeat")
  List<Address> cc = new ArrayList<>();

  @Option(names = "--bcc", paramLabel = "ADDR", converter = ClientOptions.AddressConverter.class,
      description = "recipients (Bcc); may repeat")
  List<Address> bcc = new ArrayList<>();

  @Option(names = "--subject", paramLabel = "TEXT", description = "the subject")
  String subject;

  @Option(names = "--service-code", paramLabel = "CODE", description = "ServiceCode, for charging")
  String serviceCode;

  @Option(names = "--linked-id", paramLabel = "ID", description = "LinkedID: the MessageID of a DeliverReq this answers")
  String linkedId;

  @Option(names = "--delivery-report", description = "ask for delivery reports")
  boolean deliveryReport;

  @Option(names = "--read-reply", description = "ask for read replies")
  boolean readReply;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /**
   * With a profile: one SubmitReq per group of recipients the relay takes, each MessageID on its own
   * line (a part that failed: its error on stderr), what was stripped for the relay on stderr.
   */
  private Integer submitEach(Mm7Client c, SubmitRequest request, PrintWriter out, PrintWriter err) throws Mm7Exception {
    if (client.transactionId != null) {
      err.println("--transaction-id is ignored with --profile: each SubmitReq sent gets its own");
    }
    SubmitResult result = c.submitEach(request);
    if (!result.stripped().isEmpty()) {
      err.println("stripped for the profile " + client.profile.name() + ": " + String.join(", ", result.stripped()));
    }
    int exit = 0;
    for (SubmitResult.Part part : result.parts()) {
      if (part.isAccepted()) {
        out.println(part.response().messageId() == null ? "" : SafeText.escape(part.response().messageId()));
      } else {
        err.print("to " + SafeText.escape(part.recipients().all().toString()) + ": ");
        int code = ClientOptions.report(part.failure(), err);
        exit = exit == 0 ? code : exit;
      }
    }
    out.flush();
    err.flush();
    return exit;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SubmitRequest.Builder b = SubmitRequest.builder()
        .senderAddress(from)
        .recipients(Recipients.builder().to(to.toArray(new Address[0])).cc(cc.toArray(new Address[0]))
            .bcc(bcc.toArray(new Address[0])).build())
        .subject(subject).serviceCode(serviceCode).linkedId(linkedId)
        .content(content.content(spec));
    if (deliveryReport) {
      b.deliveryReport(true);
    }
    if (readReply) {
      b.readReply(true);
    }
    try (Mm7Client c = client.build(spec)) {
      if (client.profile != null) {
        return submitEach(c, b.build(), out, err);
      }
      SubmitResponse rsp = c.submit(b.build(), client.transactionId);
      out.println(rsp.messageId() == null ? "" : SafeText.escape(rsp.messageId()));
      out.flush();
      if (rsp.status().mm7Status().isPartialSuccess()) {
        err.println("partial success: " + SafeText.escape(rsp.status().toString()));
        err.flush();
      }
      return 0;
    } catch (Mm7Exception e) {
      return ClientOptions.report(e, err);
    }
  }
}
