package org.openmm7.client;

import org.openmm7.client.internal.DaemonThreads;
import org.openmm7.client.internal.SafeText;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7EncodeException;
import org.openmm7.client.internal.transport.HttpReply;
import org.openmm7.client.internal.transport.RelayTransport;
import org.openmm7.client.internal.transport.ReplyReader;
import org.openmm7.client.internal.transport.RequestWriter;
import org.openmm7.client.internal.transport.RateLimiter;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.ExtendedReplaceResponse;
import org.openmm7.client.message.Mm7Request;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends MM7 requests from a VASP to a relay (MMSC) over HTTP(S). Build one per relay, share it
 * between threads, close it at shutdown:
 *
 * <pre>{@code
 * try (Mm7Client client = Mm7Client.builder(URI.create("https://mmsc.example.net/mm7"))
 *     .vaspId("acme").vasId("alerts").senderAddress(Address.shortCode("12345"))
 *     .credentials(Credentials.basic("acme", secret))
 *     .build()) {
 *   SubmitResponse rsp = client.submit(SubmitRequest.builder()
 *       .recipients(Recipients.to(Address.number("+447700900123")))
 *       .subject("Hello").content(TextPart.of("Hello from MM7")).build());
 *   System.out.println(rsp.messageId());
 * }
 * }</pre>
 *
 * <h2>Outcomes</h2>
 * Every operation returns the typed response when its status is 1xxx (1100, partial success,
 * included: {@code response.status().code().isPartialSuccess()} says so) and otherwise throws one
 * of the subtypes of the checked {@link Mm7Exception}:
 * <ul>
 *   <li>{@link Mm7StatusException}: the relay answered with a non-success MM7 status, in a SOAP
 *       Fault (with HTTP 500, 200 or any other code, RSErrorRsp in the detail or the status only in
 *       the faultstring) or in a regular response body;</li>
 *   <li>{@link Mm7ProtocolException}: a 2xx reply that is not a matching MM7 response: empty, an
 *       HTML page, unreadable XML, another operation's response, or a different TransactionID;</li>
 *   <li>{@link Mm7TransportException}: no usable reply: connect, TLS, timeout, connection reset,
 *       or an HTTP error status without a SOAP body (a proxy's HTML 502 page, a bare 401), with
 *       the HTTP status and a bounded excerpt of the body;</li>
 *   <li>{@link Mm7EncodeException}: the request cannot be written in the configured release.</li>
 * </ul>
 *
 * <h2>No automatic retries</h2>
 * The client never resends a request by itself: HttpClient's automatic retries are disabled,
 * because a SubmitReq that failed in transit may already have been accepted by the relay, and a
 * second one would deliver the message twice. (The one exception is HTTP Digest, which answers
 * the relay's 401 challenge by sending the request again with credentials; the relay has not
 * processed the first one.) Retry at the application level, with a new TransactionID for a new
 * message or the same one where the relay de-duplicates.
 *
 * <h2>Streaming</h2>
 * Bodies stream from the content's sources while they are written, chunked or with the exact
 * Content-Length ({@link Builder#chunked(boolean)}); a 100 MB attachment needs no 100 MB of heap.
 * Replies are read into memory up to {@link Builder#maxResponseSize(long)}; a larger one fails the
 * call and its connection is closed, not read to its end. A relay that refuses a body before it
 * has all of it (its size limit: 2004) is heard: bodies over {@link Builder#expectContinueAbove(long)}
 * ask first with {@code Expect: 100-continue}, and an answer sent while the body was still going
 * out is read after the write that failed when the relay closed the connection.
 *
 * <h2>Wire logging</h2>
 * The SLF4J logger {@code org.openmm7.wire} at DEBUG shows each HTTP exchange (headers and the
 * SOAP part); it is off unless configured, and never shows credentials.
 *
 * <p>This class holds the configuration, the calls (sync, async, rate limit, the profile's shaping)
 * and the executor; a request is written by {@code RequestWriter} (TransactionID, the VASP's
 * identification, the release), sent by {@code RelayTransport} (HTTP, TLS, credentials, timeouts,
 * transport failures) and its reply read by {@code ReplyReader} (the response or the exception it
 * stands for), all in {@code org.openmm7.client.internal.transport}.
 */
public final class Mm7Client implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Mm7Client.class);
  private static final String VERSION = versionOf();

  private final URI relayUrl;
  private final Mm7Release release;
  private final String mm7Version;
  private final Credentials credentials;
  private final String soapAction;
  private final RateLimiter rateLimiter;
  private final Supplier<String> transactionIds;
  /** The relay's dialect, or null when none was given. */
  private final Profile profile;
  private final RequestWriter writer;
  private final RelayTransport transport;
  private final ReplyReader reader;
  private final ExecutorService ownedExecutor;
  private final Executor executor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Mm7Client(Builder b) {
    this.relayUrl = b.relayUrl;
    // what is set explicitly wins over the profile, which wins over the defaults
    this.profile = b.profile;
    this.release = b.release != null ? b.release : profile != null ? profile.release() : Mm7Release.latest();
    this.mm7Version = b.mm7Version != null ? b.mm7Version
        : b.release == null && profile != null ? profile.mm7Version() : release.defaultVersion();
    this.credentials = b.credentials;
    SoapActionStyle soapActionStyle = b.soapActionStyle != null ? b.soapActionStyle
        : profile != null ? profile.soapAction() : SoapActionStyle.EMPTY;
    this.soapAction = soapActionStyle == SoapActionStyle.NAMESPACE ? '"' + release.namespace() + '"' : "\"\"";
    warnIfTheRelayRefuses(profile, b.credentials, b.chunked);
    this.rateLimiter = b.rateLimit > 0 ? new RateLimiter(b.rateLimit, b.rateBurst, b.rateClock) : null;
    this.transactionIds = b.transactionIds;
    this.writer = new RequestWriter(b.codec, release, mm7Version, b.vaspId, b.vasId, b.senderAddress,
        b.transactionIds);
    this.transport = new RelayTransport(new RelayTransport.Settings(b.relayUrl, b.tls, b.credentials,
        b.connectTimeout, b.readTimeout, b.callTimeout, b.poolSize, b.keepAlive, b.userAgent, b.chunked,
        expectContinue(b), b.expectContinueAbove, b.maxResponseSize, b.tempDirectory, b.headers));
    this.reader = new ReplyReader(b.codec, b.acceptEmptyReplies);
    if (b.executor != null) {
      this.ownedExecutor = null;
      this.executor = b.executor;
    } else {
      this.ownedExecutor = Executors.newFixedThreadPool(b.poolSize, DaemonThreads.named("mm7-client-async"));
      this.executor = ownedExecutor;
    }
  }

  private static boolean expectContinue(Builder b) {
    return b.expectContinue != null ? b.expectContinue : b.profile != null && b.profile.expectContinue();
  }

  /** Explicit options win over the profile; a choice the relay is documented to refuse is worth a warning. */
  private static void warnIfTheRelayRefuses(Profile profile, Credentials credentials, boolean chunked) {
    if (profile == null) {
      return;
    }
    Credentials.Scheme sent = credentials.sentAs();
    Profile.AuthScheme scheme = sent == null ? null : Profile.AuthScheme.valueOf(sent.name());
    if (scheme != null && !profile.authSchemes().isEmpty() && !profile.authSchemes().contains(scheme)) {
      LOG.warn("{} credentials configured, but the profile {} says the relay takes {}", scheme, profile.name(),
          profile.authSchemes());
    }
    if (chunked && !profile.chunked()) {
      LOG.warn("chunked bodies configured, but the profile {} says the relay refuses them", profile.name());
    }
  }

  /** A builder for a client of the relay at {@code relayUrl} (http or https). */
  public static Builder builder(URI relayUrl) {
    return new Builder().relayUrl(relayUrl);
  }

  /** A builder; set {@link Builder#relayUrl(URI)} before building. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- the operations ----

  /** Submits a message (SubmitReq) with a generated TransactionID. */
  public SubmitResponse submit(SubmitRequest request) throws Mm7Exception {
    return submit(request, null);
  }

  /**
   * Submits a message (SubmitReq) with the given TransactionID (generated when null). With a
   * {@link Builder#profile(Profile) profile}, the request is first made fit for the relay: numbers
   * in its format, the elements it does not take stripped (logged at INFO; {@link #submitEach}
   * reports them); a request with more recipients than the relay takes in one SubmitReq is
   * refused here ({@link #submitEach} splits it).
   *
   * @throws Mm7EncodeException when the profile's relay would refuse the request (too many
   *     recipients, no SMIL where it requires one) or the release lacks the operation
   */
  public SubmitResponse submit(SubmitRequest request, String transactionId) throws Mm7Exception {
    if (profile == null) {
      return call(request, transactionId, SubmitResponse.class, null);
    }
    ProfiledSubmit shaped = ProfiledSubmit.of(profile, (SubmitRequest) writer.fill(request));
    if (shaped.parts().size() > 1) {
      throw new Mm7EncodeException("the profile " + profile.name() + " takes at most " + profile.maxRecipients()
          + " recipient(s) per SubmitReq and this one has " + request.recipients().all().size()
          + ": submitEach(...) sends one SubmitReq per group and keeps every MessageID");
    }
    logStripped(shaped);
    return call(shaped.parts().get(0), transactionId, SubmitResponse.class, null);
  }

  /**
   * Submits a message as the relay's {@link Builder#profile(Profile) profile} asks: one SubmitReq
   * per group of recipients it takes at once (all in one without a profile or limit), each with a
   * new TransactionID, in order. A part that fails does not stop the others: the result holds
   * every part's MessageID or failure, and the elements stripped for the relay.
   *
   * @throws Mm7EncodeException before anything is sent, when the request cannot be made fit (no
   *     SMIL where the relay requires it) or the release lacks SubmitReq
   */
  public SubmitResult submitEach(SubmitRequest request) throws Mm7EncodeException {
    Objects.requireNonNull(request, "request");
    ProfiledSubmit shaped = profile == null ? new ProfiledSubmit(List.of(request), List.of())
        : ProfiledSubmit.of(profile, (SubmitRequest) writer.fill(request));
    logStripped(shaped);
    List<SubmitResult.Part> parts = new ArrayList<>();
    for (SubmitRequest part : shaped.parts()) {
      String txId = transactionIds.get();
      try {
        parts.add(new SubmitResult.Part(part.recipients(), txId, call(part, txId, SubmitResponse.class, null), null));
      } catch (Mm7EncodeException e) {
        throw e;
      } catch (Mm7Exception e) {
        parts.add(new SubmitResult.Part(part.recipients(), txId, null, e));
      }
    }
    return new SubmitResult(parts, shaped.stripped());
  }

  private void logStripped(ProfiledSubmit shaped) {
    if (!shaped.stripped().isEmpty()) {
      LOG.info("stripped {} from a SubmitReq: the profile {} says the relay does not take them", shaped.stripped(),
          profile.name());
    }
  }

  public CompletableFuture<SubmitResponse> submitAsync(SubmitRequest request) {
    return submitAsync(request, null);
  }

  public CompletableFuture<SubmitResponse> submitAsync(SubmitRequest request, String transactionId) {
    return async(request, transactionId, SubmitResponse.class);
  }

  /** Cancels a submitted message (CancelReq); the answer is a CancelRsp ({@link StatusResponse}). */
  public StatusResponse cancel(CancelRequest request) throws Mm7Exception {
    return cancel(request, null);
  }

  public StatusResponse cancel(CancelRequest request, String transactionId) throws Mm7Exception {
    return call(request, transactionId, StatusResponse.class, null);
  }

  public CompletableFuture<StatusResponse> cancelAsync(CancelRequest request) {
    return cancelAsync(request, null);
  }

  public CompletableFuture<StatusResponse> cancelAsync(CancelRequest request, String transactionId) {
    return async(request, transactionId, StatusResponse.class);
  }

  /** Replaces a submitted message (ReplaceReq); the answer is a ReplaceRsp ({@link StatusResponse}). */
  public StatusResponse replace(ReplaceRequest request) throws Mm7Exception {
    return replace(request, null);
  }

  public StatusResponse replace(ReplaceRequest request, String transactionId) throws Mm7Exception {
    return call(request, transactionId, StatusResponse.class, null);
  }

  public CompletableFuture<StatusResponse> replaceAsync(ReplaceRequest request) {
    return replaceAsync(request, null);
  }

  public CompletableFuture<StatusResponse> replaceAsync(ReplaceRequest request, String transactionId) {
    return async(request, transactionId, StatusResponse.class);
  }

  /**
   * Cancels a message (extendedCancelReq, Rel-6 releases); the answer is an extendedCancelRsp
   * ({@link StatusResponse}).
   */
  public StatusResponse extendedCancel(ExtendedCancelRequest request) throws Mm7Exception {
    return extendedCancel(request, null);
  }

  public StatusResponse extendedCancel(ExtendedCancelRequest request, String transactionId)
      throws Mm7Exception {
    return call(request, transactionId, StatusResponse.class, null);
  }

  public CompletableFuture<StatusResponse> extendedCancelAsync(ExtendedCancelRequest request) {
    return extendedCancelAsync(request, null);
  }

  public CompletableFuture<StatusResponse> extendedCancelAsync(ExtendedCancelRequest request,
      String transactionId) {
    return async(request, transactionId, StatusResponse.class);
  }

  /** Replaces a message (extendedReplaceReq, Rel-6 releases). */
  public ExtendedReplaceResponse extendedReplace(ExtendedReplaceRequest request) throws Mm7Exception {
    return extendedReplace(request, null);
  }

  public ExtendedReplaceResponse extendedReplace(ExtendedReplaceRequest request, String transactionId)
      throws Mm7Exception {
    return call(request, transactionId, ExtendedReplaceResponse.class, null);
  }

  public CompletableFuture<ExtendedReplaceResponse> extendedReplaceAsync(ExtendedReplaceRequest request) {
    return extendedReplaceAsync(request, null);
  }

  public CompletableFuture<ExtendedReplaceResponse> extendedReplaceAsync(ExtendedReplaceRequest request,
      String transactionId) {
    return async(request, transactionId, ExtendedReplaceResponse.class);
  }

  /**
   * Sends any request and returns the response it calls for, with the same checks as the typed
   * methods. This is how a relay (or a test of one) pushes DeliverReq, DeliveryReportReq and
   * ReadReplyReq to a VASP; VASPID, VASID and the sender are filled in only for the VASP's own
   * requests.
   */
  public Mm7Response send(Mm7Request request, String transactionId) throws Mm7Exception {
    return call(request, transactionId, Mm7Response.class, null);
  }

  public CompletableFuture<Mm7Response> sendAsync(Mm7Request request, String transactionId) {
    return async(request, transactionId, Mm7Response.class);
  }

  /** A new TransactionID from the configured generator. */
  public String newTransactionId() {
    return transactionIds.get();
  }

  public URI relayUrl() {
    return relayUrl;
  }

  public Mm7Release release() {
    return release;
  }

  public String mm7Version() {
    return mm7Version;
  }

  /** The relay's profile given to the builder, if any. */
  public java.util.Optional<Profile> profile() {
    return java.util.Optional.ofNullable(profile);
  }

  /** Connections in the pool: {@code leased/available/max}, for monitoring and tests. */
  public String poolStats() {
    return transport.poolStats();
  }

  /** Connections currently leased from the pool (0 when the client is idle). */
  public int leasedConnections() {
    return transport.leasedConnections();
  }

  /**
   * Closes the connections and stops the client's threads. Calls running now fail with a
   * {@link Mm7TransportException} ({@link Mm7TransportException.Kind#CANCELLED} or IO); calls
   * made afterwards fail at once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
    transport.close();
  }

  @Override
  public String toString() {
    return "Mm7Client{" + relayUrl + ", " + release.releaseName() + "/" + mm7Version + ", credentials="
        + credentials + (rateLimiter == null ? "" : ", rateLimit=" + rateLimiter) + "}";
  }

  // ---- the exchange ----

  private <R extends Mm7Response> CompletableFuture<R> async(Mm7Request request, String transactionId,
      Class<R> expected) {
    Objects.requireNonNull(request, "request");
    CompletableFuture<R> future = new CompletableFuture<>();
    RelayTransport.Abort abort = new RelayTransport.Abort();
    try {
      executor.execute(() -> {
        if (future.isDone()) {
          return;
        }
        try {
          future.complete(call(request, transactionId, expected, abort));
        } catch (Throwable t) {
          future.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new Mm7TransportException(Mm7TransportException.Kind.CANCELLED,
          closed.get() ? "the client is closed" : "the executor refused the call", e));
    }
    future.whenComplete((r, t) -> {
      if (future.isCancelled()) {
        abort.abort();
      }
    });
    return future;
  }

  private <R extends Mm7Response> R call(Mm7Request request, String transactionId, Class<R> expected,
      RelayTransport.Abort abort) throws Mm7Exception {
    Objects.requireNonNull(request, "request");
    if (closed.get()) {
      throw new Mm7TransportException(Mm7TransportException.Kind.CANCELLED, "the client is closed", null);
    }
    String txId = writer.transactionId(transactionId);
    EncodedMessage encoded = writer.encode(request, txId);
    if (rateLimiter != null && !rateLimiter.acquire()) {
      throw new Mm7TransportException(Mm7TransportException.Kind.CANCELLED,
          "interrupted while waiting for the rate limit", null);
    }
    if (abort != null && abort.aborted()) {
      throw new Mm7TransportException(Mm7TransportException.Kind.CANCELLED, "the call was cancelled", null);
    }
    long t0 = System.nanoTime();
    String element = request.operation().elementName();
    HttpReply reply = transport.exchange(element, txId, encoded, soapAction, abort);
    Mm7Response response = reader.interpret(request.operation(), txId, reply);
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} TransactionID={} -> HTTP {} {} in {} ms", element, txId, reply.status(),
          SafeText.escape(String.valueOf(response.status())),
          (System.nanoTime() - t0) / 1_000_000);
    }
    return expected.cast(response);
  }

  private static String versionOf() {
    return version();
  }

  /**
   * This library's version, as the build wrote it (for example {@code 0.1.0} or
   * {@code 0.2.0-SNAPSHOT}); it is the User-Agent's {@code OpenMM7/<version>}.
   */
  public static String version() {
    return LibraryVersion.VALUE;
  }

  /** Configures an {@link Mm7Client}. Only the relay URL is required. */
  public static final class Builder {
    private URI relayUrl;
    private String vaspId;
    private String vasId;
    private Address senderAddress;
    private Mm7Release release;
    private Profile profile;
    private String mm7Version;
    private Credentials credentials = Credentials.none();
    private TlsOptions tls = TlsOptions.defaults();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofSeconds(60);
    private int poolSize = 10;
    private Duration keepAlive = RelayTransport.DEFAULT_KEEP_ALIVE;
    private SoapActionStyle soapActionStyle;
    private boolean chunked;
    private Boolean expectContinue;
    private long expectContinueAbove = DEFAULT_EXPECT_CONTINUE_ABOVE;
    private boolean acceptEmptyReplies;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private double rateLimit;
    private int rateBurst = 1;
    private RateLimiter.Clock rateClock = RateLimiter.SYSTEM;
    private Mm7Codec codec = Mm7Codec.lenient();
    private Supplier<String> transactionIds = org.openmm7.client.internal.mime.RandomIds::hex128;
    private long maxResponseSize = 4L * 1024 * 1024;
    private Executor executor;
    private Path tempDirectory;
    private String userAgent = "OpenMM7/" + VERSION;

    private Builder() {}

    /** The relay's MM7 URL, http or https (required). */
    public Builder relayUrl(URI relayUrl) {
      Objects.requireNonNull(relayUrl, "relayUrl");
      String scheme = relayUrl.getScheme() == null ? "" : relayUrl.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || relayUrl.getHost() == null) {
        throw new IllegalArgumentException("the relay URL must be an absolute http or https URL: " + relayUrl);
      }
      this.relayUrl = relayUrl;
      return this;
    }

    /** The VASPID put into requests that have none. */
    public Builder vaspId(String vaspId) {
      this.vaspId = vaspId;
      return this;
    }

    /** The VASID put into requests that have none. */
    public Builder vasId(String vasId) {
      this.vasId = vasId;
      return this;
    }

    /** The SenderAddress put into requests that have none. */
    public Builder senderAddress(Address senderAddress) {
      this.senderAddress = senderAddress;
      return this;
    }

    /**
     * Speaks the relay's dialect: its release and MM7Version, SOAPAction and
     * {@code Expect: 100-continue} unless set here explicitly (explicit options win, whatever the
     * order of the calls); its number format, the elements it strips, its limit of recipients per
     * SubmitReq and its need for SMIL in {@link Mm7Client#submit} and {@link Mm7Client#submitEach}.
     * Credentials stay the application's: a scheme the profile says the relay does not take is
     * logged as a warning, as is chunking toward a relay that refuses it.
     */
    public Builder profile(Profile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /** The release (namespace) to write in (default: the profile's, else the latest, REL-6-MM7-1-4). */
    public Builder release(Mm7Release release) {
      this.release = Objects.requireNonNull(release, "release");
      return this;
    }

    /** The MM7Version value (default: the release's, e.g. 6.8.0 for REL-6-MM7-1-4). */
    public Builder mm7Version(String mm7Version) {
      this.mm7Version = mm7Version;
      return this;
    }

    /** How to authenticate (default none). */
    public Builder credentials(Credentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** TLS settings for https URLs (default: the JDK's trust store, hostname verification on). */
    public Builder tls(TlsOptions tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /** How long to wait for the TCP (and TLS) connection (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** The longest silence while waiting for reply bytes (default 30 s). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /**
     * The deadline of a whole call once it starts sending, including waiting for a pooled
     * connection, the upload and the reply (default 60 s; {@link Duration#ZERO} for none). Raise
     * it for large attachments on slow links.
     */
    public Builder callTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "callTimeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("callTimeout must not be negative");
      }
      this.callTimeout = timeout;
      return this;
    }

    /** The most connections to the relay at once (default 10); also the async threads. */
    public Builder poolSize(int poolSize) {
      if (poolSize < 1) {
        throw new IllegalArgumentException("poolSize must be at least 1");
      }
      this.poolSize = poolSize;
      return this;
    }

    /**
     * How long an idle connection is kept for reuse (default 10 s). A relay closes a connection
     * idle for its own timeout (Jetty 30 s, Tomcat as shipped 20 s, Apache httpd 5 s), and a
     * request sent just as it does gets no answer: the call fails with a transport error, and a
     * SubmitReq is never retried (the relay may have taken it). So keep this below the relay's idle
     * timeout. When the relay states its timeout ({@code Keep-Alive: timeout=N}) a connection is kept
     * one second less than that, if that is shorter, and not at all for a second or less; a
     * {@code Connection: close} answer closes it.
     */
    public Builder keepAlive(Duration keepAlive) {
      this.keepAlive = positive(keepAlive, "keepAlive");
      return this;
    }

    /** What to send as SOAPAction (default: the profile's, else {@code ""}). */
    public Builder soapAction(SoapActionStyle style) {
      this.soapActionStyle = Objects.requireNonNull(style, "style");
      return this;
    }

    /**
     * Whether to send bodies with {@code Transfer-Encoding: chunked} (default false: a
     * Content-Length, which every relay accepts). Without chunking, a body whose length cannot be
     * known up front (a stream part of unknown size) is spooled to a temporary file first.
     */
    public Builder chunked(boolean chunked) {
      this.chunked = chunked;
      return this;
    }

    /**
     * Whether to send {@code Expect: 100-continue} with every body (default false: only with bodies
     * over {@link #expectContinueAbove(long)}). With Digest credentials it is sent anyway for bodies
     * over 64 KiB: each request meets the relay's 401 challenge first (the Digest state is not
     * reused between requests), and a large body should not go twice.
     */
    public Builder expectContinue(boolean expectContinue) {
      this.expectContinue = expectContinue;
      return this;
    }

    /** The default of {@link #expectContinueAbove(long)}: 1 MiB. */
    public static final long DEFAULT_EXPECT_CONTINUE_ABOVE = 1024 * 1024;

    /**
     * Bodies larger than this many bytes (and chunked ones, of unknown length) are sent with
     * {@code Expect: 100-continue} (default {@link #DEFAULT_EXPECT_CONTINUE_ABOVE}): a relay that
     * refuses them (a size limit, missing credentials) answers before the body is sent, and the
     * client reports that answer (a 2004 status, say) instead of a broken pipe. A relay that
     * ignores the header gets the body after 1 s. {@link Long#MAX_VALUE} for never. Without it, a
     * relay that answers while the body is still being sent and closes the connection is heard
     * all the same: its answer is read after the failed write.
     */
    public Builder expectContinueAbove(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("expectContinueAbove must not be negative");
      }
      this.expectContinueAbove = bytes;
      return this;
    }

    /**
     * Whether an empty 2xx reply counts as success (1000) for responses that carry nothing but a
     * status (CancelRsp, ReplaceRsp, extendedCancelRsp, DeliverRsp, DeliveryReportRsp,
     * ReadReplyRsp), as some peers send (default false: a protocol exception). Never for SubmitRsp
     * or extendedReplaceRsp, whose MessageID cannot be made up.
     */
    public Builder acceptEmptyReplies(boolean accept) {
      this.acceptEmptyReplies = accept;
      return this;
    }

    /** An extra HTTP header on every request (e.g. a carrier's proprietary ID); may repeat. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      String n = name.toLowerCase(Locale.ROOT);
      if (n.equals("content-type") || n.equals("content-length") || n.equals("transfer-encoding")
          || n.equals("host") || n.equals("soapaction") || n.equals("connection")) {
        throw new IllegalArgumentException(name + " is set by the client");
      }
      headers.add(Map.entry(name, value));
      return this;
    }

    /**
     * At most {@code requestsPerSecond} requests per second, spaced evenly; callers beyond it
     * block in arrival order (default: no limit).
     */
    public Builder rateLimit(double requestsPerSecond) {
      return rateLimit(requestsPerSecond, 1);
    }

    /** A rate limit that lets {@code burst} requests go at once before spacing them. */
    public Builder rateLimit(double requestsPerSecond, int burst) {
      if (!(requestsPerSecond > 0)) {
        throw new IllegalArgumentException("requestsPerSecond must be positive");
      }
      if (burst < 1) {
        throw new IllegalArgumentException("burst must be at least 1");
      }
      this.rateLimit = requestsPerSecond;
      this.rateBurst = burst;
      return this;
    }

    /** The codec (default {@link Mm7Codec#lenient()}). */
    public Builder codec(Mm7Codec codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /** Makes TransactionIDs for calls that give none (default: 32 random hex digits). */
    public Builder transactionIds(Supplier<String> generator) {
      this.transactionIds = Objects.requireNonNull(generator, "generator");
      return this;
    }

    /** The largest reply read (default 4 MiB). */
    public Builder maxResponseSize(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxResponseSize must be positive");
      }
      this.maxResponseSize = bytes;
      return this;
    }

    /**
     * Runs the {@code ...Async} calls (default: a pool of {@link #poolSize} daemon threads owned by
     * the client). Each call blocks one of its threads while it runs.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Where bodies of unknown length are spooled when chunking is off (default java.io.tmpdir). */
    public Builder tempDirectory(Path directory) {
      this.tempDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** The User-Agent header (default {@code OpenMM7/<version>}). */
    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    /** For tests of the rate limit: the clock it reads and parks on. */
    Builder rateLimitClock(RateLimiter.Clock clock) {
      this.rateClock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Mm7Client build() {
      if (relayUrl == null) {
        throw new IllegalStateException("relayUrl is required");
      }
      return new Mm7Client(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }
  }
}
