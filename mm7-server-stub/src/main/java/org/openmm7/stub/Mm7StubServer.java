package org.openmm7.stub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import org.openmm7.client.codec.DecodeProblem;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.FaultPolicy;
import org.openmm7.client.codec.Finding;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.internal.SafeText;
import org.openmm7.client.internal.auth.HttpAuthenticator;
import org.openmm7.client.internal.mime.MemoryBudget;
import org.openmm7.client.internal.soap.XmlText;
import org.openmm7.client.internal.transport.HeadDeadline;
import org.openmm7.client.internal.transport.PlainErrorHandler;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.CancelResponse;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedCancelResponse;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.ExtendedReplaceResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.ReplaceResponse;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference MM7 relay (MMSC) stub: an HTTP server that answers SubmitReq, CancelReq,
 * ReplaceReq, extendedCancelReq and extendedReplaceReq in every MM7 namespace as a relay would,
 * records every request with its raw bytes, decoded form and findings, and can be scripted.
 *
 * <pre>{@code
 * try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
 *   URI endpoint = stub.endpoint();           // http://127.0.0.1:<port>/mm7
 *   ... point the VASP code at it ...
 *   RecordedRequest r = stub.takeRequest(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>With accounts configured, credentials are checked from the headers before the body is read:
 * a request without them or with wrong ones gets a bare HTTP 401 with one {@code WWW-Authenticate}
 * challenge per scheme the accounts allow (Digest with SHA-256 and MD5 and Basic for accounts with
 * a password, Bearer for accounts with a token) and is neither decoded nor recorded; two
 * {@code Authorization} headers get 400.
 *
 * <p>How it answers (each error an RSErrorRsp in a SOAP Fault, HTTP 500, in the request's
 * namespace, with its TransactionID): 4001 in strict mode for a SenderIdentification/VASPID that
 * is not the authenticated account (lenient mode records the finding {@code vaspid-mismatch}); for
 * a message it cannot decode, the status of the decoder's reason in the table of
 * {@link DecodeProblem} (2004 for a body over the size limit or too many MIME parts; 2007 for a
 * message that cannot be read: not well-formed, not SOAP, broken MIME, over one of the XML reader's
 * bounds; 4002 for a namespace that is no MM7 release, a pre-3GPP dialect or SOAP 1.2; 4004 for
 * schema violations); 4003 for an operation a relay does not accept (DeliverReq, responses, ...);
 * 2005 for a MessageID it does not know (or that another VASP submitted). In strict mode a message
 * with a finding of severity {@link org.openmm7.client.codec.Severity#VIOLATION} is refused too,
 * with the first violation's status from the same table, and the fault names each violation and the
 * rule it breaks; deviations and informational findings are never refused ({@link #policy(boolean)},
 * the table in src/docs/findings.md).
 *
 * <p>Bounded by construction: a body is read as it arrives without a thread waiting for it (a
 * slow sender costs a socket and what it has sent, never a thread); it must arrive within {@link
 * Builder#bodyTimeout} (default 60 s) and at {@link Builder#minRequestDataRate} on average, or it
 * gets a plain 408. A Content-Length over the limit is answered 2004 before a byte of the body is
 * read. Every body byte kept in memory, arriving or recorded, counts against one budget ({@link
 * Builder#recordingMemory}); beyond it bodies go to files. A body that cannot be read to its end
 * (the client stopped sending, or sent less than its Content-Length) gets a plain 400; a transfer
 * coding other than chunked a plain 501; broken HTTP framing is refused by Jetty before any of
 * this (400, 431), as a bare line of text. Whatever fails inside (decoder, dispatcher, store,
 * encoder), the answer is an MM7 fault 3000, never an HTML page or a Java class name. A
 * connection silent for longer than the idle timeout (default 30 s) is closed.
 *
 * <p>Thread-safe. {@link #close()} stops it; recorded bodies kept in temporary files are deleted.
 */
public final class Mm7StubServer implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(Mm7StubServer.class);
  private static final int MEMORY_THRESHOLD = 1024 * 1024;
  private static final Pattern TX_ID = Pattern.compile("TransactionID[^>]*>\\s*([^<\\s][^<]*?)\\s*<");
  private static final Pattern NAMESPACE =
      Pattern.compile(Pattern.quote(Mm7Release.NAMESPACE_PREFIX) + "(REL-\\d+-MM7-\\d+-\\d+)");
  private final Builder options;
  private final Mm7Codec codec;
  /**
   * For a body the budget sent to a file: every identity-encoded part over 16 KiB stays a range of
   * that file instead of becoming a copy in memory, which the recording would keep outside the
   * budget (a recording's message lives as long as the recording).
   */
  private final Mm7Codec spooledCodec;
  private final Mm7Codec encoder = Mm7Codec.lenient();
  /** What every recorded body kept in memory takes from. */
  private final MemoryBudget recordingBudget;
  /** A fault 3000 encoded at start: the answer when even encoding the fault fails. */
  private final FixedAnswer lastResortFault;
  private final Authenticator authenticator;
  private final MessageStore store;
  /** Where large bodies are spooled: this process's directory under {@code <store>/spool} or the system's temporary directory. */
  private final Path spool;
  private final BlockingQueue<RecordedRequest> taken = new LinkedBlockingQueue<>();
  /** Guarded by itself; a deque, not a copy-on-write list: adding must not copy 10 000 entries per request. */
  private final ArrayDeque<RecordedRequest> recorded = new ArrayDeque<>();
  private final ConcurrentLinkedQueue<StubReply> replies = new ConcurrentLinkedQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger activeBodies = new java.util.concurrent.atomic.AtomicInteger();
  private volatile Dispatcher dispatcher = Dispatcher.RELAY;
  private final PushManager pushes;
  private final RelayCaller vaspActions;
  private final VaspSide dedup = new VaspSide();
  /** The inbox's pushes when a test sets a fake one; otherwise pushes(). */
  private volatile Pushes inboxPushes;
  /** The clock that paces wrong inbox passwords (milliseconds, monotonic); tests set a controllable one. */
  private volatile java.util.function.LongSupplier inboxClock = () -> System.nanoTime() / 1_000_000;
  private volatile java.util.function.Consumer<String> stageHook = stage -> { };
  private Server server;
  private ServerConnector connector;
  private ServerConnector tlsConnector;

  private Mm7StubServer(Builder b) throws IOException {
    this.options = b.copy();
    if (b.inbox) {
      org.openmm7.stub.inbox.InboxHandler.requirePasswordUnlessLoopback(b.host, b.inboxPassword);
    }
    // the store first: a store directory that cannot be written is the error to report
    this.store = new MessageStore(b.storeDirectory);
    this.spool = spoolDirectory(b.storeDirectory);
    // lenient always: strict mode is decided from the findings, so a refusal can name all of them
    this.codec = Mm7Codec.builder().strict(false).maxMessageSize(b.maxMessageSize)
        .memoryThreshold(MEMORY_THRESHOLD).tempDirectory(spool).build();
    this.spooledCodec = Mm7Codec.builder().strict(false).maxMessageSize(b.maxMessageSize)
        .memoryThreshold(16 * 1024).tempDirectory(spool).build();
    this.authenticator = new Authenticator(b.accounts);
    if (b.httpsKeyStore != null) {
      Tls.check(b.httpsKeyStore, b.httpsPassword);
    }
    this.pushes = new PushManager(this.options, store, encoder);
    this.vaspActions = new RelayCaller(this.options, encoder);
    this.recordingBudget = b.recordingMemory < 0 ? BodyBuffer.SHARED : MemoryBudget.of(b.recordingMemory);
    this.lastResortFault = FixedAnswer.of(encoder, Mm7Envelope.of("", Mm7Release.latest(),
        fault(Mm7Status.SERVER_ERROR, "Server error", null)));
  }

  /** An answer encoded once. */
  private record FixedAnswer(String contentType, byte[] body) {
    static FixedAnswer of(Mm7Codec encoder, Mm7Envelope envelope) throws IOException {
      EncodedMessage enc = encoder.encode(envelope);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      enc.writeTo(out);
      return new FixedAnswer(enc.contentType(), out.toByteArray());
    }
  }

  /**
   * Large bodies and the codec's temporary files go to a directory of this process's own
   * ({@link SpoolDirectory}): under {@code <store>/spool} with a store directory, else under the
   * system's temporary directory. What a killed stub left there is removed at the next start
   * (recordings do not outlive the process; the store's own files are elsewhere).
   */
  private static Path spoolDirectory(Path storeDirectory) throws IOException {
    if (storeDirectory == null) {
      return SpoolDirectory.underSystemTemp();
    }
    Path parent = storeDirectory.resolve("spool");
    StartFiles.requireWritableDirectory(parent, "the spool directory");
    // files an earlier version spooled straight into <store>/spool
    try (java.nio.file.DirectoryStream<Path> ds = java.nio.file.Files.newDirectoryStream(parent, "mm7-*")) {
      for (Path p : ds) {
        if (java.nio.file.Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          java.nio.file.Files.deleteIfExists(p);
        }
      }
    }
    return SpoolDirectory.claim(parent);
  }

  /** How much of an over-size body is read and dropped after answering 2004. */
  private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

  public static Builder builder() {
    return new Builder();
  }

  // ---- life cycle ----

  /** Starts listening. Fails with {@link BindException} (an IOException) when the port is taken. */
  public synchronized Mm7StubServer start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    QueuedThreadPool pool = new QueuedThreadPool(options.maxThreads, 2);
    pool.setName("mm7-stub");
    pool.setDaemon(true);
    Server s = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    boolean tlsOnly = options.httpsKeyStore != null && options.httpsPort < 0;
    ServerConnector c = tlsOnly ? Tls.connector(s, http, options.httpsKeyStore, options.httpsPassword)
        : new ServerConnector(s, new HttpConnectionFactory(http));
    c.setHost(options.host);
    c.setPort(options.port);
    c.setIdleTimeout(options.idleTimeout.toMillis());
    HeadDeadline.install(c, options.headTimeout);
    s.addConnector(c);
    ServerConnector tls = tlsOnly ? c : null;
    if (options.httpsKeyStore != null && options.httpsPort >= 0) {
      tls = Tls.connector(s, http, options.httpsKeyStore, options.httpsPassword);
      tls.setHost(options.host);
      tls.setPort(options.httpsPort);
      tls.setIdleTimeout(options.idleTimeout.toMillis());
      HeadDeadline.install(tls, options.headTimeout);
      s.addConnector(tls);
    }
    s.setErrorHandler(new PlainErrorHandler()); // Jetty's own answers (bad framing, ...) as a bare line, never HTML
    s.setHandler(options.inbox ? new org.openmm7.stub.inbox.InboxHandler(this, new Mm7Handler(), options.path,
        options.inboxPassword, () -> inboxPushes != null ? inboxPushes : pushes, () -> inboxClock.getAsLong())
        : new Mm7Handler());
    s.setStopTimeout(0); // close() is immediate: a stub is stopped when a test ends, mid-exchange or not
    try {
      s.start();
    } catch (IOException e) {
      stopQuietly(s);
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException) {
          BindException b = new BindException("cannot listen on " + options.host + ":" + options.port + ": "
              + t.getMessage());
          b.initCause(e);
          throw b;
        }
      }
      throw e;
    } catch (Exception e) {
      stopQuietly(s);
      throw new IOException("cannot start the MM7 stub: " + e.getMessage(), e);
    }
    server = s;
    connector = c;
    tlsConnector = tls;
    pushes.start();
    log.info("MM7 stub {} listening on {}{} ({} mode)", options.role == Role.VASP ? "VASP" : "relay", endpoint(),
        tls != null && tls != c ? " and " + httpsEndpoint() : "", options.strict ? "strict" : "lenient");
    return this;
  }

  private static void stopQuietly(Server s) {
    try {
      s.stop();
    } catch (Exception ignored) {
      // already failing
    }
  }

  /** The relay's URI, e.g. {@code http://127.0.0.1:41234/mm7}. */
  public URI endpoint() {
    if (connector == null) {
      throw new IllegalStateException("not started");
    }
    String host = options.host.contains(":") ? "[" + options.host + "]" : options.host;
    if (host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    }
    return URI.create((connector == tlsConnector ? "https" : "http") + "://" + host + ":" + connector.getLocalPort()
        + options.path);
  }

  /** The HTTPS URI when a key store was given ({@link Builder#https}), else null. */
  public URI httpsEndpoint() {
    if (tlsConnector == null) {
      return null;
    }
    return URI.create(endpoint().toString().replaceFirst("^https?://([^/]*):\\d+", "https://$1:"
        + tlsConnector.getLocalPort()));
  }

  /** Which side of MM7 this stub plays. */
  public Role role() {
    return options.role;
  }

  /** What the stub pushes to VASPs (delivery reports, read replies, DeliverReq), with their history. */
  public Pushes pushes() {
    return pushes;
  }

  /** What the stub, as the VASP, sends to a relay on demand (SubmitReq, CancelReq, ReplaceReq). */
  public VaspActions vaspActions() {
    return vaspActions;
  }

  /** The port listened on (the one chosen when built with port 0). */
  public int port() {
    return endpoint().getPort();
  }

  public boolean isStrict() {
    return options.strict;
  }

  /** The options this stub was built with (copy). */
  public Builder options() {
    return options.copy();
  }

  /**
   * Stops the server and pushes and forgets the recorded requests; those a test still holds stay
   * readable, except bodies kept in temporary files (over 1 MB when the memory budget is spent).
   */
  @Override
  public synchronized void close() {
    pushes.close();
    if (server != null) {
      try {
        server.stop();
      } catch (Exception e) {
        log.warn("stopping the MM7 stub: {}", e.toString());
      }
      server = null;
    }
    clearRecordings();
  }

  // ---- scripting ----

  /** Queues a reply: the next request gets it instead of the dispatcher's. */
  public void enqueue(StubReply reply) {
    replies.add(Objects.requireNonNull(reply, "reply"));
  }

  /** Replaces the dispatcher consulted when the queue is empty ({@link Dispatcher#RELAY} by default). */
  public void setDispatcher(Dispatcher dispatcher) {
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
  }

  /**
   * Forgets queued replies, the dispatcher and the recorded requests; the store is kept. A recording
   * a test still holds stays readable (its memory is left to the collector, not reused), except a
   * body the memory budget had sent to a temporary file, which is deleted.
   */
  public void reset() {
    replies.clear();
    dispatcher = Dispatcher.RELAY;
    dedup.clear();
    clearRecordings();
  }

  /** Forgets every recording: the budget is given back, what a test holds stays readable (files aside). */
  private void clearRecordings() {
    List<RecordedRequest> old;
    synchronized (recorded) {
      old = new ArrayList<>(recorded);
      recorded.clear();
      taken.clear();
    }
    sequence.set(0);
    for (RecordedRequest r : old) {
      r.forget();
    }
  }

  /** The clock that paces wrong inbox passwords (package-private hook, for tests). */
  void inboxClock(java.util.function.LongSupplier clockMillis) {
    this.inboxClock = clockMillis;
  }

  /** What the recordings and the bodies arriving hold of the memory budget now (for tests). */
  long recordingMemoryHeld() {
    return recordingBudget.capacity() - recordingBudget.available();
  }

  /** How many request bodies are arriving now (for tests). */
  int activeBodies() {
    return activeBodies.get();
  }

  /** Called with "decode" and "encode" before those stages (package-private hook: tests make them fail). */
  void stageHook(java.util.function.Consumer<String> hook) {
    this.stageHook = hook;
  }

  /** Where the inbox's buttons and form send pushes (package-private hook, for tests). */
  void inboxPushes(Pushes pushes) {
    this.inboxPushes = pushes;
  }

  /** A failure point before each store write (package-private hook, for tests of a full disk). */
  void storeWriteFault(MessageStore.WriteFault fault) {
    store.writeFault(fault);
  }

  // ---- recordings ----

  /** The next request not yet taken, waiting up to the timeout; null when none came. */
  public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
    return taken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Every request since start or reset, in order of arrival. */
  public List<RecordedRequest> requests() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  /** Per VASP: requests, how many had findings or were unreadable, and finding counts by code. */
  public Map<String, VaspConformance> conformance() {
    return conformanceOf(requests());
  }

  static Map<String, VaspConformance> conformanceOf(Collection<RecordedRequest> requests) {
    Map<String, int[]> counts = new TreeMap<>();
    Map<String, Map<String, Integer>> codes = new TreeMap<>();
    for (RecordedRequest r : requests) {
      String vasp = r.vaspId() == null ? "(unknown)" : r.vaspId();
      int[] c = counts.computeIfAbsent(vasp, k -> new int[2]);
      c[0]++;
      List<String> problems = r.problemCodes();
      if (!problems.isEmpty()) {
        c[1]++;
      }
      Map<String, Integer> byCode = codes.computeIfAbsent(vasp, k -> new TreeMap<>());
      problems.forEach(p -> byCode.merge(p, 1, Integer::sum));
    }
    Map<String, VaspConformance> out = new LinkedHashMap<>();
    counts.forEach((v, c) -> out.put(v, new VaspConformance(v, c[0], c[1], codes.get(v))));
    return out;
  }

  // ---- store ----

  /** Every accepted message (including those loaded from the store directory at build time). */
  public List<StoredMessage> storedMessages() {
    return store.all();
  }

  /** An accepted message by its MessageID, or null. */
  public StoredMessage storedMessage(String messageId) {
    return store.get(messageId);
  }

  // ---- handling ----

  /**
   * The MM7 endpoint. The body is read as it arrives ({@link BodyArrival}) with no thread waiting
   * for it; the thread that brings its last piece decodes, records and answers. Whatever fails
   * inside, the answer is MM7 (a fault 3000) or a bare 4xx/5xx, never Jetty's error page.
   */
  private final class Mm7Handler extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      try {
        String path = Request.getPathInContext(request);
        if (!path.equals(options.path)) {
          writePlain(response, callback, 404, "no MM7 endpoint here; POST to " + options.path + "\n");
          return true;
        }
        if (!"POST".equals(request.getMethod())) {
          response.getHeaders().put(HttpHeader.ALLOW, "POST");
          writePlain(response, callback, 405, "MM7 requests are POSTed\n");
          return true;
        }
        String coding = unappliedCoding(request);
        if (coding != null) {
          // RFC 9112 6.1: a transfer coding the server does not apply is 501; Jetty only undoes chunked
          log.info("request from {} refused: Transfer-Encoding {}", Request.getRemoteAddr(request), coding);
          response.getHeaders().put(HttpHeader.CONNECTION, "close");
          writePlain(response, callback, 501, "the transfer coding '" + coding + "' is not supported (only chunked)\n");
          return true;
        }
        if (authenticator.enabled()) {
          // from the headers alone, before a byte of the body is read: a stranger's request is
          // neither decoded nor recorded, so it cannot push real ones out of the recordings
          HttpAuthenticator.Outcome outcome = authenticator.check(request);
          if (!(outcome instanceof HttpAuthenticator.Authenticated ok)) {
            refuse(request, response, callback, outcome);
            return true;
          }
          request.setAttribute(AUTHENTICATED_VASP, ok.user());
        }
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > options.maxMessageSize) {
          // refused at once from its Content-Length: no byte of the body is read before the answer
          arrived(request, response, callback, BodyBuffer.empty(), true);
          return true;
        }
        activeBodies.incrementAndGet();
        new BodyArrival(request, options.maxMessageSize, declared, recordingBudget, spool, options.minRequestDataRate,
            (arrival, end) -> {
              activeBodies.decrementAndGet();
              arrived(request, response, callback, arrival, end);
            }).start(options.bodyTimeout);
      } catch (Throwable t) {
        lastResort(request, response, callback, null, t);
      }
      return true;
    }
  }

  /** The first transfer coding other than chunked, or null (Jetty reads "gzip, chunked" as chunked alone). */
  private static String unappliedCoding(Request request) {
    for (String coding : request.getHeaders().getCSV(HttpHeader.TRANSFER_ENCODING, false)) {
      if (!coding.trim().equalsIgnoreCase("chunked")) {
        return coding.trim();
      }
    }
    return null;
  }

  private void arrived(Request request, Response response, Callback callback, BodyArrival arrival,
      BodyArrival.End end) {
    try {
      switch (end) {
        case COMPLETE, TOO_LARGE -> arrived(request, response, callback, arrival.body(), end == BodyArrival.End.TOO_LARGE);
        case SPOOL_FAILED -> {
          // the server's disk, not the client: an MM7 fault it may retry, never a 400 blaming its body
          log.warn("request from {} not recorded: {}", Request.getRemoteAddr(request), arrival.problem());
          response.getHeaders().put(HttpHeader.CONNECTION, "close");
          unavailable(arrival.spoolHead(), response, callback);
        }
        case TOO_SLOW, TIMED_OUT -> {
          log.info("request from {} cut off: {}", Request.getRemoteAddr(request), arrival.problem());
          response.getHeaders().put(HttpHeader.CONNECTION, "close");
          writePlain(response, callback, 408, arrival.problem() + "\n");
        }
        default -> {
          // the client went away, or sent less than it declared
          log.debug("request body unreadable: {}", arrival.problem());
          response.getHeaders().put(HttpHeader.CONNECTION, "close");
          writePlain(response, callback, 400, "the request body could not be read to its end (broken chunked framing"
              + " or a body shorter than its Content-Length)\n");
        }
      }
    } catch (Throwable t) {
      lastResort(request, response, callback, null, t);
    }
  }

  /** @param tooLarge whether the body was refused before its end (declared or found over the limit) */
  private void arrived(Request request, Response response, Callback callback, BodyBuffer body, boolean tooLarge) {
    RecordedRequest r = null;
    VaspSide.Key key = null;
    boolean first = false; // whether this request is the one the same requests in progress wait for
    try {
      r = record(request, body, tooLarge);
      if (options.role == Role.RELAY && r.message() instanceof org.openmm7.client.message.Mm7Request) {
        pushes.requestFrom(r.vaspId(), r.release()); // DeliverReqs to this VASP go in the release it speaks
      }
      StubReply reply = null;
      key = options.role == Role.VASP ? VaspSide.key(r) : null;
      java.util.concurrent.CompletableFuture<VaspSide.Answered> same = key == null ? null : dedup.begin(key);
      first = key != null && same == null;
      VaspSide.Answered before = same == null ? null : dedup.await(same, () -> stageHook.accept("dedup-wait"));
      if (before != null) {
        r.duplicateOf(before.sequence());
        reply = StubReply.message(before.response());
      }
      String claimed = vaspIdOf(r.message());
      if (r.authenticated() && claimed != null && !claimed.trim().equals(r.vaspId())) {
        r.addFinding(new Finding(DecodeProblem.VASPID_MISMATCH, "SenderIdentification/VASPID", "VASPID "
            + SafeText.escape(claimed.trim()) + " is not the account the request authenticated as ("
            + r.vaspId() + ")"));
      }
      if (before == null && key != null && dedup.seen(key)) {
        r.addFinding(new Finding(DecodeProblem.REUSED_TRANSACTION_ID, "SOAP Header/TransactionID", "TransactionID "
            + r.transactionId() + " came with another " + r.operation().elementName() + " before; this one"
            + " differs, so it is handled as a new request, not as a retry"));
      }
      if (reply == null) {
        reply = replies.poll();
      }
      if (reply == null) {
        try {
          reply = dispatcher.dispatch(r);
        } catch (RuntimeException e) {
          log.warn("the dispatcher failed on {}; answering 3000", r, e);
          reply = StubReply.message(fault(Mm7Status.SERVER_ERROR, "Server error: the stub's dispatcher failed: " + e,
              null));
        }
        if (reply == null) {
          reply = StubReply.relay();
        }
      }
      Callback done = callback;
      if (tooLarge) {
        // the client may still be sending: the answer goes first, then a bounded rest is read and
        // dropped (a client that waits for "100 Continue" sends nothing more)
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        if (!request.getHeaders().contains(HttpHeader.EXPECT, "100-continue")) {
          done = Callback.from(() -> BodyArrival.drain(request, DRAIN_LIMIT, callback), callback::failed);
        }
      }
      send(r, reply, request, response, done, before == null ? key : null, before);
    } catch (Throwable t) {
      if (r == null) {
        body.discard();
      }
      lastResort(request, response, callback, r, t);
    } finally {
      if (first) {
        dedup.finish(key);
      }
    }
  }

  /**
   * The answer of last resort, when something failed inside (the decoder, the dispatcher, the
   * store, the encoder, even an OutOfMemoryError): a fault 3000 in the request's release with its
   * TransactionID made writable, else the fault encoded at start; never Jetty's error page.
   */
  private void lastResort(Request request, Response response, Callback callback, RecordedRequest r, Throwable t) {
    log.error("the MM7 stub failed on a request from {}{}; answering 3000", Request.getRemoteAddr(request),
        r == null ? "" : " (" + r + ")", t);
    if (response.isCommitted()) {
      callback.failed(t); // the answer has begun: nothing else can be said, the connection is closed
      return;
    }
    byte[] body;
    String contentType;
    try {
      ErrorResponse fault = fault(Mm7Status.SERVER_ERROR, "Server error: the stub could not handle the request", null);
      String tx = r == null || r.transactionId() == null ? "" : XmlText.writable(r.transactionId());
      EncodedMessage enc = encoder.encode(Mm7Envelope.of(tx, r == null ? Mm7Release.latest() : r.release(), fault));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      enc.writeTo(out);
      body = out.toByteArray();
      contentType = enc.contentType();
      if (r != null) {
        if (r.response() == null) {
          r.response(new RecordedRequest.SentResponse(500, fault, body, StubReply.relay()));
        }
        remember(r); // a request that failed inside is recorded all the same
      }
    } catch (Throwable again) {
      body = lastResortFault.body();
      contentType = lastResortFault.contentType();
    }
    try {
      response.reset();
      response.setStatus(500);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      response.write(true, ByteBuffer.wrap(body), callback);
    } catch (Throwable again) {
      callback.failed(t);
    }
  }

  /** 4006 in the namespace and with the TransactionID found at the start of the body (the latest release when none is). */
  private void unavailable(String head, Response response, Callback callback) throws IOException {
    Matcher m = TX_ID.matcher(head);
    Mm7Release release = releaseIn(head);
    ErrorResponse fault = fault(Mm7Status.SERVICE_UNAVAILABLE,
        "Service unavailable: the request could not be kept; try again later", null);
    EncodedMessage enc = encoder.encode(Mm7Envelope.of(m.find() ? XmlText.writable(m.group(1)) : "",
        release == null ? Mm7Release.latest() : release, fault));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    enc.writeTo(out);
    response.setStatus(500);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, enc.contentType());
    response.write(true, ByteBuffer.wrap(out.toByteArray()), callback);
  }

  /** The release of the first MM7 namespace in {@code text} (the latest of its major release when unknown), or null. */
  private static Mm7Release releaseIn(String text) {
    Matcher n = NAMESPACE.matcher(text);
    if (!n.find()) {
      return null;
    }
    return Mm7Release.fromNamespace(n.group()).orElseGet(() -> Mm7Release.fromName(
        n.group(1).replaceFirst("-\\d+-\\d+$", "-1-0")).map(Mm7StubServer::latestOfMajor).orElse(Mm7Release.latest()));
  }

  /** The request attribute holding the account a request authenticated as. */
  private static final String AUTHENTICATED_VASP = Mm7StubServer.class.getName() + ".vasp";
  /** The largest body read (and dropped) after a 401, so that the connection can carry the next attempt. */
  private static final int DRAIN_AFTER_REFUSAL = 64 * 1024;

  /**
   * Answers a request without valid credentials: a bare 401 with one challenge per scheme the
   * accounts allow (as relays do: Mbuni's {@code Basic realm="..."}), or 400 for two Authorization
   * headers. A body of up to 64 KiB is read and dropped after the answer, without holding a thread,
   * so that the connection can carry the client's next attempt; a larger one, or one of unknown
   * length, is left unread and the connection closed.
   */
  private void refuse(Request request, Response response, Callback callback, HttpAuthenticator.Outcome outcome) {
    long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    boolean waitsForContinue = request.getHeaders().contains(HttpHeader.EXPECT, "100-continue");
    Callback done = callback;
    if (declared > 0 && declared <= DRAIN_AFTER_REFUSAL && !waitsForContinue) {
      done = Callback.from(() -> BodyArrival.drain(request, DRAIN_AFTER_REFUSAL, callback), callback::failed);
    } else if (declared != 0) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    if (outcome instanceof HttpAuthenticator.Refused refused) {
      log.info("MM7 request from {} refused with 401: {}", Request.getRemoteAddr(request), refused.reason());
      for (String challenge : authenticator.challenges(refused.stale())) {
        response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, challenge);
      }
      writePlain(response, done, 401, "missing or wrong credentials\n");
    } else {
      String reason = ((HttpAuthenticator.Malformed) outcome).reason();
      log.info("MM7 request from {} refused with 400: {}", Request.getRemoteAddr(request), reason);
      writePlain(response, done, 400, reason + "\n");
    }
  }

  private static void writePlain(Response response, Callback callback, int status, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    try {
      response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    } catch (IllegalStateException e) {
      // Jetty throws this when the exchange already ended (a client that went away while its body
      // arrived): there is nobody to answer, and it is not a failure of the stub (was logged as
      // an ERROR with a 3000 answer attempted on the dead exchange)
      log.debug("no answer {}: the exchange had already ended ({})", status, e.getMessage());
    }
  }

  /** @param tooLarge whether the body is over the limit (and was read at most up to it) */
  private RecordedRequest record(Request request, BodyBuffer body, boolean tooLarge) throws IOException {
    Instant now = Instant.now();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    StringBuilder head = new StringBuilder();
    head.append(request.getMethod()).append(' ').append(request.getHttpURI().getPathQuery()).append(' ')
        .append(request.getConnectionMetaData().getProtocol()).append("\r\n");
    for (HttpField f : request.getHeaders()) {
      String value = f.getValue();
      if (f.getHeader() == HttpHeader.AUTHORIZATION) {
        int sp = value.indexOf(' ');
        value = (sp > 0 ? value.substring(0, sp) : value) + " ***";
      }
      // loops rather than lambdas on this path: each lambda is a class spun on a JVM's first request
      List<String> values = headers.get(f.getLowerCaseName());
      if (values == null) {
        values = new ArrayList<>(1);
        headers.put(f.getLowerCaseName(), values);
      }
      values.add(value);
      head.append(f.getName()).append(": ").append(value).append("\r\n");
    }
    head.append("\r\n");
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      e.setValue(List.copyOf(e.getValue()));
    }
    String authenticatedVasp = (String) request.getAttribute(AUTHENTICATED_VASP);

    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    List<String> contentTypes = request.getHeaders().getValuesList(HttpHeader.CONTENT_TYPE);
    Decoded out = new Decoded();
    if (tooLarge) {
      out.rejection = DecodeProblem.SIZE_LIMIT_EXCEEDED.code();
      out.rejectionMessage = "the message is larger than the limit of " + options.maxMessageSize + " bytes";
    } else if (disagree(contentTypes)) {
      out.rejection = DecodeProblem.AMBIGUOUS_CONTENT_TYPE.code();
      out.rejectionMessage = "the request has Content-Type headers that disagree: " + contentTypes;
    } else {
      stageHook.accept("decode");
      out.decode(body.inMemory() ? codec : spooledCodec, contentType, body.openForDecode());
    }
    body.settle();
    Mm7Message message = out.message;
    String tx = out.tx;
    String namespace = out.namespace;
    Mm7Release release = out.release;
    if (message == null) {
      String text = peek(body);
      Matcher m = TX_ID.matcher(text);
      if (m.find()) {
        tx = m.group(1);
      }
      Matcher n = NAMESPACE.matcher(text);
      if (n.find()) {
        namespace = n.group();
        release = releaseIn(text);
      }
      if (release == null) {
        release = Mm7Release.latest();
      }
    }
    String vaspId = authenticatedVasp;
    if (vaspId == null && !authenticator.enabled()) {
      vaspId = vaspIdOf(message);
    }
    RecordedRequest r = new RecordedRequest(sequence.incrementAndGet(), now, request.getMethod(),
        Request.getPathInContext(request), Map.copyOf(headers), head.toString(), body, vaspId,
        authenticatedVasp != null, message, tx, namespace, release, out.findings, out.rejection,
        out.rejectionMessage);
    r.storeSummary(out.summary);
    return r;
  }

  /** What decoding a request body gave: the message and what the answer needs, or why it was refused. */
  private final class Decoded {
    Mm7Message message;
    String tx;
    String namespace;
    Mm7Release release;
    List<Finding> findings = List.of();
    String rejection;
    String rejectionMessage;
    ObjectNode summary;

    void decode(Mm7Codec codec, String contentType, InputStream body) {
      try (DecodedMessage d = codec.decode(contentType, body)) {
        message = d.message();
        tx = d.transactionId();
        namespace = d.namespace();
        release = d.envelope().release();
        findings = d.findings();
        if (store.directory() != null) {
          // the store's summary from this decode, not from a second one (a second pass over a 1 GB body)
          summary = summaryOf(d);
        }
      } catch (Mm7DecodeException e) {
        rejection = e.reason();
        rejectionMessage = e.getMessage();
      } catch (IOException | RuntimeException e) {
        rejection = DecodeProblem.NOT_WELL_FORMED.code();
        rejectionMessage = String.valueOf(e.getMessage());
      }
    }
  }

  /** Whether the header's values are not all the same (ignoring surrounding white space). */
  private static boolean disagree(List<String> values) {
    for (String v : values) {
      if (!v.trim().equals(values.get(0).trim())) {
        return true;
      }
    }
    return false;
  }

  private static Mm7Release latestOfMajor(Mm7Release any) {
    Mm7Release best = any;
    String major = any.releaseName().substring(0, any.releaseName().indexOf("-MM7"));
    for (Mm7Release rel : Mm7Release.values()) {
      if (rel.releaseName().startsWith(major + "-") && rel.isAtLeast(best)) {
        best = rel;
      }
    }
    return best;
  }

  private static String peek(BodyBuffer body) {
    try (InputStream in = body.open()) {
      return new String(in.readNBytes(65536), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  private static String vaspIdOf(Mm7Message m) {
    if (m instanceof SubmitRequest s) {
      return s.vaspId();
    } else if (m instanceof CancelRequest c) {
      return c.vaspId();
    } else if (m instanceof ReplaceRequest c) {
      return c.vaspId();
    } else if (m instanceof ExtendedCancelRequest c) {
      return c.vaspId();
    } else if (m instanceof ExtendedReplaceRequest c) {
      return c.vaspId();
    }
    return null;
  }

  /**
   * @param dedupKey the retry key to remember this answer under (VASP role, first time), or null
   * @param same     the answer given to the same request before, sent again byte for byte, or null
   */
  private void send(RecordedRequest r, StubReply reply, Request request, Response response, Callback callback,
      VaspSide.Key dedupKey, VaspSide.Answered same) throws Exception {
    int httpStatus;
    Mm7Response message = null;
    byte[] body;
    String contentType = null;
    switch (reply.kind()) {
      case RELAY:
      case MESSAGE: {
        if (same != null) {
          message = same.response();
          body = same.body();
          contentType = same.contentType();
          httpStatus = 200;
          break;
        }
        if (reply.kind() == StubReply.Kind.MESSAGE) {
          message = reply.message();
        } else if (reply.status() != null && reply.status().code() >= 2000) {
          // a scripted error: the role's error response, whatever the request held
          message = fault(reply.status(), ResponseStatus.of(reply.status()).text(), null);
        } else {
          try {
            message = answer(r, reply.status());
          } catch (IOException e) {
            // never 1000 without the message stored (and its reports journalled), never a framework
            // page: an MM7 fault; a retry may store it twice, which beats losing it
            log.warn("{} not stored, answered 4006: {}", r, e.getMessage());
            message = fault(Mm7Status.SERVICE_UNAVAILABLE,
                "Service unavailable: the message could not be stored; try again later", null);
            dedupKey = null; // a retry must be tried again, not given this answer
          }
        }
        stageHook.accept("encode");
        // a TransactionID sniffed from an unreadable body may hold what XML cannot carry (NUL, ...)
        EncodedMessage enc = encoder.encode(
            Mm7Envelope.of(r.transactionId() == null ? "" : XmlText.writable(r.transactionId()), r.release(), message));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        enc.writeTo(out);
        body = out.toByteArray();
        contentType = enc.contentType();
        httpStatus = reply.httpStatus() != 0 ? reply.httpStatus() : message instanceof ErrorResponse ? 500 : 200;
        break;
      }
      case EMPTY:
        httpStatus = reply.httpStatus();
        body = new byte[0];
        break;
      case RAW:
        httpStatus = reply.httpStatus();
        body = reply.body();
        contentType = reply.contentType();
        break;
      case CONNECTION_RESET:
      default:
        httpStatus = 0;
        body = new byte[0];
        break;
    }
    r.response(new RecordedRequest.SentResponse(httpStatus, message, body, reply));
    if (dedupKey != null) {
      // before the answer goes out: a retry sent as soon as the first answer arrives must find it
      dedup.answered(dedupKey, r, contentType);
    }
    remember(r);
    log.debug("{}", r);
    if (!reply.delay().isZero()) {
      Thread.sleep(reply.delay().toMillis());
    }
    if (reply.kind() == StubReply.Kind.CONNECTION_RESET) {
      // close the socket under the exchange: the client sees the connection end without an answer
      request.getConnectionMetaData().getConnection().getEndPoint().close();
      callback.succeeded();
      return;
    }
    response.setStatus(httpStatus);
    if (contentType != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** Adds a request to the recordings (once), forgetting the oldest beyond maxRecordedRequests. */
  private void remember(RecordedRequest r) {
    if (!r.markRemembered()) {
      return;
    }
    List<RecordedRequest> forgotten = null;
    synchronized (recorded) {
      recorded.addLast(r);
      taken.add(r);
      while (recorded.size() > options.maxRecordedRequests) {
        RecordedRequest oldest = recorded.removeFirst();
        taken.remove(oldest);
        if (forgotten == null) {
          forgotten = new ArrayList<>(1);
        }
        forgotten.add(oldest);
      }
    }
    if (forgotten != null) {
      // a recording is a value: what a test holds stays readable (its blocks are not reused);
      // file deletes outside the lock
      forgotten.forEach(RecordedRequest::forget);
    }
  }

  /** What the stub answers: the whole decision table, and the store's changes made durable first. */
  private Mm7Response answer(RecordedRequest r, Mm7Status override) throws IOException {
    if (r.rejection() != null) {
      return fault(FaultPolicy.refusal(DecodeProblem.of(r.rejection()), r.rejectionMessage()));
    }
    if (options.strict) {
      for (Finding f : r.findings()) {
        if (f.problem().equals(DecodeProblem.VASPID_MISMATCH)) {
          // what HTTP authentication cannot express: the credentials are right, the claim in the body is not
          return fault(FaultPolicy.refusal(DecodeProblem.VASPID_MISMATCH, f.message()));
        }
      }
    }
    Optional<FaultPolicy.Refusal> refusal = policy(options.strict).judge(r.findings());
    if (refusal.isPresent()) {
      return fault(refusal.get());
    }
    Mm7Message m = r.message();
    ResponseStatus ok = override == null ? ResponseStatus.SUCCESS : ResponseStatus.of(override);
    if (options.role == Role.VASP) {
      return VaspSide.vaspAnswer(r, ok, store, () -> r.storeSummary() != null ? r.storeSummary() : summary(r));
    }
    if (m instanceof SubmitRequest s) {
      String id = store.newMessageId();
      store.accept(new StoredMessage(id, r.vaspId(), r.transactionId(), r.release().releaseName(), r.receivedAt(),
          StoredMessage.State.ACCEPTED, 0), r, () -> r.storeSummary() != null ? r.storeSummary() : summary(r));
      pushes.submitted(id, r, s);
      return SubmitResponse.builder().status(ok).messageId(id).build();
    } else if (m instanceof CancelRequest c) {
      return cancel(r, c.messageId()) ? CancelResponse.builder().status(ok).build() : notFound(c.messageId());
    } else if (m instanceof ExtendedCancelRequest c) {
      return cancel(r, c.cancelId()) ? ExtendedCancelResponse.builder().status(ok).build() : notFound(c.cancelId());
    } else if (m instanceof ReplaceRequest c) {
      StoredMessage s = owned(r, c.messageId());
      if (s == null) {
        return notFound(c.messageId());
      }
      if (s.state() != StoredMessage.State.ACCEPTED) {
        return fault(Mm7Status.NOT_POSSIBLE, "Not possible: message " + s.messageId() + " is " + s.state(), null);
      }
      store.update(s.replaced(), r);
      return ReplaceResponse.builder().status(ok).build();
    } else if (m instanceof ExtendedReplaceRequest c) {
      StoredMessage s = owned(r, c.replaceId());
      if (s == null) {
        return notFound(c.replaceId());
      }
      if (s.state() != StoredMessage.State.ACCEPTED) {
        return fault(Mm7Status.NOT_POSSIBLE, "Not possible: message " + s.messageId() + " is " + s.state(), null);
      }
      String id = store.newMessageId();
      store.accept(new StoredMessage(id, r.vaspId(), r.transactionId(), r.release().releaseName(), r.receivedAt(),
          StoredMessage.State.ACCEPTED, 0), r, () -> r.storeSummary() != null ? r.storeSummary() : summary(r));
      store.update(s.withState(StoredMessage.State.SUPERSEDED), null);
      return ExtendedReplaceResponse.builder().status(ok).messageId(id).build();
    }
    String name = m instanceof ErrorResponse e ? e.operation().elementName() : m.operation().elementName();
    return fault(Mm7Status.UNSUPPORTED_OPERATION,
        "Unsupported operation: a relay does not accept " + name, null);
  }

  private boolean cancel(RecordedRequest r, String messageId) throws IOException {
    StoredMessage s = owned(r, messageId);
    if (s == null) {
      return false;
    }
    if (s.state() != StoredMessage.State.CANCELLED) {
      store.update(s.withState(StoredMessage.State.CANCELLED), null);
    }
    return true;
  }

  /** The stored message if it exists and belongs to the requesting VASP (when both are known). */
  private StoredMessage owned(RecordedRequest r, String messageId) {
    StoredMessage s = store.get(messageId == null ? null : messageId.trim());
    if (s == null) {
      return null;
    }
    if (authenticator.enabled() && !Objects.equals(s.vaspId(), r.vaspId())) {
      return null;
    }
    return s;
  }

  private ErrorResponse notFound(String messageId) {
    return fault(Mm7Status.MESSAGE_ID_NOT_FOUND, "Message ID not found: " + messageId, null);
  }

  /**
   * What the stub refuses of a message it could decode: in strict mode every violation
   * ({@link FaultPolicy#strict()}), and always a namespace that no MM7 release has (it cannot answer
   * in it). {@code mm7 inspect --strict} decides with the same policy.
   */
  public static FaultPolicy policy(boolean strict) {
    return FaultPolicy.of(strict).refusing(DecodeProblem.UNKNOWN_NAMESPACE);
  }

  private ErrorResponse fault(FaultPolicy.Refusal refusal) {
    ResponseStatus s = new ResponseStatus(refusal.status(), refusal.text(), refusal.details());
    Mm7Operation op = options.role == Role.VASP ? Mm7Operation.VASP_ERROR_RSP : Mm7Operation.RS_ERROR_RSP;
    return new ErrorResponse(op, s, refusal.faultCode(), null);
  }

  /** An RSErrorRsp, or a VASPErrorRsp when the stub plays the VASP. */
  private ErrorResponse fault(Mm7Status status, String text, String details) {
    ResponseStatus s = new ResponseStatus(status, text, details);
    return options.role == Role.VASP ? ErrorResponse.fromVasp(s) : ErrorResponse.fromRelay(s);
  }

  private static ObjectNode summaryOf(DecodedMessage d) {
    try {
      return InspectView.of(d);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static ObjectNode summary(RecordedRequest r) {
    try (DecodedMessage d = r.decode()) {
      return InspectView.of(d);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "Mm7StubServer[" + (connector != null ? endpoint() : "not started") + ", "
        + (options.strict ? "strict" : "lenient") + "]";
  }

  /**
   * The stub's options; the command line builds the same object. Defaults: 127.0.0.1, port 0 (any
   * free port), path {@code /mm7}, lenient, no accounts (anyone may submit), 5 MB per message, no store
   * directory (memory only).
   */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String path = "/mm7";
    private boolean strict;
    private List<Account> accounts = List.of();
    private long maxMessageSize = 5L * 1024 * 1024;
    private Path storeDirectory;
    private int maxRecordedRequests = 10_000;
    private Role role = Role.RELAY;
    private URI vaspEndpoint;
    private PeerCredentials vaspCredentials;
    private URI relayEndpoint;
    private PeerCredentials relayCredentials;
    private List<ReportStep> deliveryReports = ReportStep.DEFAULT;
    private List<Duration> pushRetrySchedule = DEFAULT_RETRY;
    private Duration pushTimeout = Duration.ofSeconds(10);
    private long maxReplySize = DEFAULT_MAX_REPLY_SIZE;
    private String relayServerId = "openmm7-stub";
    private Mm7Release defaultRelease = Mm7Release.latest();
    private Path httpsKeyStore;
    private String httpsPassword;
    private int httpsPort = -1;

    /** The default backoff between push attempts: 1, 2, 4 and 8 seconds (five attempts). */
    public static final List<Duration> DEFAULT_RETRY = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(4), Duration.ofSeconds(8));
    private boolean inbox = true;
    private String inboxPassword;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private long minRequestDataRate = 1024;
    private Duration bodyTimeout = Duration.ofSeconds(60);
    private Duration headTimeout = Duration.ofSeconds(10);
    private long recordingMemory = -1;
    private int maxThreads = 64;

    private Builder() {}

    Builder copy() {
      Builder b = new Builder();
      b.host = host;
      b.port = port;
      b.path = path;
      b.strict = strict;
      b.accounts = accounts;
      b.maxMessageSize = maxMessageSize;
      b.storeDirectory = storeDirectory;
      b.maxRecordedRequests = maxRecordedRequests;
      b.role = role;
      b.vaspEndpoint = vaspEndpoint;
      b.vaspCredentials = vaspCredentials;
      b.relayEndpoint = relayEndpoint;
      b.relayCredentials = relayCredentials;
      b.deliveryReports = deliveryReports;
      b.pushRetrySchedule = pushRetrySchedule;
      b.pushTimeout = pushTimeout;
      b.maxReplySize = maxReplySize;
      b.relayServerId = relayServerId;
      b.defaultRelease = defaultRelease;
      b.httpsKeyStore = httpsKeyStore;
      b.httpsPassword = httpsPassword;
      b.httpsPort = httpsPort;
      b.inbox = inbox;
      b.inboxPassword = inboxPassword;
      b.idleTimeout = idleTimeout;
      b.minRequestDataRate = minRequestDataRate;
      b.bodyTimeout = bodyTimeout;
      b.headTimeout = headTimeout;
      b.recordingMemory = recordingMemory;
      b.maxThreads = maxThreads;
      return b;
    }

    /** Which side the stub plays (default {@link Role#RELAY}). */
    public Builder role(Role role) {
      this.role = Objects.requireNonNull(role, "role");
      return this;
    }

    /**
     * Where pushes go for VASPs whose account has no push URL (and for all when there are no
     * accounts); credentials in the URI's user info ({@code http://user:pw@host/path}) are sent as Basic.
     */
    public Builder vaspEndpoint(URI endpoint) {
      return vaspEndpoint(PeerCredentials.withoutUserInfo(endpoint), PeerCredentials.fromUserInfo(endpoint));
    }

    /** {@link #vaspEndpoint(URI)} with these credentials (null for none). */
    public Builder vaspEndpoint(URI endpoint, PeerCredentials credentials) {
      this.vaspEndpoint = endpoint;
      this.vaspCredentials = credentials;
      return this;
    }

    /** The relay the VASP stub sends to ({@link Mm7StubServer#vaspActions()}); user info as for {@link #vaspEndpoint(URI)}. */
    public Builder relayEndpoint(URI endpoint) {
      return relayEndpoint(PeerCredentials.withoutUserInfo(endpoint), PeerCredentials.fromUserInfo(endpoint));
    }

    /** {@link #relayEndpoint(URI)} with these credentials (null for none). */
    public Builder relayEndpoint(URI endpoint, PeerCredentials credentials) {
      this.relayEndpoint = endpoint;
      this.relayCredentials = credentials;
      return this;
    }

    /**
     * The DeliveryReportReqs sent per recipient after a SubmitReq with DeliveryReport=true (default
     * {@link ReportStep#DEFAULT}: Forwarded after 1 s, Retrieved after 3 s); empty for none.
     */
    public Builder deliveryReports(List<ReportStep> steps) {
      this.deliveryReports = List.copyOf(steps);
      return this;
    }

    /**
     * The waits between push attempts: n waits make n + 1 attempts (default {@link #DEFAULT_RETRY}).
     * A push is retried until the VASP answers HTTP 200, the right response, 1000 and the same
     * TransactionID, or the attempts run out.
     */
    public Builder pushRetrySchedule(List<Duration> waits) {
      for (Duration d : waits) {
        if (d.isNegative()) {
          throw new IllegalArgumentException("negative wait " + d);
        }
      }
      this.pushRetrySchedule = List.copyOf(waits);
      return this;
    }

    /**
     * The deadline of each exchange the stub starts (a push attempt, a request to a relay), from
     * connecting to the last byte of the answer (default 10 s). A peer that has not answered in
     * full by then, a VASP dripping its answer's body for instance, has its connection closed and
     * the attempt counts as failed (a push is then retried on {@link #pushRetrySchedule(List)}).
     */
    public Builder pushTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout " + timeout);
      }
      this.pushTimeout = timeout;
      return this;
    }

    /** The default {@link #maxReplySize(long)}: 1 MiB, hundreds of times an MM7 response. */
    public static final long DEFAULT_MAX_REPLY_SIZE = 1024 * 1024;

    /**
     * The largest answer the stub reads from a peer it sends to (a VASP's DeliverRsp, a relay's
     * SubmitRsp), in bytes (default {@link #DEFAULT_MAX_REPLY_SIZE}). A larger answer, declared
     * or streamed, is cut off there (its connection closed) and the attempt fails, naming the cap.
     */
    public Builder maxReplySize(long bytes) {
      if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("maxReplySize " + bytes);
      }
      this.maxReplySize = bytes;
      return this;
    }

    public long maxReplySize() {
      return maxReplySize;
    }

    /** The MMSRelayServerID in pushes (default {@code openmm7-stub}). */
    public Builder relayServerId(String id) {
      this.relayServerId = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * The release of what the stub sends on its own when nothing else says (default the latest): a
     * DeliverReq goes in its VASP's {@link Account#release()}, else in the release of that VASP's
     * latest request, else in this; the VASP role's requests go in this.
     */
    public Builder defaultRelease(Mm7Release release) {
      this.defaultRelease = Objects.requireNonNull(release, "release");
      return this;
    }

    /**
     * Serves HTTPS (TLS 1.2 and 1.3 only) with this key store (PKCS#12, or JKS for a {@code .jks} file):
     * on the main port, or on {@link #httpsPort(int)} besides plain HTTP when that is set.
     */
    public Builder https(Path keyStore, String password) {
      this.httpsKeyStore = keyStore;
      this.httpsPassword = password;
      return this;
    }

    /** A separate HTTPS port (0 for any free one), the main port staying HTTP; -1 (default) for HTTPS on the main port. */
    public Builder httpsPort(int port) {
      if (port < -1 || port > 65535) {
        throw new IllegalArgumentException("port " + port);
      }
      this.httpsPort = port;
      return this;
    }

    public Role role() {
      return role;
    }

    public URI vaspEndpoint() {
      return vaspEndpoint;
    }

    PeerCredentials vaspCredentials() {
      return vaspCredentials;
    }

    public URI relayEndpoint() {
      return relayEndpoint;
    }

    PeerCredentials relayCredentials() {
      return relayCredentials;
    }

    public List<ReportStep> deliveryReports() {
      return deliveryReports;
    }

    public List<Duration> pushRetrySchedule() {
      return pushRetrySchedule;
    }

    public Duration pushTimeout() {
      return pushTimeout;
    }

    public String relayServerId() {
      return relayServerId;
    }

    public Mm7Release defaultRelease() {
      return defaultRelease;
    }

    public Path httpsKeyStore() {
      return httpsKeyStore;
    }

    public int httpsPort() {
      return httpsPort;
    }

    /** The address to listen on (default 127.0.0.1; 0.0.0.0 for every interface). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port, 0 (the default) for any free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port);
      }
      this.port = port;
      return this;
    }

    /** The MM7 endpoint's path (default {@code /mm7}). */
    public Builder path(String path) {
      if (path == null || !path.startsWith("/")) {
        throw new IllegalArgumentException("a path starts with '/': " + path);
      }
      this.path = path;
      return this;
    }

    /**
     * Strict mode: a request with a finding of severity violation is refused, as a conformance-checking
     * relay would, with the status of the table of {@link DecodeProblem} and the rules broken named;
     * deviations and informational findings are accepted ({@link #policy(boolean)}).
     */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /** Per-VASP Basic credentials; with none (the default) no credentials are asked for. */
    public Builder accounts(Collection<Account> accounts) {
      Map<String, Account> byId = new LinkedHashMap<>();
      for (Account a : accounts) {
        if (byId.put(a.vaspId(), a) != null) {
          throw new IllegalArgumentException("two accounts for VASP " + a.vaspId());
        }
      }
      this.accounts = List.copyOf(byId.values());
      return this;
    }

    public Builder accounts(Account... accounts) {
      return accounts(List.of(accounts));
    }

    /** The largest message body accepted, in bytes (default 5 MB); bigger ones get a 2004 fault. */
    public Builder maxMessageSize(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("size limit " + bytes);
      }
      this.maxMessageSize = bytes;
      return this;
    }

    /**
     * Keeps accepted messages in this directory too, and loads those already there. Request bodies
     * over 1 MB held for the recordings are spooled to its {@code spool} folder, emptied at start.
     */
    public Builder storeDirectory(Path directory) {
      this.storeDirectory = directory;
      return this;
    }

    /**
     * How many recorded requests are kept (default 10 000); beyond, the oldest are forgotten, so
     * that a stub left running does not fill the memory. The store is not affected. A forgotten
     * request that a test still holds stays readable (its memory goes to the collector, not to later
     * requests), except a body the memory budget had sent to a temporary file: reading that throws
     * an {@link java.io.IOException}.
     */
    public Builder maxRecordedRequests(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("maxRecordedRequests " + count);
      }
      this.maxRecordedRequests = count;
      return this;
    }

    public int maxRecordedRequests() {
      return maxRecordedRequests;
    }

    /**
     * The web inbox and its JSON API on the stub's port, at {@code /} and {@code /api/} (on by
     * default). On an address other than loopback it needs an {@link #inboxPassword(String)}.
     */
    public Builder inbox(boolean enabled) {
      this.inbox = enabled;
      return this;
    }

    /**
     * The inbox's password (HTTP Basic, user {@code inbox}); required when the stub listens on an
     * address other than loopback, optional on loopback; null for none.
     */
    public Builder inboxPassword(String password) {
      this.inboxPassword = password;
      return this;
    }

    public boolean inbox() {
      return inbox;
    }

    /** True when an inbox password is set (the password itself is not given out). */
    public boolean hasInboxPassword() {
      return inboxPassword != null;
    }

    /**
     * How long a connection may stay silent (default 30 s): a client that stops sending, or
     * sends its headers or body a byte at a time slower than this, is disconnected.
     */
    public Builder idleTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("idleTimeout " + timeout);
      }
      this.idleTimeout = timeout;
      return this;
    }

    public Duration idleTimeout() {
      return idleTimeout;
    }

    /**
     * The slowest a request body may arrive, in bytes per second over the whole body (default
     * 1024; 0 for no minimum): a sender that drips its body in just faster than the idle timeout,
     * holding a thread and a connection for hours, is cut off with a 408. The idle timeout alone
     * does not catch it.
     */
    public Builder minRequestDataRate(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException("minRequestDataRate " + bytesPerSecond);
      }
      this.minRequestDataRate = bytesPerSecond;
      return this;
    }

    public long minRequestDataRate() {
      return minRequestDataRate;
    }

    /**
     * The longest a request body may take to arrive, from the end of its head (default 60 s: 5 MB
     * at 85 KB/s); a body not all there by then is answered 408 and its connection closed. A body
     * that is arriving holds no thread, only its socket and what it has sent so far.
     */
    public Builder bodyTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("bodyTimeout " + timeout);
      }
      this.bodyTimeout = timeout;
      return this;
    }

    /**
     * The most threads the server runs (default 64), Jetty's acceptor and selectors included. A
     * request whose body is still arriving holds none of them: they decode and answer requests
     * that are all there, and serve the inbox.
     */
    public Builder maxThreads(int threads) {
      if (threads < 8) {
        throw new IllegalArgumentException("at least 8 threads: " + threads);
      }
      this.maxThreads = threads;
      return this;
    }

    public int maxThreads() {
      return maxThreads;
    }

    /**
     * The longest a request's line and headers may take to arrive once they began (default 10 s):
     * a connection whose head is still incomplete then is closed. A head arriving holds no thread.
     */
    public Builder headTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("headTimeout " + timeout);
      }
      this.headTimeout = timeout;
      return this;
    }

    public Duration headTimeout() {
      return headTimeout;
    }

    public Duration bodyTimeout() {
      return bodyTimeout;
    }

    /**
     * How many bytes of request bodies this stub may keep in memory, for its recordings and the
     * bodies arriving, all counted; a body that finds no room goes to a file in the spool directory
     * (or the system's temporary directory). By default every stub in the JVM shares one budget of
     * an eighth of the heap, at most 256 MiB (the system property {@code openmm7.stub.memoryBudget}
     * sets it).
     */
    public Builder recordingMemory(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("recordingMemory " + bytes);
      }
      this.recordingMemory = bytes;
      return this;
    }

    public String host() {
      return host;
    }

    public int port() {
      return port;
    }

    public String path() {
      return path;
    }

    public boolean strict() {
      return strict;
    }

    public List<Account> accounts() {
      return accounts;
    }

    public long maxMessageSize() {
      return maxMessageSize;
    }

    public Path storeDirectory() {
      return storeDirectory;
    }

    /** Builds the stub (loading the store directory, if any); call {@link Mm7StubServer#start()}. */
    public Mm7StubServer build() throws IOException {
      return new Mm7StubServer(this);
    }

    @Override
    public String toString() {
      return "role=" + role + " host=" + host + " port=" + port + " path=" + path + " mode=" + (strict ? "strict" : "lenient")
          + " accounts=" + accounts.size() + " maxMessageSize=" + maxMessageSize
          + " idleTimeout=" + idleTimeout.toMillis() + "ms bodyTimeout=" + bodyTimeout.toMillis() + "ms"
          + " store=" + (storeDirectory == null ? "(memory only)" : storeDirectory)
          + (vaspEndpoint != null ? " vaspEndpoint=" + vaspEndpoint : "")
          + (relayEndpoint != null ? " relayEndpoint=" + relayEndpoint : "")
          + (httpsKeyStore != null ? " https=" + httpsKeyStore + (httpsPort >= 0 ? ":" + httpsPort : "") : "")
          + " inbox=" + (!inbox ? "off" : inboxPassword != null ? "on (password)" : "on");
    }
  }
}
