package org.openmm7.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.openmm7.stub.Account;
import org.openmm7.stub.Mm7StubServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mm7 stub}: runs the reference MM7 relay until interrupted (Ctrl-C). */
@Command(name = "stub", mixinStandardHelpOptions = true, versionProvider = Mm7Command.Version.class,
    description = {"Runs the OpenMM7 reference relay (MMSC) stub. It answers SubmitReq,",
        "CancelReq, ReplaceReq and the extended forms in every MM7 namespace",
        "as a relay would, and records what it received.",
        "Runs until interrupted (Ctrl-C). Exit status 1 when it cannot start."})
public final class StubCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "PORT", defaultValue = "7070", description = "port to listen on, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all)")
  String host;

  @Option(names = "--path", paramLabel = "PATH", defaultValue = "/mm7", description = "the MM7 endpoint's path (default: ${DEFAULT-VALUE})")
  String path;

  @Option(names = "--strict", description = "refuse every request with a finding, as a conformance-checking relay")
  boolean strict;

  @Option(names = "--store", paramLabel = "DIR", description = "keep accepted messages in DIR too, and reload them at start")
  Path store;

  @Option(names = "--accounts", paramLabel = "FILE",
      description = "per-VASP HTTP Basic credentials, JSON: [{\"vaspId\": \"acme\", \"password\": \"...\"}]")
  Path accounts;

  @Option(names = "--max-message-size", paramLabel = "BYTES", defaultValue = "5242880",
      description = "largest message accepted (default: ${DEFAULT-VALUE})")
  long maxMessageSize;

  @Option(names = "--idle-timeout", paramLabel = "MILLIS", defaultValue = "30000",
      description = "close a connection silent for this long, slow senders included (default: ${DEFAULT-VALUE})")
  long idleTimeoutMillis;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile Mm7StubServer running;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Mm7StubServer server;
    try {
      Mm7StubServer.Builder options = Mm7StubServer.builder().host(host).port(port).path(path).strict(strict)
          .maxMessageSize(maxMessageSize).storeDirectory(store)
          .idleTimeout(java.time.Duration.ofMillis(idleTimeoutMillis));
      if (accounts != null) {
        options.accounts(readAccounts(accounts));
      }
      server = options.build();
      server.start();
    } catch (BindException e) {
      err.println("mm7 stub: " + e.getMessage());
      err.flush();
      return 1;
    } catch (IOException | RuntimeException e) {
      err.println("mm7 stub: cannot start: " + oneLine(e));
      err.flush();
      return 1;
    }
    running = server;
    Thread hook = new Thread(this::stop, "mm7-stub-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("mm7 stub: relay listening on " + server.endpoint());
    out.println("  mode:     " + (strict ? "strict (requests with findings are refused)" : "lenient (findings recorded)"));
    out.println("  host:     " + host + "  port: " + server.port() + "  path: " + path);
    out.println("  accounts: " + (accounts == null ? "none (no credentials asked for)"
        : server.options().accounts().size() + " from " + accounts));
    out.println("  store:    " + (store == null ? "memory only" : store.toAbsolutePath() + " ("
        + server.storedMessages().size() + " messages loaded)"));
    out.println("  max size: " + maxMessageSize + " bytes per message");
    out.println("  idle timeout: " + idleTimeoutMillis + " ms");
    out.println("Press Ctrl-C to stop.");
    out.flush();
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // shutting down already
      }
    }
    return 0;
  }

  /** Stops a running {@code call()} (what Ctrl-C does). */
  void stop() {
    stop.countDown();
    Mm7StubServer s = running;
    if (s != null) {
      s.close();
    }
  }

  Mm7StubServer running() {
    return running;
  }

  static List<Account> readAccounts(Path file) throws IOException {
    List<Map<String, String>> raw;
    try {
      raw = new ObjectMapper().readValue(file.toFile(), new TypeReference<List<Map<String, String>>>() {});
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new IOException("no accounts file " + file, e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("the accounts file " + file + " is not a JSON list of {\"vaspId\", \"password\"}: "
          + e.getOriginalMessage(), e);
    }
    List<Account> list = new ArrayList<>();
    for (Map<String, String> m : raw) {
      if (m.get("vaspId") == null || m.get("password") == null) {
        throw new IOException("an account in " + file + " lacks vaspId or password");
      }
      list.add(new Account(m.get("vaspId"), m.get("password")));
    }
    return list;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.replaceAll("\\s*\\R\\s*", " ");
  }
}
