package org.openmm7.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.openmm7.client.internal.SafeText;
import org.openmm7.stub.Account;
import org.openmm7.stub.Mm7StubServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mm7 stub}: runs the reference MM7 relay until interrupted (Ctrl-C). */
@Command(name = "stub", header = "Runs the reference relay (MMSC) stub, or the VASP stub.",
    mixinStandardHelpOptions = true, versionProvider = Mm7Command.Version.class,
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

  @Option(names = "--strict", description = "refuse every request with a violation (a finding of severity violation), as a conformance-checking relay")
  boolean strict;

  @Option(names = "--store", paramLabel = "DIR", description = "keep accepted messages in DIR too, and reload them at start")
  Path store;

  @Option(names = "--accounts", paramLabel = "FILE",
      description = "per-VASP credentials, JSON: [{\"vaspId\": \"acme\", \"password\": \"...\", \"bearer\": \"...\","
          + " \"pushUrl\": \"http://...\", \"pushUser\": \"...\", \"pushPassword\": \"...\", \"pushScheme\": \"digest\","
          + " \"release\": \"REL-5-MM7-1-2\"}] (password or bearer; pushScheme: basic (default) or digest; release:"
          + " of DeliverReqs to it)")
  Path accounts;

  @Option(names = "--profile", paramLabel = "NAME|FILE", converter = Converters.ProfileName.class,
      description = "behave like this peer: a built-in profile (mbuni, sinch, skycore, vibes, telnyx, ...) or a"
          + " profile file; --max-message-size, --delivery-reports, --push-retry and --default-release given here"
          + " win over it (src/docs/profiles.md)")
  org.openmm7.client.Profile profile;

  @Option(names = "--max-message-size", paramLabel = "BYTES", defaultValue = "5242880",
      description = "largest message accepted (default: the profile's, else ${DEFAULT-VALUE})")
  long maxMessageSize;

  @Option(names = "--role", paramLabel = "ROLE", defaultValue = "relay", converter = Converters.RoleName.class,
      description = "relay (the MMSC, default) or vasp (accepts DeliverReq, DeliveryReportReq, ReadReplyReq)")
  org.openmm7.stub.Role role;

  @Option(names = "--vasp-url", paramLabel = "URL",
      description = "where the relay pushes DeliveryReportReq/ReadReplyReq/DeliverReq for VASPs without a pushUrl"
          + " (http://user:password@host/path for Basic)")
  java.net.URI vaspUrl;

  @Option(names = "--relay-url", paramLabel = "URL",
      description = "the relay the VASP role sends SubmitReq/CancelReq/ReplaceReq to (user info as for --vasp-url)")
  java.net.URI relayUrl;

  @Option(names = "--delivery-reports", paramLabel = "LIST", defaultValue = "Forwarded:1s,Retrieved:3s",
      description = "delivery reports per recipient after a submit asking for them (default: ${DEFAULT-VALUE}; none for none)")
  String deliveryReports;

  @Option(names = "--push-retry", paramLabel = "LIST", defaultValue = "1s,2s,4s,8s",
      description = "waits between push attempts; n waits make n+1 attempts (default: ${DEFAULT-VALUE})")
  String pushRetry;

  @Option(names = "--push-timeout", paramLabel = "TIME", defaultValue = "10s", converter = Converters.Millis.class,
      description = "deadline of each push attempt (and request to --relay-url): connect, send and the whole answer"
          + " (default: ${DEFAULT-VALUE}; " + Converters.TIME_HELP + ")")
  Duration pushTimeout;

  @Option(names = "--max-reply-size", paramLabel = "BYTES", defaultValue = "1048576",
      description = "largest answer read from a VASP pushed to (or from --relay-url); beyond, the attempt fails"
          + " (default: ${DEFAULT-VALUE})")
  long maxReplySize;

  @Option(names = "--default-release", paramLabel = "RELEASE", defaultValue = "REL-6-MM7-1-4",
      converter = Converters.Release.class,
      description = "release of DeliverReqs to a VASP whose account names none and that has sent nothing yet, and of"
          + " the VASP role's requests (default: ${DEFAULT-VALUE})")
  org.openmm7.schema.Mm7Release defaultRelease;

  @Option(names = "--relay-server-id", paramLabel = "ID", defaultValue = "openmm7-stub",
      description = "MMSRelayServerID in pushes (default: ${DEFAULT-VALUE})")
  String relayServerId;

  @Option(names = "--script", paramLabel = "FILE", description = "scripted replies, JSON (see the module README)")
  Path script;

  @Option(names = "--https-keystore", paramLabel = "FILE", description = "serve HTTPS (TLS 1.2+) with this PKCS#12 key store")
  Path httpsKeyStore;

  @Option(names = "--https-password", paramLabel = "PASSWORD", description = "the key store's password")
  String httpsPassword;

  @Option(names = "--https-port", paramLabel = "PORT",
      description = "HTTPS on this port besides HTTP on --port (default: HTTPS on --port)")
  Integer httpsPort;
  @Option(names = "--inbox-password", paramLabel = "PASSWORD", defaultValue = "${env:OPENMM7_INBOX_PASSWORD}",
      description = "password of the web inbox (HTTP Basic, user \"inbox\"); required with a --host other than"
          + " loopback; default: the environment variable OPENMM7_INBOX_PASSWORD")
  String inboxPassword;

  @Option(names = "--no-inbox", description = "no web inbox and JSON API on the stub's port")
  boolean noInbox;

  @Option(names = "--idle-timeout", paramLabel = "TIME", defaultValue = "30s", converter = Converters.Millis.class,
      description = "close a connection silent for this long, slow senders included (default: ${DEFAULT-VALUE}; "
          + Converters.TIME_HELP + ")")
  Duration idleTimeout;

  @Option(names = "--min-request-rate", paramLabel = "BYTES_PER_SECOND", defaultValue = "1024",
      description = "cut off (408) a request body arriving slower than this on average, after its first second;"
          + " 0 for no minimum (default: ${DEFAULT-VALUE})")
  long minRequestRate;

  @Option(names = "--recording-memory", paramLabel = "BYTES",
      description = "request bodies kept in memory, arriving or recorded, in all; beyond it they go to files"
          + " (default: an eighth of the heap, at most 256 MiB)")
  Long recordingMemory;

  @Option(names = "--max-recorded", paramLabel = "N", defaultValue = "1000",
      description = "requests kept for takeRequest, the inbox and /api/ (oldest dropped first; their bodies in"
          + " memory are bounded by --recording-memory; default: ${DEFAULT-VALUE})")
  int maxRecorded;

  @Option(names = "--max-stored", paramLabel = "N", defaultValue = "100000",
      description = "without --store: accepted messages kept for cancel, replace and reports (oldest forgotten"
          + " first, and counted); with --store all are kept on disk (default: ${DEFAULT-VALUE})")
  int maxStored;
  @Option(names = "--max-finished-pushes", paramLabel = "N", defaultValue = "10000",
      description = "delivered or given-up pushes kept in /api/pushes and the push journal (oldest forgotten"
          + " first, counted; pending and held pushes are kept; default: ${DEFAULT-VALUE})")
  int maxFinishedPushes;
  @Option(names = "--max-pending-pushes", paramLabel = "N", defaultValue = "10000",
      description = "pushes being tried at once; a submit asking for reports that would go beyond waits for"
          + " some to end at most 5 s (a quarter of the threads at most), else is answered 4006, nothing stored (a slow"
          + " VASP slows the submits, a down one has them refused; default: ${DEFAULT-VALUE})")
  int maxPendingPushes;
  @Option(names = "--max-held-pushes", paramLabel = "N", defaultValue = "10000",
      description = "pushes kept for want of a push target (oldest given up unsent, counted; default:"
          + " ${DEFAULT-VALUE})")
  int maxHeldPushes;
  @Option(names = "--push-room-wait", paramLabel = "TIME", defaultValue = "5s", converter = Converters.Millis.class,
      description = "how long a submit asking for reports waits for room among the pending pushes before it is"
          + " answered 4006, nothing stored (0: at once; default: ${DEFAULT-VALUE}; " + Converters.TIME_HELP + ")")
  Duration pushRoomWait;

  @Option(names = "--parent-pid", paramLabel = "PID",
      description = "stop when the process PID ends (for a stub started by another program, a bench or a test"
          + " harness, that may be killed before it can stop the stub); at once if it is not running")
  Long parentPid;

  @CommandLine.Mixin
  ArrivalTimeouts timeouts;

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
      // with a profile, an option's default gives way to the profile's setting; a given option wins
      CommandLine.ParseResult given = spec.commandLine().getParseResult();
      java.util.function.Predicate<String> set = name -> profile == null || given.hasMatchedOption(name);
      Mm7StubServer.Builder options = Mm7StubServer.builder().host(host).port(port).path(path).strict(strict)
          .storeDirectory(store).inbox(!noInbox)
          .inboxPassword(inboxPassword == null || inboxPassword.isEmpty() ? null : inboxPassword)
          .idleTimeout(idleTimeout)
          .minRequestDataRate(minRequestRate)
          .bodyTimeout(timeouts.body())
          .headTimeout(timeouts.head())
          .maxRecordedRequests(maxRecorded).maxStoredMessages(maxStored)
          .maxFinishedPushes(maxFinishedPushes).maxPendingPushes(maxPendingPushes).maxHeldPushes(maxHeldPushes)
          .pushRoomWait(pushRoomWait);
      if (recordingMemory != null) {
        options.recordingMemory(recordingMemory);
      }
      if (accounts != null) {
        options.accounts(readAccounts(accounts));
      }
      if (profile != null) {
        options.profile(profile);
      }
      if (set.test("--max-message-size")) {
        options.maxMessageSize(maxMessageSize);
      }
      if (set.test("--default-release")) {
        options.defaultRelease(defaultRelease);
      }
      if (set.test("--delivery-reports")) {
        options.deliveryReports(org.openmm7.stub.ReportStep.parseList(deliveryReports));
      }
      options.role(role).relayServerId(relayServerId);
      List<java.time.Duration> waits = new ArrayList<>();
      for (String w : pushRetry.split(",")) {
        if (!w.isBlank()) {
          waits.add(org.openmm7.stub.ReportStep.duration(w));
        }
      }
      if (set.test("--push-retry")) {
        options.pushRetrySchedule(waits);
      }
      options.pushTimeout(pushTimeout).maxReplySize(maxReplySize);
      if (vaspUrl != null) {
        options.vaspEndpoint(vaspUrl);
      }
      if (relayUrl != null) {
        options.relayEndpoint(relayUrl);
      }
      if (httpsKeyStore != null) {
        if (httpsPassword == null) {
          throw new IllegalArgumentException("--https-keystore needs --https-password");
        }
        options.tls(org.openmm7.client.TlsOptions.server(httpsKeyStore, httpsPassword.toCharArray()));
        if (httpsPort != null) {
          options.httpsPort(httpsPort);
        }
      }
      org.openmm7.stub.StubScript rules = script == null ? null : org.openmm7.stub.StubScript.read(script, role);
      server = options.build();
      server.start();
      if (rules != null) {
        server.setDispatcher(rules);
      }
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
    out.println("mm7 stub: " + (server.role() == org.openmm7.stub.Role.VASP ? "VASP" : "relay") + " listening on "
        + server.endpoint() + (server.httpsEndpoint() != null && !server.httpsEndpoint().equals(server.endpoint())
        ? " and " + server.httpsEndpoint() : ""));
    if (profile != null) {
      out.println("  profile:  " + profile);
    }
    out.println("  mode:     " + (strict ? "strict (requests with violations are refused)" : "lenient (findings recorded)"));
    out.println("  host:     " + host + "  port: " + server.port() + "  path: " + path);
    out.println("  accounts: " + (accounts == null ? "none (no credentials asked for)"
        : server.options().accounts().size() + " from " + accounts));
    out.println("  store:    " + (store == null ? "memory only (the newest " + maxStored + " messages kept)" : store.toAbsolutePath() + " ("
        + server.storedMessageCount() + " messages loaded)"));
    out.println("  max size: " + server.options().maxMessageSize() + " bytes per message");
    if (server.role() == org.openmm7.stub.Role.RELAY) {
      out.println("  pushes:   " + (vaspUrl == null ? "to accounts' pushUrl only" : "to " + server.options().vaspEndpoint())
          + "; delivery reports " + server.options().deliveryReports() + "; retry waits " + waits(server)
          + "; each attempt within " + pushTimeout.toMillis() + " ms, answers up to " + maxReplySize + " bytes"
          + "; DeliverReq in the account's release, else the VASP's latest, else "
          + server.options().defaultRelease().releaseName());
    } else {
      out.println("  relay:    " + (relayUrl == null ? "none (--relay-url)" : server.options().relayEndpoint()));
    }
    out.println("  script:   " + (script == null ? "none" : script + " (" + org.openmm7.stub.StubScript.class.getSimpleName()
        + ")"));
    out.println("  inbox:    " + (noInbox ? "off" : server.endpoint().resolve("/")
        + (server.options().hasInboxPassword() ? " (user \"inbox\", password required)" : " (loopback only, no password)")));
    out.println("  idle timeout: " + idleTimeout.toMillis() + " ms, minimum request body rate: "
        + (minRequestRate > 0 ? minRequestRate + " bytes/s" : "none") + ", head timeout: " + timeouts.headTimeout.toMillis()
        + " ms, body timeout: " + timeouts.bodyTimeout.toMillis() + " ms");
    out.println("Press Ctrl-C to stop.");
    out.flush();
    if (parentPid != null) {
      stopWhenEnded(parentPid, out);
    }
    return Foreground.awaitStop(stop, server, hook);
  }

  /**
   * A killed parent cannot stop its child stub, and the stub does not notice that nobody reads its
   * output: without this it would serve (and hold its port, store and memory) for ever. The JDK
   * watches a process that is not our parent by polling it (every 0.3 s at first), and tells a
   * reused PID from the process by its start time.
   */
  private void stopWhenEnded(long pid, PrintWriter out) {
    java.util.Optional<ProcessHandle> parent = ProcessHandle.of(pid);
    if (parent.isEmpty() || !parent.get().isAlive()) {
      out.println("mm7 stub: process " + pid + " (--parent-pid) is not running; stopping");
      out.flush();
      stop();
      return;
    }
    parent.get().onExit().thenRun(() -> {
      out.println("mm7 stub: process " + pid + " (--parent-pid) ended; stopping");
      out.flush();
      stop();
    });
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

  private static String waits(Mm7StubServer s) {
    List<String> w = new ArrayList<>();
    s.options().pushRetrySchedule().forEach(d -> w.add(d.toMillis() + "ms"));
    return w.toString();
  }

  static List<Account> readAccounts(Path file) throws IOException {
    List<Map<String, Object>> raw;
    byte[] bytes = org.openmm7.stub.StartFiles.readRequired(file, "the accounts file");
    try {
      raw = new ObjectMapper().readValue(bytes, new TypeReference<List<Map<String, Object>>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("the accounts file " + file + " is not a JSON list of {\"vaspId\", \"password\"}: "
          + e.getOriginalMessage(), e);
    }
    List<Account> list = new ArrayList<>();
    if (raw == null) {
      throw new IOException("the accounts file " + file + " is not a JSON list of {\"vaspId\", \"password\"}");
    }
    for (Map<String, Object> fields : raw) {
      if (fields == null) {
        throw new IOException("an account in " + file + " lacks vaspId, or both password and bearer");
      }
      Map<String, String> m = new java.util.HashMap<>();
      for (Map.Entry<String, Object> f : fields.entrySet()) {
        if (!f.getKey().equals("schemes") && f.getValue() != null) {
          if (f.getValue() instanceof Map || f.getValue() instanceof List) {
            throw new IOException("an account in " + file + ": \"" + f.getKey() + "\" is not a text");
          }
          m.put(f.getKey(), String.valueOf(f.getValue()));
        }
      }
      if (m.get("vaspId") == null || (m.get("password") == null && m.get("bearer") == null)) {
        throw new IOException("an account in " + file + " lacks vaspId, or both password and bearer");
      }
      Account a = new Account(m.get("vaspId"), m.get("password"), m.get("bearer"), null, null);
      if (fields.get("schemes") != null) {
        a = withSchemes(a, fields.get("schemes"), file);
      }
      if (m.get("release") != null) {
        String name = m.get("release");
        a = a.withRelease(org.openmm7.schema.Mm7Release.fromName(name.trim().toUpperCase(java.util.Locale.ROOT))
            .orElseThrow(() -> new IOException("account " + m.get("vaspId") + " in " + file + ": unknown release '"
                + name + "'; valid: " + Converters.Release.names())));
      }
      if (m.get("pushUrl") != null) {
        a = a.withPushUrl(java.net.URI.create(m.get("pushUrl")));
      }
      if (m.get("pushBearer") != null) {
        a = a.withPushCredentials(org.openmm7.client.Credentials.bearer(m.get("pushBearer")));
      } else if (m.get("pushUser") != null) {
        String scheme = m.getOrDefault("pushScheme", "basic").trim();
        if (!scheme.equalsIgnoreCase("basic") && !scheme.equalsIgnoreCase("digest")) {
          throw new IOException("account " + SafeText.escape(m.get("vaspId")) + " in " + file + ": pushScheme '"
              + SafeText.escape(scheme) + "' is neither basic nor digest");
        }
        String user = m.get("pushUser");
        String password = m.getOrDefault("pushPassword", "");
        a = a.withPushCredentials(scheme.equalsIgnoreCase("digest") ? org.openmm7.client.Credentials.digest(user,
            password) : org.openmm7.client.Credentials.basic(user, password));
      }
      list.add(a);
    }
    return list;
  }

  /** The account narrowed to the {@code "schemes"} field's list, e.g. {@code ["basic"]}. */
  private static Account withSchemes(Account a, Object field, Path file) throws IOException {
    String where = "account " + SafeText.escape(a.vaspId()) + " in " + file + ": ";
    if (!(field instanceof List<?> names) || names.isEmpty()) {
      throw new IOException(where + "\"schemes\" is not a list of basic, digest, bearer");
    }
    List<org.openmm7.client.Credentials.Scheme> schemes = new ArrayList<>();
    for (Object n : names) {
      if (!(n instanceof String name)) {
        throw new IOException(where + "\"schemes\" is not a list of basic, digest, bearer");
      }
      try {
        schemes.add(org.openmm7.client.Credentials.Scheme.named(name));
      } catch (IllegalArgumentException e) {
        throw new IOException(where + "unknown scheme '" + SafeText.escape(name) + "'; valid: basic, digest, bearer");
      }
    }
    try {
      return a.withSchemes(schemes.toArray(org.openmm7.client.Credentials.Scheme[]::new));
    } catch (IllegalArgumentException e) {
      throw new IOException(where + e.getMessage(), e);
    }
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.replaceAll("\\s*\\R\\s*", " ");
  }
}
