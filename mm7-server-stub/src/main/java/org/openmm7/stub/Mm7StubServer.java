package org.openmm7.stub;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.jetty.server.Handler;
import org.openmm7.client.Credentials;
import org.openmm7.client.Profile;
import org.openmm7.client.TlsOptions;
import org.openmm7.client.codec.DecodeProblem;
import org.openmm7.client.codec.FaultPolicy;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.internal.mime.MemoryBudget;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.internal.http.Authenticator;
import org.openmm7.stub.internal.http.BodyArrival;
import org.openmm7.stub.internal.http.BodyBuffer;
import org.openmm7.stub.internal.http.FaultWriter;
import org.openmm7.stub.internal.http.Mm7Exchange;
import org.openmm7.stub.internal.http.PeerDialect;
import org.openmm7.stub.internal.http.Recordings;
import org.openmm7.stub.internal.http.ReplyScript;
import org.openmm7.stub.internal.http.RequestRecorder;
import org.openmm7.stub.internal.http.StubDecisions;
import org.openmm7.stub.internal.http.StubListeners;
import org.openmm7.stub.internal.http.VaspSide;
import org.openmm7.stub.internal.push.PushAwaiting;
import org.openmm7.stub.internal.push.PushManager;
import org.openmm7.stub.internal.push.RelayCaller;
import org.openmm7.stub.internal.store.MessageStore;
import org.openmm7.stub.internal.store.StoreLog;
import org.openmm7.stub.verify.Count;
import org.openmm7.stub.verify.Received;
import org.openmm7.stub.verify.RequestPattern;
import org.openmm7.stub.verify.Verification;
import org.openmm7.stub.inbox.InboxHandler;
import org.openmm7.stub.inbox.InboxSource;
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
 *   RecordedRequest r = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
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
 *
 * <p>This class holds the options and the public API; the work is done by: {@link StubListeners}
 * (Jetty, its connectors and timeouts), {@link Mm7Exchange} (one exchange, head to answer), {@link
 * Authenticator} (credentials and the 401), {@link BodyArrival} and {@link BodyBuffer} (bodies as
 * they arrive, in memory or spooled), {@link RequestRecorder} (decoding into a {@link
 * RecordedRequest}), {@link Recordings} (what was recorded), {@link ReplyScript} (queued replies and
 * the dispatcher), {@link StubDecisions} (the relay's answers and the store's changes), {@link
 * VaspSide} (the VASP role's answers and retries), {@link FaultWriter} (faults of last resort),
 * {@link PushManager} (pushes) and the inbox.
 */
public final class Mm7StubServer implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(Mm7StubServer.class);
  private final Builder options;
  private final Mm7Codec encoder = Mm7Codec.lenient();
  /** What every recorded body kept in memory takes from. */
  private final MemoryBudget recordingBudget;
  private final Authenticator authenticator;
  private final MessageStore store;
  private final Recordings recordings;
  private final ReplyScript script = new ReplyScript();
  private final AtomicInteger activeBodies = new AtomicInteger();
  private final PushManager pushes;
  private final RelayCaller vaspActions;
  private final VaspSide dedup = new VaspSide();
  private final Mm7Exchange exchange;
  /** The inbox's pushes when a test sets a fake one; otherwise pushes(). */
  private volatile Pushes inboxPushes;
  /** The clock that paces wrong inbox passwords (milliseconds, monotonic); tests set a controllable one. */
  private volatile LongSupplier inboxClock = MonotonicMillis.CLOCK;
  /** What tests hear of an exchange's stages; null for nobody. */
  private volatile Consumer<String> stageHook;
  /** The last listeners started (kept after close, for endpoint()). */
  private volatile StubListeners listeners;
  private boolean running;

  private Mm7StubServer(Builder b) throws IOException {
    this.options = b.copy().withProfileDefaults();
    PeerDialect dialect = PeerDialect.of(b.profile);
    if (b.inbox()) {
      InboxHandler.requirePasswordUnlessLoopback(b.host(), b.inboxPassword);
    }
    // the store first: a store directory that cannot be written is the error to report
    this.store = new MessageStore(b.storeDirectory(), b.maxStoredMessages(), b.storeSegmentSize);
    /* Where large bodies are spooled: this process's directory under <store>/spool or the system's temporary directory. */
    Path spool = spoolDirectory(b.storeDirectory());
    this.authenticator = new Authenticator(dialect.accounts(b.accounts()), dialect.realm());
    this.pushes = new PushManager(this.options, store, encoder);
    this.vaspActions = new RelayCaller(this.options, encoder);
    this.recordingBudget = b.recordingMemory < 0 ? BodyBuffer.SHARED : MemoryBudget.of(b.recordingMemory);
    this.recordings = new Recordings(b.maxRecordedRequests());
    Consumer<String> stages = new StageRelay();
    RequestRecorder recorder = new RequestRecorder(options.maxMessageSize(), spool, authenticator.enabled(),
        recordings, stages);
    restoreStored(recorder, Math.min(b.maxRecordedRequests(), MAX_RESTORED));
    StubDecisions decisions = new StubDecisions(b.role(), b.strict(), store, pushes, authenticator.enabled(), dialect);
    FaultWriter faults = new FaultWriter(encoder, decisions, recordings);
    this.exchange = new Mm7Exchange(this.options, authenticator, recordingBudget, spool, recorder, recordings, script,
        decisions, faults, dedup, pushes, encoder, stages, activeBodies, dialect);
  }

  /** The most stored requests read back at start for the inbox, newest first. */
  private static final int MAX_RESTORED = 1000;
  /**
   * The most bytes of stored requests read back at start (they are kept in memory): 64 MiB, but
   * not more than a sixteenth of the heap. At {@code ./mm7}'s 128 MB heap a flat 64 MiB beside a
   * million messages' index (32 MB) left 103 of 123 MB live after a full collection at start.
   */
  private static final long MAX_RESTORED_BYTES = Math.min(64L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 16);

  /**
   * Reads the newest stored requests back (at most {@code max} and {@link #MAX_RESTORED_BYTES}
   * bytes), so that after a restart with a store directory the inbox shows what was accepted
   * before. They are not among {@link #requests()}: a test counts what this run received.
   */
  private void restoreStored(RequestRecorder recorder, int max) {
    // the newest page only, from the segments' indexes: neither the whole store nor a read through it
    java.util.ArrayDeque<Map.Entry<StoredMessage, byte[]>> newestLast = new java.util.ArrayDeque<>();
    long bytes = 0;
    for (StoredMessage m : store.newestFirst(null, max)) {
      try {
        byte[] raw = store.request(m.messageId(), MAX_RESTORED_BYTES - bytes);
        if (raw == null) {
          continue; // gone, or over what is left of the budget: it stays in the store only
        }
        bytes += raw.length;
        newestLast.addFirst(Map.entry(m, raw));
      } catch (IOException e) {
        log.warn("stored message {} cannot be read back for the inbox: {}", m.messageId(), e.toString());
      }
    }
    List<RecordedRequest> restored = new java.util.ArrayList<>();
    for (Map.Entry<StoredMessage, byte[]> e : newestLast) { // numbered oldest first, before anything received
      restored.add(recorder.restore(e.getKey(), e.getValue()));
    }
    recordings.restored(restored);
    if (!restored.isEmpty()) {
      log.info("the inbox shows {} of the {} stored messages again", restored.size(), store.count());
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
    try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(parent, "mm7-*")) {
      for (Path p : ds) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(p);
        }
      }
    }
    return SpoolDirectory.claim(parent);
  }

  /*
   * The stub's own callbacks are named classes, not lambdas: each lambda on the way to the first
   * answer links an invokedynamic call site and spins a class at run time (about half a
   * millisecond each in a fresh JVM), which every test suite's first stub pays.
   */

  /** Milliseconds of the monotonic clock. */
  static final class MonotonicMillis implements LongSupplier {
    static final MonotonicMillis CLOCK = new MonotonicMillis();

    @Override
    public long getAsLong() {
      return System.nanoTime() / 1_000_000;
    }
  }

  /** Passes an exchange's stages to the hook a test set, if any. */
  private final class StageRelay implements Consumer<String> {
    @Override
    public void accept(String stage) {
      Consumer<String> hook = stageHook;
      if (hook != null) {
        hook.accept(stage);
      }
    }
  }

  /**
   * What the inbox reads and changes of the stub ({@link InboxSource}: the inbox does not know this
   * class), and what a test may replace: its pushes and its clock.
   */
  private final class InboxSeams implements InboxSource, java.util.function.Supplier<Pushes>, LongSupplier {
    @Override
    public Pushes get() {
      Pushes fake = inboxPushes;
      return fake != null ? fake : pushes;
    }

    @Override
    public long getAsLong() {
      return inboxClock.getAsLong();
    }

    @Override
    public List<RecordedRequest> requests() {
      return Mm7StubServer.this.requests();
    }

    @Override
    public List<RecordedRequest> restoredRequests() {
      return Mm7StubServer.this.restoredRequests();
    }

    @Override
    public boolean removeRequest(long sequence) {
      return Mm7StubServer.this.removeRequest(sequence);
    }

    @Override
    public void clearRequests() {
      Mm7StubServer.this.clearRequests();
    }

    @Override
    public void reset() {
      Mm7StubServer.this.reset();
    }

    @Override
    public List<StubReply> queuedReplies() {
      return Mm7StubServer.this.queuedReplies();
    }

    @Override
    public void enqueue(StubReply reply) {
      Mm7StubServer.this.enqueue(reply);
    }

    @Override
    public void clearQueuedReplies() {
      Mm7StubServer.this.clearQueuedReplies();
    }

    @Override
    public Map<String, VaspConformance> conformance() {
      return Mm7StubServer.this.conformance();
    }

    @Override
    public long storedMessageCount() {
      return Mm7StubServer.this.storedMessageCount();
    }

    @Override
    public long forgottenMessages() {
      return Mm7StubServer.this.forgottenMessages();
    }

    @Override
    public URI pushTarget() {
      return Mm7StubServer.this.pushTarget();
    }

    @Override
    public void pushTo(URI endpoint) {
      Mm7StubServer.this.pushTo(endpoint);
    }

    @Override
    public long maxMessageSize() {
      return options.maxMessageSize();
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---- life cycle ----

  /** Starts listening. Fails with {@link BindException} (an IOException) when the port is taken. */
  public synchronized Mm7StubServer start() throws IOException {
    if (running) {
      throw new IllegalStateException("already started");
    }
    InboxSeams seams = new InboxSeams();
    Handler handler = options.inbox() ? new InboxHandler(seams, exchange, options.path(), options.inboxPassword,
        seams, seams) : exchange;
    listeners = StubListeners.start(options, handler);
    running = true;
    pushes.start();
    log.info("MM7 stub {} listening on {}{} ({} mode)", options.role() == Role.VASP ? "VASP" : "relay", endpoint(),
        listeners.separateHttps() ? " and " + httpsEndpoint() : "", options.strict() ? "strict" : "lenient");
    return this;
  }

  /** The relay's URI, e.g. {@code http://127.0.0.1:41234/mm7}. */
  public URI endpoint() {
    StubListeners l = listeners;
    if (l == null) {
      throw new IllegalStateException("not started");
    }
    return l.endpoint();
  }

  /** The HTTPS URI when HTTPS is served ({@link Builder#tls}), else null. */
  public URI httpsEndpoint() {
    StubListeners l = listeners;
    return l == null ? null : l.httpsEndpoint();
  }

  /** Which side of MM7 this stub plays. */
  public Role role() {
    return options.role();
  }

  /** What the stub pushes to VASPs (delivery reports, read replies, DeliverReq), with their history. */
  public Pushes pushes() {
    return pushes;
  }

  /**
   * Where pushes go from now on for VASPs whose account has no push URL (what {@link
   * Builder#vaspEndpoint(URI)} set at build), user info in the URI as Basic credentials; null
   * for none: later pushes are then held ({@link PushRecord.State#HELD}). Pushes already being
   * retried go to the new target at their next attempt; held ones wait for {@link
   * Pushes#sendHeld()}. Kept across {@link #reset()}.
   */
  public void pushTo(URI endpoint) {
    pushTo(endpoint == null ? null : Credentials.withoutUserInfo(endpoint), Credentials.fromUserInfo(endpoint));
  }

  /** {@link #pushTo(URI)} with these credentials ({@link Credentials#none()} or null for none). */
  public void pushTo(URI endpoint, Credentials credentials) {
    pushes.pushTo(endpoint, credentials == null ? Credentials.none() : credentials);
  }

  /** Where pushes go for VASPs without an account push URL, or null (they are held). */
  public URI pushTarget() {
    return pushes.pushTarget();
  }

  /**
   * Waits until the DeliveryReportReq with this MMStatus about this message and recipient (its
   * address as submitted, e.g. {@code +46700000001}) reached the VASP: answered 1000. Returns that
   * push.
   *
   * @throws AssertionError at once when it was given up (with its last error), and at the timeout
   *     listing the pushes about the message and their states (held ones say so)
   */
  public PushRecord awaitReport(String messageId, String recipient, MessageStatus status, Duration timeout) {
    return PushAwaiting.await(pushes, Mm7Operation.DELIVERY_REPORT_REQ, messageId, recipient, status, timeout);
  }

  /** {@link #awaitReport} for the ReadReplyReq with this MMStatus. */
  public PushRecord awaitReadReply(String messageId, String recipient, MessageStatus status, Duration timeout) {
    return PushAwaiting.await(pushes, Mm7Operation.READ_REPLY_REQ, messageId, recipient, status, timeout);
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
    return options.strict();
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
    if (running) {
      try {
        listeners.stop();
      } catch (Exception e) {
        log.warn("stopping the MM7 stub: {}", e.toString());
      }
      running = false; // endpoint() still names where it listened
    }
    store.close();
    recordings.clear();
  }

  // ---- scripting ----

  /** Queues a reply: the next request gets it instead of the dispatcher's. */
  public void enqueue(StubReply reply) {
    script.enqueue(reply);
  }

  /** Replaces the dispatcher consulted when the queue is empty ({@link Dispatcher#RELAY} by default). */
  public void setDispatcher(Dispatcher dispatcher) {
    script.dispatcher(dispatcher);
  }

  /**
   * Forgets queued replies, the dispatcher and the recorded requests; the store is kept. A recording
   * a test still holds stays readable (its memory is left to the collector, not reused), except a
   * body the memory budget had sent to a temporary file, which is deleted.
   */
  public void reset() {
    script.reset();
    dedup.clear();
    recordings.clear();
  }

  /** The replies queued and not yet used, in the order they will be used. */
  public List<StubReply> queuedReplies() {
    return script.queuedReplies();
  }

  /** Forgets the queued replies (the dispatcher and the recordings stay). */
  public void clearQueuedReplies() {
    script.clearQueued();
  }

  /** Forgets the recorded requests only (queued replies and the dispatcher stay); numbering starts again at 1. */
  public void clearRequests() {
    recordings.clear();
  }

  /**
   * Forgets one recorded request (by its {@link RecordedRequest#sequence()}); the others keep their
   * numbers. A recording a test holds stays readable, as after {@link #reset()}.
   *
   * @return whether there was such a recording
   */
  public boolean removeRequest(long sequence) {
    return recordings.remove(sequence);
  }

  /** The clock that paces wrong inbox passwords (package-private hook, for tests). */
  void inboxClock(LongSupplier clockMillis) {
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
  void stageHook(Consumer<String> hook) {
    this.stageHook = hook;
  }

  /** Where the inbox's buttons and form send pushes (package-private hook, for tests). */
  void inboxPushes(Pushes pushes) {
    this.inboxPushes = pushes;
  }

  /** A failure point before each store write (package-private hook, for tests of a full disk). */
  void storeWriteFault(StoreLog.Fault fault) {
    store.writeFault(fault);
  }

  // ---- recordings ----

  /** The next request not yet taken, waiting up to the timeout; empty when none came in time. */
  public Optional<RecordedRequest> takeRequest(Duration timeout) throws InterruptedException {
    return Optional.ofNullable(recordings.take(timeout));
  }

  /** Every request since start or reset, in order of arrival. */
  public List<RecordedRequest> requests() {
    return recordings.all();
  }

  // ---- verification ----

  /**
   * Waits for the earliest recording that matches and that no earlier await returned (so two
   * awaits of {@code submit()} return the first SubmitReq and the second). Takes nothing from
   * {@link #takeRequest}'s queue.
   *
   * @throws AssertionError when none arrives in time, listing what was recorded and how the
   *     closest recordings differ from the pattern
   */
  public RecordedRequest await(RequestPattern pattern, Duration timeout) {
    return recordings.awaiting().await(pattern, timeout);
  }

  /** The next SubmitReq ({@link #await}), typed, with its recording. */
  public Received<SubmitRequest> awaitSubmit(Duration timeout) {
    return recordings.awaiting().await(RequestPattern.submit(), SubmitRequest.class, timeout);
  }

  public Received<CancelRequest> awaitCancel(Duration timeout) {
    return recordings.awaiting().await(RequestPattern.cancel(), CancelRequest.class, timeout);
  }

  public Received<ReplaceRequest> awaitReplace(Duration timeout) {
    return recordings.awaiting().await(RequestPattern.replace(), ReplaceRequest.class, timeout);
  }

  public Received<ExtendedCancelRequest> awaitExtendedCancel(Duration timeout) {
    return recordings.awaiting().await(RequestPattern.extendedCancel(), ExtendedCancelRequest.class, timeout);
  }

  public Received<ExtendedReplaceRequest> awaitExtendedReplace(Duration timeout) {
    return recordings.awaiting().await(RequestPattern.extendedReplace(), ExtendedReplaceRequest.class, timeout);
  }

  /** The next DeliverReq a VASP stub received. */
  public Received<DeliverRequest> awaitDeliver(Duration timeout) {
    return recordings.awaiting().await(RequestPattern.deliver(), DeliverRequest.class, timeout);
  }

  /** The next DeliveryReportReq a VASP stub received. */
  public Received<DeliveryReportRequest> awaitDeliveryReport(Duration timeout) {
    return recordings.awaiting().await(RequestPattern.deliveryReport(), DeliveryReportRequest.class, timeout);
  }

  /** The next ReadReplyReq a VASP stub received. */
  public Received<ReadReplyRequest> awaitReadReply(Duration timeout) {
    return recordings.awaiting().await(RequestPattern.readReply(), ReadReplyRequest.class, timeout);
  }

  /** At least one recorded request matches; else an AssertionError with a near-miss report. */
  public void verify(RequestPattern pattern) {
    verify(Count.atLeast(1), pattern);
  }

  /**
   * As many recorded requests as the count says match; else an AssertionError listing the closest
   * recordings and, for each, the conditions it does not meet with expected and actual values.
   */
  public void verify(Count count, RequestPattern pattern) {
    Verification.verify(requests(), count, pattern);
  }

  /** Per VASP: requests, how many had findings or were unreadable, and finding counts by code. */
  public Map<String, VaspConformance> conformance() {
    return Recordings.conformanceOf(requests());
  }

  // ---- store ----

  /**
   * The requests read back from the store directory at start (accepted by an earlier run), oldest
   * first: the inbox shows them; they are not among {@link #requests()}. Empty after {@link #reset()}.
   */
  public List<RecordedRequest> restoredRequests() {
    return recordings.restored();
  }

  /** How many stored messages {@link #storedMessages()} lists: a page. */
  public static final int STORED_PAGE = 1000;
  /** The most stored messages one page lists, whatever the caller asks for. */
  public static final int MAX_STORED_PAGE = 10_000;

  /**
   * The newest accepted messages the stub keeps (including those of the store directory from an
   * earlier run), newest first, at most {@value #STORED_PAGE}: the first page of
   * {@link #storedMessages(String, int)}. For every one of them, {@link #forEachStoredMessage};
   * for their number, {@link #storedMessageCount()}.
   */
  public List<StoredMessage> storedMessages() {
    return storedMessages(null, STORED_PAGE);
  }

  /**
   * A page of the accepted messages the stub keeps, newest first: those accepted before the one
   * with MessageID {@code before} (null: the newest), at most {@code limit}. The next page is the
   * one before the last MessageID of this one; an empty page is the end. With a store directory a
   * page reads the store's small per-segment indexes and the listed messages, never the whole store.
   *
   * @throws IllegalArgumentException when {@code limit} is not between 1 and {@value #MAX_STORED_PAGE},
   *     or {@code before} is not a stored message
   */
  public List<StoredMessage> storedMessages(String before, int limit) {
    if (limit < 1 || limit > MAX_STORED_PAGE) {
      throw new IllegalArgumentException("a page is 1 to " + MAX_STORED_PAGE + " messages, not " + limit);
    }
    return store.newestFirst(before, limit);
  }

  /**
   * Gives every accepted message the stub keeps to {@code action}, in the order they were accepted,
   * one at a time: the store is never held in memory (its time grows with the number of messages).
   */
  public void forEachStoredMessage(java.util.function.Consumer<? super StoredMessage> action) {
    store.forEach(action);
  }

  /** How many accepted messages the stub keeps: all of them with a store directory. */
  public long storedMessageCount() {
    return store.count();
  }

  /**
   * How many accepted messages the stub has forgotten (without a store directory, beyond
   * {@link Builder#maxStoredMessages(int)}, oldest first): a cancel or replace of one is answered
   * as for an unknown MessageID. Always 0 with a store directory.
   */
  public long forgottenMessages() {
    return store.forgotten();
  }

  /**
   * What the store directory's durable writes have cost the requests since the start (records,
   * batches, forces, each record's wait for its force): a diagnostic for benchmarks. All zero
   * without a store directory.
   */
  public StoreStats storeStats() {
    return store.stats();
  }

  /**
   * Writes the request a stored message was accepted with, as received: a {@code .http} capture
   * (head and body, credentials redacted) that {@code mm7 inspect} reads.
   *
   * @throws IOException without a store directory, for an unknown MessageID, or when it cannot be read
   */
  public void writeStoredRequestTo(String messageId, java.io.OutputStream out) throws IOException {
    store.writeRequestTo(messageId, out);
  }

  /** An accepted message by its MessageID, or null. */
  public StoredMessage storedMessage(String messageId) {
    return store.get(messageId);
  }

  /**
   * What the stub refuses of a message it could decode: in strict mode every violation
   * ({@link FaultPolicy#strict()}), and always a namespace that no MM7 release has (it cannot answer
   * in it). {@code mm7 inspect --strict} decides with the same policy.
   */
  public static FaultPolicy policy(boolean strict) {
    return strict ? STRICT_POLICY : LENIENT_POLICY;
  }

  // made once: policy(..) is asked for every request the stub answers
  private static final FaultPolicy LENIENT_POLICY = FaultPolicy.of(false).refusing(DecodeProblem.UNKNOWN_NAMESPACE);
  private static final FaultPolicy STRICT_POLICY = FaultPolicy.of(true).refusing(DecodeProblem.UNKNOWN_NAMESPACE);

  @Override
  public String toString() {
    return "Mm7StubServer[" + (listeners != null ? endpoint() : "not started") + ", "
        + (options.strict() ? "strict" : "lenient") + "]";
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
    private int maxStoredMessages = 100_000;
    private long storeSegmentSize = MessageStore.DEFAULT_SEGMENT_SIZE;
    private int maxFinishedPushes = 10_000;
    private int maxPendingPushes = 10_000;
    private Duration pushRoomWait = Duration.ofSeconds(5);
    private int maxHeldPushes = 10_000;
    private Role role = Role.RELAY;
    private URI vaspEndpoint;
    private Credentials vaspCredentials = Credentials.none();
    private URI relayEndpoint;
    private Credentials relayCredentials = Credentials.none();
    private List<ReportStep> deliveryReports = ReportStep.DEFAULT;
    private List<Duration> pushRetrySchedule = DEFAULT_RETRY;
    private Duration pushTimeout = Duration.ofSeconds(10);
    private long maxReplySize = DEFAULT_MAX_REPLY_SIZE;
    private String relayServerId = "openmm7-stub";
    private Mm7Release defaultRelease = Mm7Release.latest();
    private TlsOptions tls;
    private TlsOptions peerTls = TlsOptions.defaults();
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
    private Profile profile;
    /** Which of the options a profile also sets were set explicitly (those win over the profile). */
    private boolean deliveryReportsSet;
    private boolean pushRetryScheduleSet;
    private boolean maxMessageSizeSet;
    private boolean defaultReleaseSet;

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
      b.maxStoredMessages = maxStoredMessages;
      b.storeSegmentSize = storeSegmentSize;
      b.maxFinishedPushes = maxFinishedPushes;
      b.maxPendingPushes = maxPendingPushes;
      b.pushRoomWait = pushRoomWait;
      b.maxHeldPushes = maxHeldPushes;
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
      b.tls = tls;
      b.peerTls = peerTls;
      b.httpsPort = httpsPort;
      b.inbox = inbox;
      b.inboxPassword = inboxPassword;
      b.idleTimeout = idleTimeout;
      b.minRequestDataRate = minRequestDataRate;
      b.bodyTimeout = bodyTimeout;
      b.headTimeout = headTimeout;
      b.recordingMemory = recordingMemory;
      b.maxThreads = maxThreads;
      b.profile = profile;
      b.deliveryReportsSet = deliveryReportsSet;
      b.pushRetryScheduleSet = pushRetryScheduleSet;
      b.maxMessageSizeSet = maxMessageSizeSet;
      b.defaultReleaseSet = defaultReleaseSet;
      return b;
    }

    /**
     * Plays the peer of this {@link Profile}. As the relay: it answers in the profile's namespace
     * and MM7Version where the peer does so ({@link Profile#answerNamespace()}), with its fault HTTP
     * status and faultcode; it refuses what the peer refuses, with the peer's status (chunked
     * bodies with 411, other releases with the profile's refusal status, unsupported operations
     * with 4003, more recipients than it takes with 3003, numbers in the other format with 2002, a
     * SubmitReq without SMIL where required with 2004, over-size bodies with 2004 or 413); it
     * challenges with the profile's realm and checks only the schemes it takes (none: no
     * credentials asked); it sends the profile's delivery reports per recipient (the first at
     * once, the next 500 ms apart), with its TransactionIDs, tried as often as it says, and takes
     * an empty 200 from the VASP as success where the peer does. As the VASP: faults with its HTTP
     * status and faultcode, its authentication. Options set explicitly (delivery reports, push
     * retries, size limit, default release) win over the profile's, whatever the order of the calls.
     */
    public Builder profile(Profile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /** The profile the stub plays, or null. */
    public Profile profile() {
      return profile;
    }

    /** This builder with the profile's settings where none was set explicitly. */
    Builder withProfileDefaults() {
      if (profile == null) {
        return this;
      }
      if (!deliveryReportsSet) {
        // no relay documents its timing: the first at once, the next half a second apart
        List<ReportStep> steps = new ArrayList<>();
        Duration at = Duration.ZERO;
        for (MessageStatus status : profile.deliveryReports()) {
          steps.add(new ReportStep(status, at));
          at = at.plusMillis(500);
        }
        deliveryReports = List.copyOf(steps);
      }
      if (!pushRetryScheduleSet && profile.pushAttempts() > 0) {
        pushRetrySchedule = Collections.nCopies(profile.pushAttempts() - 1, profile.pushInterval());
      }
      if (!maxMessageSizeSet && profile.maxMessageSize() > 0) {
        maxMessageSize = profile.maxMessageSize();
      }
      if (!defaultReleaseSet) {
        defaultRelease = profile.release();
      }
      return this;
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
      return vaspEndpoint(Credentials.withoutUserInfo(endpoint), Credentials.fromUserInfo(endpoint));
    }

    /**
     * {@link #vaspEndpoint(URI)} with these credentials ({@link Credentials#none()} or null for none): Basic
     * and Bearer are sent with every push, Digest answers the VASP's challenge.
     */
    public Builder vaspEndpoint(URI endpoint, Credentials credentials) {
      this.vaspEndpoint = endpoint;
      this.vaspCredentials = credentials == null ? Credentials.none() : credentials;
      return this;
    }

    /** The relay the VASP stub sends to ({@link Mm7StubServer#vaspActions()}); user info as for {@link #vaspEndpoint(URI)}. */
    public Builder relayEndpoint(URI endpoint) {
      return relayEndpoint(Credentials.withoutUserInfo(endpoint), Credentials.fromUserInfo(endpoint));
    }

    /** {@link #relayEndpoint(URI)} with these credentials ({@link Credentials#none()} or null for none). */
    public Builder relayEndpoint(URI endpoint, Credentials credentials) {
      this.relayEndpoint = endpoint;
      this.relayCredentials = credentials == null ? Credentials.none() : credentials;
      return this;
    }

    /**
     * The DeliveryReportReqs sent per recipient after a SubmitReq with DeliveryReport=true (default
     * {@link ReportStep#DEFAULT}: Forwarded after 1 s, Retrieved after 3 s); empty for none.
     */
    public Builder deliveryReports(List<ReportStep> steps) {
      this.deliveryReports = List.copyOf(steps);
      this.deliveryReportsSet = true;
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
      this.pushRetryScheduleSet = true;
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
      this.defaultReleaseSet = true;
      return this;
    }

    /**
     * Serves HTTPS with these options ({@link TlsOptions#server(Path, char[])}: a key store, TLS 1.2
     * and 1.3 only): on the main port, or on {@link #httpsPort(int)} besides plain HTTP when that is
     * set. With a trust store in the options, a client certificate it trusts is required (mutual TLS).
     */
    public Builder tls(TlsOptions tls) {
      Objects.requireNonNull(tls, "tls");
      if (!tls.hasCertificate()) {
        throw new IllegalArgumentException("the stub's HTTPS needs a key store (TlsOptions.server)");
      }
      this.tls = tls;
      return this;
    }

    /**
     * The TLS of what the stub sends to an {@code https} peer (pushes to a VASP, requests to a relay):
     * whom it trusts, its client certificate (default {@link TlsOptions#defaults()}: the JDK's trust).
     */
    public Builder peerTls(TlsOptions tls) {
      this.peerTls = Objects.requireNonNull(tls, "tls");
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

    public Credentials vaspCredentials() {
      return vaspCredentials;
    }

    public URI relayEndpoint() {
      return relayEndpoint;
    }

    public Credentials relayCredentials() {
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

    /** The HTTPS options, or null for plain HTTP only. */
    public TlsOptions tls() {
      return tls;
    }

    public TlsOptions peerTls() {
      return peerTls;
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
      this.maxMessageSizeSet = true;
      return this;
    }

    /**
     * Keeps accepted messages in this directory, durably (each on disk before its 1000 is sent), and
     * loads those already there: all of them, whatever their number (the memory they take is a
     * fixed-size index entry each, about 32 bytes). Request bodies over 1 MB held for the recordings
     * are spooled to its {@code spool} folder, emptied at start.
     */
    public Builder storeDirectory(Path directory) {
      this.storeDirectory = directory;
      return this;
    }

    /**
     * Without a store directory, how many accepted messages are kept in memory (default 100 000,
     * about 30 MB); beyond, the oldest are forgotten and counted
     * ({@link Mm7StubServer#forgottenMessages()}). With a store directory every message is kept on
     * disk and this is not used.
     */
    public Builder maxStoredMessages(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("maxStoredMessages " + count);
      }
      this.maxStoredMessages = count;
      return this;
    }

    public int maxStoredMessages() {
      return maxStoredMessages;
    }

    /** The size at which the store starts a new segment file (tests make it small). */
    Builder storeSegmentSize(long bytes) {
      this.storeSegmentSize = bytes;
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
     * How many finished pushes (delivered or given up) are kept in {@link Pushes#history()} and
     * the push journal (default 10 000); beyond, the oldest finished ones are forgotten and counted
     * by {@link Pushes#forgotten()}, so that a stub pushing reports for millions of submits stays
     * bounded. Pending pushes are never forgotten (their number has its own bound,
     * {@link #maxPendingPushes}), held ones only by theirs ({@link #maxHeldPushes}).
     * Awaiting a report whose push was forgotten fails at once and says so.
     */
    public Builder maxFinishedPushes(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("maxFinishedPushes " + count);
      }
      this.maxFinishedPushes = count;
      return this;
    }

    public int maxFinishedPushes() {
      return maxFinishedPushes;
    }

    /**
     * How many pushes may be pending (being tried, or waiting for their next attempt) at once
     * (default 10 000). Room for a submit's delivery reports is reserved before the submit is
     * accepted: when they would take the pending pushes beyond the bound, the submit waits for room
     * at most {@link #pushRoomWait} (default 5 s), and only while fewer than a quarter of
     * {@link #maxThreads} submits wait already (16 of 64: the other threads keep answering other
     * VASPs, cancels and the inbox). Without room it is answered MM7 status 4006 (Service
     * unavailable), nothing stored, no MessageID given: the VASP submits again later, and no
     * message is accepted whose reports would be dropped. A VASP slower than the submits, or down
     * through its retry schedule, thus slows them down or has them refused, instead of the stub
     * queueing ever more pushes in memory or holding its threads. One submit with more reports
     * than the bound goes alone, once no other push is pending. A push made through {@link
     * Mm7StubServer#pushes()} beyond the bound fails at once. The held pushes that {@link
     * Pushes#sendHeld()} sends, and the pending ones a store directory brings back at start, are
     * not refused: they may take the pending ones beyond the bound by at most {@link
     * #maxHeldPushes} (and what the earlier run left), until they end.
     */
    public Builder maxPendingPushes(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("maxPendingPushes " + count);
      }
      this.maxPendingPushes = count;
      return this;
    }

    public int maxPendingPushes() {
      return maxPendingPushes;
    }

    /**
     * How long a submit asking for delivery reports waits at most for room among the pending
     * pushes ({@link #maxPendingPushes}) before it is answered 4006 (default 5 s, well under a
     * VASP's usual HTTP timeout; zero: refused at once).
     */
    public Builder pushRoomWait(Duration wait) {
      if (wait == null || wait.isNegative()) {
        throw new IllegalArgumentException("pushRoomWait " + wait);
      }
      this.pushRoomWait = wait;
      return this;
    }

    public Duration pushRoomWait() {
      return pushRoomWait;
    }

    /**
     * How many pushes are kept for want of a push target (default 10 000); beyond, the oldest is
     * given up unsent, forgotten and counted by {@link Pushes#forgotten()}.
     */
    public Builder maxHeldPushes(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("maxHeldPushes " + count);
      }
      this.maxHeldPushes = count;
      return this;
    }

    public int maxHeldPushes() {
      return maxHeldPushes;
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
     * does not catch it. Timed from the body's first bytes read, and the read that completes the
     * body is never refused: a stub that comes late to read (busy) is not taken for a slow sender.
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
      return "role=" + role + (profile != null ? " profile=" + profile.name() : "") + " host=" + host + " port=" + port + " path=" + path + " mode=" + (strict ? "strict" : "lenient")
          + " accounts=" + accounts.size() + " maxMessageSize=" + maxMessageSize
          + " idleTimeout=" + idleTimeout.toMillis() + "ms bodyTimeout=" + bodyTimeout.toMillis() + "ms"
          + " store=" + (storeDirectory == null ? "(memory only)" : storeDirectory)
          + (vaspEndpoint != null ? " vaspEndpoint=" + vaspEndpoint : "")
          + (relayEndpoint != null ? " relayEndpoint=" + relayEndpoint : "")
          + (tls != null ? " https" + (httpsPort >= 0 ? "=" + httpsPort : "") : "")
          + " inbox=" + (!inbox ? "off" : inboxPassword != null ? "on (password)" : "on");
    }
  }
}
