package org.openmm7.stub.internal.push;

import org.openmm7.client.internal.SafeText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.openmm7.client.Credentials;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.Profile;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.Account;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.PushRecord;
import org.openmm7.stub.Pushes;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.ReportStep;
import org.openmm7.stub.StartFiles;
import org.openmm7.stub.StoredMessage;
import org.openmm7.stub.internal.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay stub's pushes: each one encoded once (the same TransactionID and bytes on every
 * attempt), sent from a {@link ScheduledExecutorService} (no thread waits for a retry), retried on
 * the builder's backoff schedule until the VASP answers HTTP 200 with the matching response, status
 * 1000 and the same TransactionID. With a store directory each push is journalled in
 * {@code <store>/pushes/journal.log} ({@link PushJournal}, group commit) when created and after
 * every attempt; at start the pending ones are resumed, their next attempt made at once.
 *
 * <p>Memory is bounded, every structure by a stated limit ({@link #bounds()}, {@code /api/summary}):
 * beyond {@link Mm7StubServer.Builder#maxFinishedPushes} pushes delivered or given up, the oldest
 * of them are forgotten (counted by {@link #forgotten()}, their outcome remembered in a few bytes
 * for {@code awaitReport}, the latest {@link #MAX_FORGOTTEN_OUTCOMES}); held pushes have their own
 * bound ({@link Mm7StubServer.Builder#maxHeldPushes}); pending ones are never forgotten, and a
 * submit asking for reports that would take them beyond {@link
 * Mm7StubServer.Builder#maxPendingPushes} reserves room for them before it is accepted ({@link
 * #reserveRoom}), waiting a bounded time, by a bounded number of submits at once; without room it
 * is refused, nothing stored: a slow VASP slows the submits down, a down one has them refused, and
 * neither holds the stub's request threads. The exchanges run on at most {@link PeerSender#THREADS}
 * threads, with at most {@link PeerSender#MAX_PEERS} connection pools.
 */
public final class PushManager implements Pushes {
  private static final Logger log = LoggerFactory.getLogger(PushManager.class);
  /** Loaded when first used, not at the stub's start (Jackson costs ~100 ms to load). */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final Mm7StubServer.Builder options;
  private final MessageStore store;
  private final Mm7Codec encoder;
  private final Path directory;
  private final PeerSender http;
  private final String bootId;
  private final AtomicLong counter = new AtomicLong();
  /** Every push not forgotten, in order of creation; guarded by {@code this}. */
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  /** The finished (delivered, given up) pushes' ids, in the order they finished; guarded by {@code this}. */
  private final java.util.LinkedHashSet<String> finished = new java.util.LinkedHashSet<>();
  /** How many pushes were forgotten (finished beyond the bound, held given up beyond theirs); guarded by {@code this}. */
  private long forgottenCount;
  /**
   * The outcome of the latest forgotten pushes, by a 64-bit fingerprint of what a report is about
   * (operation, MessageID, recipient, MMStatus): so that awaiting one says it was forgotten, and
   * how it ended, instead of waiting for it. Guarded by {@code this}.
   */
  private final Map<Long, PushRecord.State> forgottenOutcomes = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, PushRecord.State> eldest) {
      return size() > MAX_FORGOTTEN_OUTCOMES;
    }
  };
  /** How many forgotten pushes' outcomes are remembered (about 80 bytes each). */
  public static final int MAX_FORGOTTEN_OUTCOMES = 100_000;
  private final int maxFinished;
  private final PushJournal journal;
  /** The release of each VASP's latest request: what a DeliverReq to it is written in, unless its account says. */
  private final Map<String, Mm7Release> spoken = new ConcurrentHashMap<>();
  private final List<Consumer<PushRecord>> listeners = new CopyOnWriteArrayList<>();
  /** Where pushes go for VASPs without an account push URL: the builder's vaspEndpoint until {@link #pushTo}. */
  private volatile Target defaultTarget;
  /** The held pushes' ids, oldest first; guarded by {@code this}. */
  private final java.util.LinkedHashSet<String> held = new java.util.LinkedHashSet<>();
  /**
   * The most pushes kept for want of a target: beyond, the oldest is given up unsent and forgotten
   * (a stub left running without one, taking submits that ask for reports).
   */
  private final int maxHeld;
  /**
   * The most pushes pending (being tried) at once: a submit asking for delivery reports that would
   * take them beyond waits for room ({@link #awaitRoom}), so that a VASP that takes reports more
   * slowly than the submits come slows the submits down instead of the stub queueing ever more
   * pushes in memory.
   */
  private final int maxPending;
  /** The longest a submit waits for room among the pending pushes before it is refused. */
  private final long roomWaitNanos;
  /**
   * The most submits waiting for room at once: a quarter of the stub's threads (16 of 64), so that
   * a VASP whose pushes pile up never holds more than that, and the rest answer everyone else.
   */
  private final int maxWaiting;
  /** Submits waiting in {@link #awaitRoom}; guarded by this. */
  private int waitingForRoom;
  /** Pushes that submits found room for and are making now (counted as pending); guarded by this. */
  private int reserved;
  /** Submits answered 4006 because their reports found no room among the pending pushes; guarded by this. */
  private long refusedSubmits;
  private ScheduledExecutorService timer;
  private boolean closed;

  public PushManager(Mm7StubServer.Builder options, MessageStore store, Mm7Codec encoder) throws IOException {
    this.options = options;
    this.store = store;
    this.encoder = encoder;
    this.http = new PeerSender(options.pushTimeout(), options.maxReplySize(), options.peerTls());
    // tells this run's IDs from an earlier run's: unique, not secret (a SecureRandom costs a cold start ~15 ms)
    this.bootId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    this.directory = options.storeDirectory() == null ? null : options.storeDirectory().resolve("pushes");
    this.defaultTarget = options.vaspEndpoint() == null ? null
        : new Target(options.vaspEndpoint(), options.vaspCredentials());
    this.maxFinished = options.maxFinishedPushes();
    this.maxPending = options.maxPendingPushes();
    this.roomWaitNanos = options.pushRoomWait().toNanos();
    this.maxWaiting = Math.max(1, options.maxThreads() / 4);
    this.maxHeld = options.maxHeldPushes();
    if (directory != null) {
      StartFiles.requireWritableDirectory(directory, "the push journal directory");
      this.journal = new PushJournal(directory);
      load();
    } else {
      this.journal = null;
    }
  }

  /** One push and its mutable state; guarded by the manager. */
  private static final class Job {
    String id;
    Mm7Operation operation;
    String transactionId;
    String vaspId;
    URI target;
    String messageId;
    String contentType;
    /** The encoded request, sent as it is on every attempt; null once finished (never sent again). */
    byte[] body;
    Instant createdAt;
    Instant dueAt;
    String after;
    /** The push whose {@link #after} this is: scheduled when this one ends (no scan of every push). */
    Job next;
    final List<PushRecord.Attempt> attempts = new ArrayList<>();
    PushRecord.State state = PushRecord.State.PENDING;
    ResponseStatus lastStatus;
    /** The recipient and MMStatus a report is about (null for a DeliverReq). */
    String recipient;
    MessageStatus mmStatus;
    /**
     * The attempt under way (its number among this push's tries), or 0: an exchange's outcome
     * counts only while it is still the push's attempt under way (not one a stop cut short
     * before a restart started the next).
     */
    int inFlight;
    /** How many attempts were started (numbers {@link #inFlight}). */
    int started;
    /** Where its latest journal record ends: durable once {@link PushJournal#sync} up to it returned. */
    long journalled;
    /**
     * The newest of its snapshots told to the listeners (by {@link PushManager#snapshots}'s
     * count); guarded by the job itself, which is held while its states are told, one at a time.
     */
    long told;
    final CompletableFuture<PushRecord> done = new CompletableFuture<>();

    /** Only through {@link PushManager#snapshotOf}: under the manager's lock. */
    PushRecord snapshot() {
      return new PushRecord(id, operation, transactionId, target, messageId, attempts, state, lastStatus, recipient,
          mmStatus);
    }
  }

  /** Where a VASP is pushed to, and with which credentials. */
  private record Target(URI uri, Credentials credentials) {}

  /**
   * A push's state as it was read under the manager's lock, numbered in the order of the reads:
   * a later number is a state at least as new, so that listeners are told states in order.
   */
  private record Observed(Job job, PushRecord record, long number) {}

  /** How many snapshots to tell were taken; guarded by this. */
  private long snapshots;

  // ---- life cycle ----

  public synchronized void start() {
    closed = false;
    if (timer == null) {
      timer = Executors.newSingleThreadScheduledExecutor(new TimerThreads());
    }
    for (Job j : jobs.values()) {
      if (j.state == PushRecord.State.PENDING && j.inFlight == 0 && ready(j)) {
        schedule(j, Instant.now()); // resumed: the attempt that was due is made at once
      }
    }
  }

  public synchronized void close() {
    closed = true;
    notifyAll(); // submits waiting for room among the pending pushes go on
    http.close(); // exchanges in flight end now; their pushes stay pending in the journal
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
    for (Job j : jobs.values()) {
      j.inFlight = 0; // the outcome of an exchange cut short here is not counted (finish)
    }
    if (journal != null) { // opened again if the stub starts again
      try {
        journal.close();
      } catch (IOException e) {
        log.warn("cannot close the push journal: {}", e.toString());
      }
    }
  }

  // ---- the API ----

  @Override
  public CompletableFuture<PushRecord> deliveryReport(String messageId, String recipient, MessageStatus status) {
    try {
      StoredMessage m = requireMessage(messageId);
      DeliveryReportRequest dr = DeliveryReportRequest.builder().relayServerId(options.relayServerId())
          .messageId(m.messageId()).recipient(address(recipient)).sender(senderOf(m))
          .date(OffsetDateTime.now(ZoneOffset.UTC)).mmStatus(status).statusText(status.wireName()).build();
      return create(dr, m.vaspId(), m.messageId(), releaseOf(m), Instant.now(), null, true).done;
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<PushRecord> readReply(String messageId, String recipient, MessageStatus status) {
    try {
      StoredMessage m = requireMessage(messageId);
      ReadReplyRequest rr = ReadReplyRequest.builder().relayServerId(options.relayServerId())
          .messageId(m.messageId()).recipient(address(recipient)).sender(senderOf(m))
          .timeStamp(OffsetDateTime.now(ZoneOffset.UTC)).mmStatus(status).statusText(status.wireName()).build();
      return create(rr, m.vaspId(), m.messageId(), releaseOf(m), Instant.now(), null, true).done;
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<PushRecord> deliver(DeliverRequest request, String vaspId) {
    try {
      Mm7Release release = releaseFor(vaspId != null ? vaspId : request.vaspId());
      DeliverRequest.Builder b = request.toBuilder();
      if (request.relayServerId() == null) {
        b.relayServerId(options.relayServerId());
      }
      if (request.vaspId() == null && vaspId != null && release.has("DeliverReq/VASPID")) {
        b.vaspId(vaspId); // (Rel-6 only: a REL-5 DeliverReq has no VASPID)
      }
      return create(b.build(), vaspId, null, release, Instant.now(), null, true).done;
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public synchronized List<PushRecord> history() {
    List<PushRecord> out = new ArrayList<>(jobs.size());
    for (Job j : jobs.values()) {
      out.add(snapshotOf(j));
    }
    return out;
  }

  @Override
  public synchronized long forgotten() {
    return forgottenCount;
  }

  @Override
  public synchronized Map<PushRecord.State, Long> counts() {
    Map<PushRecord.State, Long> out = new java.util.EnumMap<>(PushRecord.State.class);
    for (PushRecord.State s : PushRecord.State.values()) {
      out.put(s, 0L);
    }
    for (Job j : jobs.values()) {
      out.merge(j.state, 1L, Long::sum);
    }
    return out;
  }

  @Override
  public List<PushRecord> held() {
    List<PushRecord> out = new ArrayList<>();
    synchronized (this) {
      for (String id : held) {
        Job j = jobs.get(id);
        if (j != null && j.state == PushRecord.State.HELD) {
          out.add(snapshotOf(j));
        }
      }
    }
    return out;
  }

  /**
   * How a forgotten push about this ended (DELIVERED or FAILED), or null when none such is
   * remembered (never made, or among the oldest forgotten beyond {@link #MAX_FORGOTTEN_OUTCOMES}).
   */
  synchronized PushRecord.State forgottenOutcome(Mm7Operation operation, String messageId, String recipient,
      MessageStatus status) {
    return forgottenOutcomes.get(fingerprint(operation, messageId, recipient, status));
  }

  /** The encoded requests kept in memory, in bytes: those of the pending and held pushes only (for tests). */
  synchronized long encodedBytesKept() {
    long n = 0;
    for (Job j : jobs.values()) {
      n += j.body == null ? 0 : j.body.length;
    }
    return n;
  }

  /** The bound on finished pushes kept. */
  int maxFinished() {
    return maxFinished;
  }

  @Override
  public synchronized PushRecord get(String id) {
    Job j = jobs.get(id);
    return j == null ? null : snapshotOf(j);
  }

  @Override
  public AutoCloseable subscribe(Consumer<PushRecord> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public int sendHeld() {
    List<Job> released = new ArrayList<>();
    long last = 0;
    synchronized (this) {
      for (java.util.Iterator<String> it = held.iterator(); it.hasNext(); ) {
        Job j = jobs.get(it.next());
        Target t = j == null ? null : target(j.vaspId, null);
        if (j == null || j.state != PushRecord.State.HELD) {
          it.remove();
        } else if (t != null) {
          it.remove();
          j.target = t.uri();
          j.state = PushRecord.State.PENDING;
          j.dueAt = Instant.now();
          try {
            journal(j);
          } catch (IOException e) {
            log.warn("cannot journal push {}: {}", j.id, e.toString());
          }
          released.add(j);
          last = Math.max(last, j.journalled);
        }
      }
      // all released first: a later report for the same recipient waits for the earlier one
      for (Job j : released) {
        if (ready(j)) {
          schedule(j, j.dueAt);
        }
      }
    }
    sync(last);
    List<Observed> now = new ArrayList<>(released.size());
    synchronized (this) { // their attempts may be running already
      for (Job j : released) {
        now.add(observe(j));
      }
    }
    now.forEach(this::tell);
    return released.size();
  }

  // ---- the push target ----

  /** Where pushes go for VASPs whose account has no push URL from now on (null: they are held). */
  public void pushTo(URI endpoint, Credentials credentials) {
    this.defaultTarget = endpoint == null ? null : new Target(endpoint, credentials);
  }

  @Override
  public synchronized int waitingForRoom() {
    return waitingForRoom;
  }

  @Override
  public synchronized long refusedSubmits() {
    return refusedSubmits;
  }

  /** How many VASPs {@link #pendingByVasp} names at most. */
  static final int MAX_VASPS_LISTED = 10;

  @Override
  public Map<String, Long> pendingByVasp() {
    Map<String, Long> all = new java.util.HashMap<>();
    synchronized (this) {
      for (Job j : jobs.values()) {
        if (j.state == PushRecord.State.PENDING) {
          all.merge(j.vaspId == null ? "" : j.vaspId, 1L, Long::sum);
        }
      }
    }
    Map<String, Long> out = new LinkedHashMap<>();
    all.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(MAX_VASPS_LISTED).forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  @Override
  public Map<String, Bound> bounds() {
    Map<String, Bound> out = new LinkedHashMap<>();
    synchronized (this) {
      out.put("pending", new Bound(pendingCount(), maxPending));
      out.put("held", new Bound(held.size(), maxHeld));
      out.put("finished", new Bound(finished.size(), maxFinished));
      out.put("forgottenOutcomes", new Bound(forgottenOutcomes.size(), MAX_FORGOTTEN_OUTCOMES));
    }
    out.put("senderThreads", new Bound(http.threads(), PeerSender.THREADS));
    out.put("peerPools", new Bound(http.peers(), PeerSender.MAX_PEERS));
    out.put("vaspReleases", new Bound(spoken.size(), MAX_VASPS_REMEMBERED));
    return out;
  }

  /** Guarded by this: the pushes being tried (every push kept is pending, held or finished). */
  private int pendingCount() {
    return jobs.size() - finished.size() - held.size();
  }

  /** Guarded by this: whether {@code n} more pushes fit under the bound (or go alone, when none is pending). */
  private boolean roomFor(int n) {
    int taken = pendingCount() + reserved;
    return taken + n <= maxPending || taken == 0;
  }

  /**
   * Waits until {@code n} more pushes fit among the pending ones ({@link #maxPending}), then
   * reserves room for them until {@link #release}: concurrent submits cannot all find the same
   * room. The wait is bounded: at most {@link #roomWaitNanos}, and only while fewer than {@link
   * #maxWaiting} submits wait; closing the stub ends it (the submit goes on).
   *
   * @return whether the room is reserved
   */
  private synchronized boolean awaitRoom(int n) throws IOException {
    if (n > 0 && !closed && !roomFor(n)) {
      if (waitingForRoom >= maxWaiting) {
        return false;
      }
      waitingForRoom++;
      try {
        long deadline = System.nanoTime() + roomWaitNanos;
        while (!closed && !roomFor(n)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while waiting for room among the pending pushes");
      } finally {
        waitingForRoom--;
      }
    }
    reserved += n;
    return true;
  }

  /** The pushes reserved by {@link #awaitRoom} are made (now counted as pending themselves), or will not be. */
  private synchronized void release(int n) {
    reserved -= n;
    if (waitingForRoom > 0) {
      notifyAll();
    }
  }

  public URI pushTarget() {
    Target t = defaultTarget;
    return t == null ? null : t.uri();
  }

  // ---- called by the relay ----

  /** A request from this VASP arrived, in this release. */
  public void requestFrom(String vaspId, Mm7Release release) {
    if (vaspId != null && release != null && (spoken.size() < MAX_VASPS_REMEMBERED || spoken.containsKey(vaspId))) {
      spoken.put(vaspId, release);
    }
  }

  /** VASPs whose release is remembered: a bound against requests with ever new VASPIDs (no accounts). */
  private static final int MAX_VASPS_REMEMBERED = 10_000;

  /**
   * The release of a DeliverReq to this VASP: its account's, else that of its latest request,
   * else the stub's default.
   */
  Mm7Release releaseFor(String vaspId) {
    if (vaspId != null) {
      for (Account a : options.accounts()) {
        if (a.vaspId().equals(vaspId) && a.release() != null) {
          return a.release();
        }
      }
      Profile profile = options.profile();
      if (profile != null && profile.answerNamespace() == Profile.AnswerNamespace.OWN) {
        return profile.release(); // a relay like Mbuni speaks its configured release, whatever the VASP used
      }
      Mm7Release latest = spoken.get(vaspId);
      if (latest != null) {
        return latest;
      }
    }
    return options.defaultRelease();
  }

  private final java.util.Set<String> warnedNoEndpoint = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Room among the pending pushes for one submit's delivery reports, reserved before the submit is
   * accepted ({@link #reserveRoom}) and given back once they are made ({@link #submitted}) or when
   * the submit is not accepted after all ({@link #close}). Refused when the submit must not be
   * accepted: then {@link #refusal} says why.
   */
  public final class Room implements AutoCloseable {
    private int count;
    private final String refusal;

    private Room(int count, String refusal) {
      this.count = count;
      this.refusal = refusal;
    }

    /** Null when the room is reserved, else the status text of the submit's 4006. */
    public String refusal() {
      return refusal;
    }

    @Override
    public void close() {
      synchronized (PushManager.this) {
        if (count > 0) {
          release(count);
          count = 0;
        }
      }
    }
  }

  /**
   * Before a SubmitReq is accepted: reserves room for the delivery reports it asks for among the
   * pending pushes, waiting a bounded time for it ({@link #awaitRoom}). A refused room means the
   * submit is answered 4006 and nothing of it kept: never a message accepted whose reports are
   * dropped, never a request thread held for as long as a VASP stays down.
   */
  public Room reserveRoom(RecordedRequest r, SubmitRequest s) throws IOException {
    int n = pushesNeedingRoom(r, s);
    if (awaitRoom(n)) {
      return new Room(n, null);
    }
    int pending;
    synchronized (this) {
      pending = pendingCount() + reserved;
      refusedSubmits++;
    }
    return new Room(0, "Service unavailable: the pushes pending for the VASPs' delivery reports are at their"
        + " bound (" + pending + " of maxPendingPushes " + maxPending + ") and this message's " + n + " reports"
        + " would not fit; nothing was stored: submit it again later");
  }

  /** How many pending pushes a submit's delivery reports make: none when held (they have their own bound). */
  private int pushesNeedingRoom(RecordedRequest r, SubmitRequest s) {
    if (!Boolean.TRUE.equals(s.deliveryReport()) || options.deliveryReports().isEmpty()
        || target(r.vaspId(), null) == null) {
      return 0;
    }
    // shown to the recipients, not delivered to: no report
    long reported = reportedRecipients(s).size();
    return (int) Math.min(Integer.MAX_VALUE, reported * options.deliveryReports().size());
  }

  /**
   * After an accepted SubmitReq (the store's copy is durable): schedules its delivery reports,
   * durably too, in the room {@link #reserveRoom} reserved for them (given back here).
   */
  public void submitted(String messageId, RecordedRequest r, SubmitRequest s, Room room) throws IOException {
    Address sender = senderOf(s);
    if (!Boolean.TRUE.equals(s.deliveryReport()) || options.deliveryReports().isEmpty()) {
      room.close();
      return;
    }
    if (target(r.vaspId(), null) == null) {
      // once per VASP: at thousands of submits a second, a line each was a tenth of the stub's work
      if (warnedNoEndpoint.size() < MAX_VASPS_REMEMBERED && warnedNoEndpoint.add(String.valueOf(r.vaspId()))) {
        log.info("delivery reports for {} (and later messages of VASP {}) are held: no push endpoint for it "
            + "(Account.pushUrl, vaspEndpoint or pushTo; then pushes().sendHeld())", messageId,
            SafeText.escape(r.vaspId()));
      }
    }
    // shown to the recipients, not delivered to: no report
    List<Address> reported = reportedRecipients(s);
    Instant now = Instant.now();
    List<Created> created = new ArrayList<>();
    try {
      for (Address recipient : reported) {
        String previous = null;
        for (ReportStep step : options.deliveryReports()) {
          DeliveryReportRequest dr = DeliveryReportRequest.builder().relayServerId(options.relayServerId())
              .messageId(messageId).recipient(recipient).sender(sender)
              .date(OffsetDateTime.now(ZoneOffset.UTC)).mmStatus(step.status()).statusText(step.status().wireName())
              .build();
          Created c = insert(dr, r.vaspId(), messageId, r.release(), now.plus(step.delay()), previous);
          created.add(c);
          previous = c.job().id;
        }
      }
    } finally {
      room.close();
    }
    // one force for all of this submit's pushes (and those of concurrent submits): the submit is
    // answered 1000 only once its reports are durable
    if (journal != null && !created.isEmpty()) {
      journal.sync(created.get(created.size() - 1).journalled());
    }
    for (Created c : created) {
      announce(c);
    }
  }

  /*
   * Loops and named classes rather than streams and lambdas on a stub's start and its first
   * submit: each lambda links a call site and spins a class at run time, which the first stub in
   * a JVM pays (the bench's start-up case).
   */

  /** The recipients a delivery report is due for: all but those only shown (displayOnly). */
  private static List<Address> reportedRecipients(SubmitRequest s) {
    List<Address> all = s.recipients().all();
    List<Address> out = new ArrayList<>(all.size());
    for (Address a : all) {
      if (!a.displayOnly()) {
        out.add(a);
      }
    }
    return out;
  }

  /** The timer's one thread, a daemon. */
  private static final class TimerThreads implements java.util.concurrent.ThreadFactory {
    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "mm7-stub-pushes");
      t.setDaemon(true);
      return t;
    }
  }

  // ---- inside ----

  private StoredMessage requireMessage(String messageId) {
    StoredMessage m = store.get(messageId);
    if (m == null) {
      throw new IllegalArgumentException("no stored message " + messageId);
    }
    return m;
  }

  /** Who a DeliveryReportReq about a submitted message names as its sender (the store keeps it). */
  public static Address senderOf(SubmitRequest s) {
    return s.senderAddress() != null ? s.senderAddress()
        : Address.shortCode(s.vasId() != null ? s.vasId() : s.vaspId() != null ? s.vaspId() : "openmm7");
  }

  private Address senderOf(StoredMessage m) {
    Address a = store.sender(m.messageId());
    return a != null ? a : Address.shortCode(m.vaspId() != null ? m.vaspId() : "openmm7");
  }

  private Mm7Release releaseOf(StoredMessage m) {
    return m.release() == null ? options.defaultRelease()
        : Mm7Release.fromName(m.release()).orElse(options.defaultRelease());
  }

  static Address address(String text) {
    String s = text == null ? "" : text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("no recipient");
    }
    if (s.indexOf('@') > 0) {
      return Address.email(s);
    }
    if (s.matches("\\+?[0-9]{7,}")) {
      return Address.number(s);
    }
    return Address.shortCode(s);
  }

  private Target target(String vaspId, URI stored) {
    if (vaspId != null) {
      for (Account a : options.accounts()) {
        if (a.vaspId().equals(vaspId) && a.pushUrl() != null) {
          return new Target(a.pushUrl(), a.pushCredentials());
        }
      }
    }
    Target fallback = defaultTarget;
    if (fallback != null) {
      return fallback;
    }
    return stored == null ? null : new Target(stored, Credentials.none());
  }

  private Job create(Mm7Message message, String vaspId, String messageId, Mm7Release release, Instant dueAt,
      String after, boolean failWithoutTarget) throws IOException {
    Created c;
    synchronized (this) {
      // not a wait: the caller may be a push's own callback, on one of the threads that end pushes
      if (target(vaspId, null) != null && !closed && !roomFor(1)) {
        throw new IllegalStateException(pendingCount() + reserved + " pushes are pending, the most the stub keeps"
            + " (maxPendingPushes, --max-pending-pushes): push again once some have ended");
      }
      reserved++;
    }
    try {
      c = insert(message, vaspId, messageId, release, dueAt, after);
    } finally {
      release(1);
    }
    sync(c.journalled());
    announce(c);
    return c.job();
  }

  /**
   * A push just made, where its first journal record ends (read under the lock: the job's own
   * field moves on as its attempts are journalled), and the held one it pushed out of memory (or null).
   */
  private record Created(Job job, long journalled, Job dropped) {}

  /** Makes a push, journalled (not yet forced) and scheduled; {@link #announce} it once durable. */
  private Created insert(Mm7Message message, String vaspId, String messageId, Mm7Release release, Instant dueAt,
      String after) throws IOException {
    Target t = target(vaspId, null);
    Job j = new Job();
    j.id = "push-" + bootId + "-" + counter.incrementAndGet();
    Profile profile = options.profile();
    // a relay like Mbuni gives every report of a message the MessageID as TransactionID
    j.transactionId = profile != null && message.operation() == Mm7Operation.DELIVERY_REPORT_REQ && messageId != null
        && profile.reportTransactionIds() == Profile.ReportTransactionIds.MESSAGE_ID ? messageId : "mm7stub-" + j.id;
    j.operation = message.operation();
    j.vaspId = vaspId;
    j.target = t == null ? null : t.uri();
    j.state = t == null ? PushRecord.State.HELD : PushRecord.State.PENDING;
    j.messageId = messageId;
    if (message instanceof DeliveryReportRequest dr) {
      j.recipient = dr.recipient() == null ? null : dr.recipient().value();
      j.mmStatus = dr.mmStatus();
    } else if (message instanceof ReadReplyRequest rr) {
      j.recipient = rr.recipient() == null ? null : rr.recipient().value();
      j.mmStatus = rr.mmStatus();
    }
    PeerSender.Encoded e = PeerSender.encode(encoder, Mm7Envelope.of(j.transactionId, release, message));
    j.contentType = e.contentType();
    j.body = e.body();
    j.createdAt = Instant.now();
    j.dueAt = dueAt;
    j.after = after;
    Job dropped = null;
    long journalled;
    synchronized (this) {
      journal(j);
      journalled = j.journalled;
      jobs.put(j.id, j);
      link(j);
      if (j.state == PushRecord.State.HELD) {
        held.add(j.id);
        if (held.size() > maxHeld) {
          dropped = giveUpOldestHeld();
        }
      } else if (ready(j)) {
        schedule(j, dueAt);
      }
    }
    return new Created(j, journalled, dropped);
  }

  private void announce(Created c) {
    Job j = c.job();
    Observed now;
    Observed dropped;
    synchronized (this) { // its first attempt may be running already (a report due at once)
      now = observe(j);
      dropped = c.dropped() == null ? null : observe(c.dropped());
    }
    tell(now);
    if (now.record().state() == PushRecord.State.HELD) {
      j.done.complete(now.record()); // kept, not failed: the caller learns it is held
    }
    if (dropped != null) {
      tell(dropped);
    }
  }

  /** Guarded by this: a push's state to tell the listeners, numbered ({@link Observed}). */
  private Observed observe(Job j) {
    return new Observed(j, snapshotOf(j), ++snapshots);
  }

  /**
   * A push's state as a record; only under this manager's lock: a sender thread adds attempts to
   * the job meanwhile, and a copy of its list taken without the lock met a half-grown array (a
   * NullPointerException that answered an accepted, stored submit 3000 once in 35,000).
   */
  private PushRecord snapshotOf(Job j) {
    if (!Thread.holdsLock(this)) {
      throw new IllegalStateException("push " + j.id + " read without the push manager's lock");
    }
    return j.snapshot();
  }

  /** Waits until the journal holds everything appended up to there (a no-op without a store). */
  private void sync(long position) {
    if (journal == null || position == 0) {
      return;
    }
    try {
      journal.sync(position);
    } catch (IOException e) {
      log.warn("cannot force the push journal to disk: {}", e.toString());
    }
  }

  /**
   * Guarded by this: the oldest held push is given up unsent and forgotten (its journal file
   * removed), so that a stub left running without a push target stays bounded; listeners are told
   * of it as FAILED.
   */
  private Job giveUpOldestHeld() {
    java.util.Iterator<String> it = held.iterator();
    Job oldest = jobs.remove(it.next());
    it.remove();
    oldest.state = PushRecord.State.FAILED;
    oldest.attempts.add(new PushRecord.Attempt(Instant.now(), 0, null,
        "given up unsent: more than " + maxHeld + " pushes held without a push target"));
    forgetting(oldest);
    if (!warnedDropping) {
      warnedDropping = true; // once: beyond the bound it happens at every push
      log.warn("more than {} pushes held without a push target: the oldest are given up unsent (set one with"
          + " --vasp-url or pushTo, then send the held ones)", maxHeld);
    }
    return oldest;
  }

  /** Guarded by this. */
  private boolean warnedDropping;

  /**
   * Guarded by this: a push was delivered or given up; beyond {@link #maxFinished} such pushes the
   * oldest finished one is forgotten.
   */
  private void finished(Job j) {
    finished.add(j.id);
    while (finished.size() > maxFinished) {
      java.util.Iterator<String> it = finished.iterator();
      Job oldest = jobs.remove(it.next());
      it.remove();
      if (oldest != null) {
        forgetting(oldest);
      }
    }
  }

  /** Guarded by this: a push leaves memory and the journal; its outcome is remembered in a few bytes. */
  private void forgetting(Job j) {
    forgottenCount++;
    forgottenOutcomes.put(fingerprint(j.operation, j.messageId, j.recipient, j.mmStatus), j.state);
    if (journal != null) {
      try {
        // not forced on its own (PushJournal): should a machine crash lose it, the push comes back
        // finished, is never sent again, and is forgotten again by the bound: a duplicate, not a loss
        journal.forget(j.id);
      } catch (IOException e) {
        log.warn("cannot journal that push {} is forgotten: {}", j.id, e.toString());
      }
    }
  }

  private static long fingerprint(Mm7Operation operation, String messageId, String recipient, MessageStatus status) {
    String key = operation.elementName() + '\u0000' + messageId + '\u0000' + recipient + '\u0000'
        + (status == null ? "" : status.wireName());
    long h = 0xcbf29ce484222325L; // FNV-1a, 64 bits
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Guarded by this: the push before this one (same message and recipient) schedules it when it ends. */
  private void link(Job j) {
    Job before = j.after == null ? null : jobs.get(j.after);
    if (before != null) {
      before.next = j;
    }
  }

  /** Whether a push may go: the report before it (same message and recipient) is answered or given up. */
  private boolean ready(Job j) {
    Job before = j.after == null ? null : jobs.get(j.after);
    return before == null || before.state != PushRecord.State.PENDING;
  }

  private void schedule(Job j, Instant at) {
    if (timer == null || closed) {
      return; // not started yet (start() schedules it) or closed (a restart resumes it)
    }
    long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis());
    timer.schedule(() -> attempt(j), delay, TimeUnit.MILLISECONDS);
  }

  private void attempt(Job j) {
    Target t;
    int number;
    PeerSender.Encoded request;
    synchronized (this) { // the body goes once the push ends: read with the state that says it is still pending
      if (closed || j.state != PushRecord.State.PENDING || j.inFlight != 0) {
        return;
      }
      number = ++j.started;
      j.inFlight = number;
      t = target(j.vaspId, j.target);
      request = new PeerSender.Encoded(j.contentType, j.body);
    }
    Instant at = Instant.now();
    http.post(t.uri(), t.credentials(), j.operation.elementName(), j.transactionId, request)
        .whenComplete((answer, error) -> finish(j, number, at, answer, error));
  }

  /** The refused connection behind a failure, or null. */
  private static ConnectException refused(Throwable t) {
    for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
      if (t instanceof ConnectException c) {
        return c;
      }
    }
    return null;
  }

  private void finish(Job j, int number, Instant at, PeerSender.Answer a, Throwable error) {
    boolean delivered = false;
    PushRecord.Attempt attempt;
    if (error != null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      String why = refused(cause) != null ? "connection refused: " + refused(cause).getMessage()
          : cause instanceof PeerSender.Unanswered || cause instanceof Mm7Exception ? cause.getMessage()
          : cause.toString();
      attempt = new PushRecord.Attempt(at, 0, null, why);
    } else {
      String problem = a.problem();
      if (PeerSender.EMPTY_BODY.equals(problem) && a.httpStatus() == 200 && options.profile() != null
          && options.profile().emptyRepliesAccepted()) {
        delivered = true; // a relay like Vibes takes an empty 200 as the VASP's success
      } else if (problem == null) {
        if (a.response() instanceof ErrorResponse er) {
          problem = "the VASP answered " + er.operation().elementName() + " " + er.status();
        } else if (a.response().operation() != j.operation.response()) {
          problem = "answered " + a.response().operation().elementName() + " to " + j.operation.elementName();
        } else if (!j.transactionId.equals(a.transactionId() == null ? null : a.transactionId().trim())) {
          problem = "TransactionID " + a.transactionId() + " does not match " + j.transactionId;
        } else if (a.response().status().code() != Mm7Status.SUCCESS.code()) {
          problem = "status " + a.response().status();
        } else if (a.httpStatus() != 200) {
          problem = "HTTP " + a.httpStatus();
        } else {
          delivered = true;
        }
      }
      attempt = new PushRecord.Attempt(at, a.httpStatus(), a.response() == null ? null : a.response().status(),
          problem);
    }
    Observed snapshot;
    URI target;
    List<Job> next = new ArrayList<>();
    synchronized (this) {
      if (closed || j.inFlight != number) {
        // stopped meanwhile (the journal still says pending, and a restart sends it again), or
        // stopped and started again: the restart's own attempt is the one under way
        return;
      }
      j.inFlight = 0;
      j.attempts.add(attempt);
      if (attempt.status() != null) {
        j.lastStatus = attempt.status();
      }
      List<Duration> backoff = options.pushRetrySchedule();
      if (delivered) {
        j.state = PushRecord.State.DELIVERED;
      } else if (j.attempts.size() > backoff.size()) {
        j.state = PushRecord.State.FAILED;
      } else {
        j.dueAt = Instant.now().plus(backoff.get(j.attempts.size() - 1));
      }
      if (j.state != PushRecord.State.PENDING) {
        // never sent again: the maxFinishedPushes kept are their outcome, not their bytes (a
        // report's ~2 KB was three quarters of a finished push's memory and journal record)
        j.body = null;
      }
      try {
        journal(j);
      } catch (IOException e) {
        log.warn("cannot journal push {}: {}", j.id, e.toString());
      }
      if (j.state == PushRecord.State.PENDING) {
        schedule(j, j.dueAt);
      } else {
        finished(j);
        if (waitingForRoom > 0) {
          notifyAll(); // one push fewer being tried
        }
        Job other = j.next;
        if (other != null && other.state == PushRecord.State.PENDING && jobs.get(other.id) == other) {
          next.add(other);
          schedule(other, other.dueAt);
        }
      }
      snapshot = observe(j);
      target = j.target;
    }
    // not forced here: the next batch's force (a submit's reports, a push made) or the close
    // covers it. A machine crash before then brings the push back as it was journalled before
    // this attempt, and it is sent again, the same bytes and TransactionID: a duplicate the VASP
    // can recognise, never a loss; a force per push ending was a third of the forces with a store.
    PushRecord record = snapshot.record();
    log.debug("push {} {} attempt {}: {}", j.id, j.operation.elementName(), record.attempts().size(),
        attempt.error() == null ? "delivered" : SafeText.escape(attempt.error()));
    if (record.state() == PushRecord.State.FAILED) {
      log.warn("push {} ({} to {}) given up after {} attempts: {}", j.id, j.operation.elementName(), target,
          record.attempts().size(), SafeText.escape(attempt.error()));
    }
    tell(snapshot);
    if (record.state() != PushRecord.State.PENDING) {
      j.done.complete(record);
    }
  }

  /**
   * Tells the listeners a push's state, unless they were told a newer one already: two threads
   * that read the same push's state (a submit announcing it, its attempt ending) tell it one at a
   * time, in the order they read it, so that a listener never learns PENDING after DELIVERED.
   * Never under the manager's lock (a listener may ask the pushes anything).
   */
  private void tell(Observed o) {
    if (Thread.holdsLock(this)) {
      throw new IllegalStateException("push " + o.job().id + " told under the push manager's lock");
    }
    synchronized (o.job()) {
      if (o.number() <= o.job().told) {
        return; // a newer state was told meanwhile
      }
      o.job().told = o.number();
      for (Consumer<PushRecord> l : listeners) {
        try {
          l.accept(o.record());
        } catch (RuntimeException e) {
          log.warn("a push listener failed: {}", e.toString());
        }
      }
    }
  }

  // ---- the journal ----

  /** Guarded by this: appends the push's state to the journal (forced later, by {@link #sync}). */
  private void journal(Job j) throws IOException {
    if (journal == null) {
      return;
    }
    // the journal compacts itself when mostly dead, on a thread of its own: no push waits for that
    j.journalled = journal.append(j.id, encode(j));
  }

  private static byte[] encode(Job j) throws IOException {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", j.id);
    o.put("operation", j.operation.elementName());
    o.put("transactionId", j.transactionId);
    o.put("vaspId", j.vaspId);
    o.put("target", j.target == null ? null : j.target.toString());
    o.put("messageId", j.messageId);
    o.put("createdAt", j.createdAt.toString());
    o.put("dueAt", j.dueAt.toString());
    o.put("after", j.after);
    o.put("recipient", j.recipient);
    o.put("mmStatus", j.mmStatus == null ? null : j.mmStatus.wireName());
    o.put("state", j.state.name());
    if (j.lastStatus != null) {
      o.put("lastStatusCode", j.lastStatus.code());
      o.put("lastStatusText", j.lastStatus.text());
    }
    ArrayNode attempts = o.putArray("attempts");
    for (PushRecord.Attempt a : j.attempts) {
      ObjectNode n = attempts.addObject();
      n.put("at", a.at().toString());
      n.put("httpStatus", a.httpStatus());
      if (a.status() != null) {
        n.put("statusCode", a.status().code());
        n.put("statusText", a.status().text());
      }
      n.put("error", a.error());
    }
    o.put("contentType", j.contentType);
    if (j.body != null) {
      o.put("body", Base64.getEncoder().encodeToString(j.body));
    }
    return Json.MAPPER.writeValueAsBytes(o);
  }

  private void load() throws IOException {
    List<Job> loaded = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : journal.load().entrySet()) {
      try {
        loaded.add(read(Json.MAPPER.readTree(e.getValue())));
      } catch (IOException | RuntimeException bad) {
        log.warn("push {} in the journal cannot be read, left out: {}", SafeText.escape(e.getKey()), bad.toString());
      }
    }
    // a store written by an earlier version: a file per push, moved into the journal below
    List<Path> legacy = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.json.tmp")) {
      for (Path p : ds) {
        Files.deleteIfExists(p); // a journal write a killed stub never finished
      }
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.json")) {
      for (Path p : ds) {
        try {
          loaded.add(read(Json.MAPPER.readTree(p.toFile())));
          legacy.add(p);
        } catch (IOException | RuntimeException e) {
          StartFiles.setAside(directory, p, e);
        }
      }
    }
    loaded.sort(Comparator.comparing((Job j) -> j.createdAt).thenComparing(j -> j.id.length())
        .thenComparing(j -> j.id));
    synchronized (this) {
      for (Job j : loaded) {
        jobs.put(j.id, j);
        if (j.state == PushRecord.State.HELD) {
          held.add(j.id);
        }
        if (j.state != PushRecord.State.PENDING) {
          j.done.complete(snapshotOf(j));
        }
        if (j.state == PushRecord.State.DELIVERED || j.state == PushRecord.State.FAILED) {
          finished(j);
        }
      }
      for (Job j : loaded) {
        link(j); // once all are in: a report's predecessor may have been read after it
      }
      if (!legacy.isEmpty()) {
        List<Map.Entry<String, byte[]>> live = new ArrayList<>(jobs.size());
        for (Job j : jobs.values()) {
          live.add(Map.entry(j.id, encode(j)));
        }
        journal.rewrite(live); // durable in the journal before the files go
        for (Path p : legacy) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static Job read(JsonNode n) {
    Job j = new Job();
    j.id = n.path("id").asText();
    j.operation = Mm7Operation.fromElementName(n.path("operation").asText()).orElseThrow();
    j.transactionId = n.path("transactionId").asText();
    j.vaspId = n.hasNonNull("vaspId") ? n.get("vaspId").asText() : null;
    j.target = n.hasNonNull("target") ? URI.create(n.get("target").asText()) : null;
    j.messageId = n.hasNonNull("messageId") ? n.get("messageId").asText() : null;
    j.createdAt = Instant.parse(n.path("createdAt").asText());
    j.dueAt = Instant.parse(n.path("dueAt").asText());
    j.after = n.hasNonNull("after") ? n.get("after").asText() : null;
    j.recipient = n.hasNonNull("recipient") ? n.get("recipient").asText() : null;
    j.mmStatus = n.hasNonNull("mmStatus") ? MessageStatus.of(n.get("mmStatus").asText()) : null;
    j.state = PushRecord.State.valueOf(n.path("state").asText());
    if (n.hasNonNull("lastStatusCode")) {
      j.lastStatus = ResponseStatus.of(n.get("lastStatusCode").asInt(), n.path("lastStatusText").asText(null));
    }
    for (JsonNode a : n.path("attempts")) {
      j.attempts.add(new PushRecord.Attempt(Instant.parse(a.path("at").asText()), a.path("httpStatus").asInt(),
          a.hasNonNull("statusCode") ? ResponseStatus.of(a.get("statusCode").asInt(), a.path("statusText").asText(null))
              : null, a.hasNonNull("error") ? a.get("error").asText() : null));
    }
    j.contentType = n.path("contentType").asText();
    boolean finished = j.state == PushRecord.State.DELIVERED || j.state == PushRecord.State.FAILED;
    // a finished push's bytes are not kept (an earlier version journalled them)
    j.body = finished || !n.hasNonNull("body") ? null : Base64.getDecoder().decode(n.get("body").asText());
    if (!finished && j.body == null) {
      throw new IllegalArgumentException("a " + j.state + " push without its encoded request");
    }
    return j;
  }
}
