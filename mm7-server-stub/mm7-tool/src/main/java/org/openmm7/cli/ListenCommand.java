package org.openmm7.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.openmm7.client.Credentials;
import org.openmm7.client.Mm7StatusException;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.inbound.InboundContext;
import org.openmm7.client.inbound.Mm7InboundHandler;
import org.openmm7.client.inbound.Mm7InboundServer;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.inbound.Mm7InboundServlet;
import org.openmm7.client.internal.SafeText;
import org.openmm7.stub.SpoolDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mm7 listen}: runs the VASP's inbound endpoint and prints each delivery report, read
 * reply and delivered MMS, saving attachments to a folder when asked.
 */
@Command(name = "listen", header = "Runs a VASP endpoint; prints every report and MMS pushed to it.",
    mixinStandardHelpOptions = true, versionProvider = Mm7Command.Version.class,
    description = {"Runs a VASP's MM7 endpoint: prints every DeliveryReportReq, ReadReplyReq and DeliverReq",
        "a relay pushes (one line each, attachments listed), answers 1000, and answers a relay's retry",
        "of the same TransactionID as the first time. Runs until interrupted (Ctrl-C).",
        "Exit status 1 when it cannot start."})
public final class ListenCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
      description = "port to listen on, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all)")
  String host;

  @Option(names = "--path", paramLabel = "PATH", defaultValue = "/mm7", description = "the endpoint's path (default: ${DEFAULT-VALUE})")
  String path;

  @Option(names = "--dir", paramLabel = "DIR", description = "save each delivered message's parts under DIR/<TransactionID>/")
  Path dir;

  @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "require HTTP Basic credentials from the relay")
  String user;

  @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", description = "the password for --user")
  String password;

  @Option(names = "--bearer", paramLabel = "TOKEN", description = "require Authorization: Bearer TOKEN from the relay")
  String bearer;

  @Option(names = "--reject", paramLabel = "CODE",
      description = "answer every push with this MM7 status code instead of 1000 (to test a relay's retries)")
  Integer reject;

  @CommandLine.Mixin
  ArrivalTimeouts timeouts;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile Mm7InboundServer running;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Credentials credentials = Credentials.none();
    if (bearer != null) {
      credentials = Credentials.bearer(bearer);
    } else if (user != null) {
      if (password == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--user needs --password");
      }
      credentials = Credentials.basic(user, password);
    }
    if (dir != null) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        err.println("mm7 listen: cannot create " + dir + ": " + e.getMessage());
        err.flush();
        return 1;
      }
    }
    Mm7InboundServer server;
    try {
      // parts spilled while decoding go to this process's own directory, removed once it is gone
      Mm7Codec codec = SpoolDirectory.spillingToOwnDirectory(Mm7Codec.builder()
          .maxMessageSize(Mm7InboundServlet.Builder.DEFAULT_MAX_MESSAGE_SIZE)).build();
      server = Mm7InboundServer.builder(new Printer(out)).host(host).port(port).path(path)
          .credentials(credentials).codec(codec)
          .headTimeout(timeouts.head())
          .bodyTimeout(timeouts.body()).start();
    } catch (BindException e) {
      err.println("mm7 listen: cannot listen on " + host + ":" + port + ": " + e.getMessage());
      err.flush();
      return 1;
    } catch (IOException | RuntimeException e) {
      err.println("mm7 listen: cannot start: " + e.getMessage());
      err.flush();
      return 1;
    }
    running = server;
    Thread hook = new Thread(this::stop, "mm7-listen-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    synchronized (out) {
      out.println("mm7 listen: VASP endpoint listening on " + server.endpoint());
      out.println("  credentials: " + credentials);
      out.println("  answers:     " + (reject == null ? "1000 Success" : reject + " " + Mm7Status.of(reject).defaultText()));
      out.println("  attachments: " + (dir == null ? "not saved" : "saved under " + dir.toAbsolutePath()));
      out.println("Press Ctrl-C to stop.");
      out.flush();
    }
    return Foreground.awaitStop(stop, server, hook);
  }

  /** Stops a running {@code call()} (what Ctrl-C does). */
  void stop() {
    stop.countDown();
    Mm7InboundServer s = running;
    if (s != null) {
      s.close();
    }
  }

  /** The running server, for tests. */
  Mm7InboundServer running() {
    return running;
  }

  /** Prints each push and accepts it (or refuses with --reject). */
  private final class Printer implements Mm7InboundHandler {
    private final PrintWriter out;

    Printer(PrintWriter out) {
      this.out = out;
    }

    @Override
    public DeliverResponse deliver(DeliverRequest r, InboundContext ctx) throws Mm7StatusException {
      // everything from the network is escaped: a sender must not rewrite the screen or forge a line
      StringJoiner line = new StringJoiner(" ");
      line.add("DeliverReq").add("tx=" + SafeText.escape(ctx.transactionId())).add(ctx.release().releaseName())
          .add("from=" + SafeText.escape(String.valueOf(r.sender())))
          .add("to=" + SafeText.escape(recipients(r.recipients())));
      if (r.subject() != null) {
        line.add("subject=\"" + SafeText.escape(r.subject()) + "\"");
      }
      if (r.linkedId() != null) {
        line.add("linkedId=" + SafeText.escape(r.linkedId()));
      }
      StringBuilder parts = new StringBuilder();
      MimePart content = r.content();
      List<MimePart> leaves = content == null ? List.of()
          : content instanceof Multipart m ? m.leaves() : List.of(content);
      Path target = null;
      String notSaved = null;
      if (dir != null && !leaves.isEmpty()) {
        try {
          target = messageDirectory(dir, ctx.transactionId());
        } catch (IOException e) {
          notSaved = SafeText.escape(String.valueOf(e.getMessage()));
        }
      }
      int n = 0;
      for (MimePart leaf : leaves) {
        n++;
        String name = leaf.contentLocation().or(leaf::contentId).map(ListenCommand::safe).orElse("part-" + n);
        parts.append("\n  part ").append(n).append(": ").append(SafeText.escape(leaf.contentType().mediaType()))
            .append(' ').append(name);
        if (leaf instanceof TextPart t) {
          String text = t.text();
          parts.append(" \"").append(SafeText.escape(text.length() > 200 ? text.substring(0, 200) + "..." : text))
              .append('"');
        }
        if (target != null) {
          try {
            Path file = target.resolve(n + "-" + name);
            long size;
            try (InputStream in = open(leaf)) {
              size = Files.copy(in, file); // a new file: never replaces one, never follows a link
            }
            parts.append(" -> ").append(SafeText.escape(file.toString())).append(" (").append(size).append(" bytes)");
          } catch (IOException e) {
            parts.append(" (not saved: ").append(SafeText.escape(String.valueOf(e.getMessage()))).append(')');
          }
        } else if (notSaved != null) {
          parts.append(" (not saved: ").append(notSaved).append(')');
        }
      }
      print(line + (n == 0 ? " (no content)" : " parts=" + n) + parts);
      refuseIfAsked();
      return new DeliverResponse(ResponseStatus.SUCCESS, null);
    }

    @Override
    public StatusResponse deliveryReport(DeliveryReportRequest r, InboundContext ctx)
        throws Mm7StatusException {
      print("DeliveryReportReq tx=" + SafeText.escape(ctx.transactionId()) + " " + ctx.release().releaseName()
          + " messageId=" + SafeText.escape(r.messageId()) + " recipient=" + SafeText.escape(String.valueOf(r.recipient()))
          + " status=" + (r.mmStatus() == null ? "" : SafeText.escape(r.mmStatus().wireName()))
          + (r.date() == null ? "" : " date=" + r.date())
          + (r.statusText() == null ? "" : " text=\"" + SafeText.escape(r.statusText()) + "\""));
      refuseIfAsked();
      return StatusResponse.deliveryReport(ResponseStatus.SUCCESS);
    }

    @Override
    public StatusResponse readReply(ReadReplyRequest r, InboundContext ctx) throws Mm7StatusException {
      print("ReadReplyReq tx=" + SafeText.escape(ctx.transactionId()) + " " + ctx.release().releaseName()
          + " messageId=" + SafeText.escape(r.messageId()) + " recipient=" + SafeText.escape(String.valueOf(r.recipient()))
          + " status=" + (r.mmStatus() == null ? "" : SafeText.escape(r.mmStatus().wireName()))
          + (r.timeStamp() == null ? "" : " time=" + r.timeStamp())
          + (r.statusText() == null ? "" : " text=\"" + SafeText.escape(r.statusText()) + "\""));
      refuseIfAsked();
      return StatusResponse.readReply(ResponseStatus.SUCCESS);
    }

    private void refuseIfAsked() throws Mm7StatusException {
      if (reject != null) {
        throw new Mm7StatusException(Mm7Status.of(reject), null);
      }
    }

    private void print(String s) {
      synchronized (out) {
        out.println(s);
        out.flush();
      }
    }
  }

  private static InputStream open(MimePart leaf) throws IOException {
    if (leaf instanceof BinaryPart b) {
      return b.openStream();
    }
    if (leaf instanceof TextPart t) {
      return t.openStream();
    }
    throw new IOException("not a leaf part");
  }

  private static String recipients(Recipients r) {
    if (r == null) {
      return "";
    }
    StringJoiner j = new StringJoiner(",");
    for (Address a : r.to()) {
      j.add(a.toString());
    }
    for (Address a : r.cc()) {
      j.add("cc:" + a);
    }
    for (Address a : r.bcc()) {
      j.add("bcc:" + a);
    }
    return j.toString();
  }

  /** Most directories tried for one message before giving up (a directory full of its retries). */
  private static final int MAX_SUFFIX = 10_000;

  /**
   * A new directory for one message's parts, created atomically under {@code base}: the cleaned
   * TransactionID, followed by a hash of the raw one when cleaning changed it (so that {@code x/coll}
   * and {@code y/coll} differ), and by {@code -2}, {@code -3} ... when the name is taken (a retry, or a
   * link someone put there): an earlier message's files are never overwritten and no link is followed.
   */
  static Path messageDirectory(Path base, String transactionId) throws IOException {
    String name = transactionId == null || transactionId.isEmpty() ? "no-transaction-id" : safe(transactionId);
    if (transactionId != null && !transactionId.isEmpty() && !name.equals(transactionId)) {
      name = name + "-" + shortHash(transactionId);
    }
    for (int n = 1; n <= MAX_SUFFIX; n++) {
      Path p = base.resolve(n == 1 ? name : name + "-" + n);
      try {
        return Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        // taken (by a directory, a file or a link): the next name
      }
    }
    throw new IOException("no free directory name for " + name + " under " + base);
  }

  private static String shortHash(String s) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A file name from a Content-Location or Content-ID: its last segment, harmless characters only. */
  static String safe(String name) {
    String s = name.replace('\\', '/');
    s = s.substring(s.lastIndexOf('/') + 1);
    s = s.replaceAll("[^A-Za-z0-9._@-]", "_");
    if (s.isEmpty() || s.chars().allMatch(c -> c == '.')) {
      s = "part";
    }
    return s.length() > 100 ? s.substring(0, 100) : s;
  }
}
