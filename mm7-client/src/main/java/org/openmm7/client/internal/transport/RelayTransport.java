package org.openmm7.client.internal.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.auth.AuthCache;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicAuthCache;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.openmm7.client.Credentials;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.Mm7ProtocolException;
import org.openmm7.client.Mm7TransportException;
import org.openmm7.client.TlsOptions;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.internal.DaemonThreads;

/**
 * The client's HTTP side: one pooled HttpClient 5 for one peer URL, with its TLS (protocols,
 * trust, hostname verification), its credentials (Basic and Bearer sent preemptively, Digest
 * answered after the challenge), {@code Expect: 100-continue} for large bodies, the call timeout
 * over the whole exchange, aborts, and transport failures turned into {@link Mm7TransportException}s
 * that name the peer. It never retries by itself. Thread-safe.
 */
public final class RelayTransport implements AutoCloseable {
  private static final long DIGEST_EXPECT_CONTINUE = 64 * 1024;
  /**
   * How long a request with {@code Expect: 100-continue} waits for the relay's "100 Continue"
   * before sending its body anyway (HttpCore's default, 3 s, is long for a relay that ignores
   * the header; curl waits 1 s).
   */
  private static final Timeout WAIT_FOR_CONTINUE = Timeout.ofSeconds(1);
  /**
   * How long an idle connection is kept by default (less when the server states a shorter idle
   * timeout: {@link ServerKeepAlive}). Well below common servers' idle timeouts, which not all of
   * them state (Tomcat's shipped 20 s, Jetty's 30 s, nginx's 75 s): a request sent on a connection
   * just as its server closes it gets no answer, and a SubmitReq is never retried.
   */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(10);

  /** What the transport is built from (the client's builder fills it). */
  public record Settings(URI url, TlsOptions tls, Credentials credentials, Duration connectTimeout,
      Duration readTimeout, Duration callTimeout, int poolSize, Duration keepAlive, String userAgent,
      boolean chunked, boolean expectContinue, long expectContinueAbove, long maxResponseSize, Path tempDirectory,
      List<Map.Entry<String, String>> headers) {
    public Settings {
      headers = List.copyOf(headers);
    }
  }

  private final Settings settings;
  private final String authorizationHeader;
  private final RequestConfig requestConfig;
  private final boolean digest;
  private final PoolingHttpClientConnectionManager pool;
  private final CloseableHttpClient http;
  private final AuthCache authCache;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicBoolean closed = new AtomicBoolean();

  public RelayTransport(Settings s) {
    this.settings = s;
    this.authorizationHeader = authorization(s.credentials());
    // an http:// relay is never spoken to over TLS (redirects are not followed): no SSLContext for
    // it, which loads ~640 classes (3 MB of metaspace) and keeps a trust store's certificates per transport
    TlsSocketStrategy tlsStrategy = "https".equalsIgnoreCase(s.url().getScheme())
        ? new HandshakeFailures(tlsStrategy(s.tls())) : PlainHttpOnly.INSTANCE;
    Timeout readTimeout = Timeout.of(s.readTimeout());
    this.pool = PoolingHttpClientConnectionManagerBuilder.create()
        .setMaxConnTotal(s.poolSize())
        .setMaxConnPerRoute(s.poolSize())
        .setTlsSocketStrategy(tlsStrategy)
        // connections that do not log headers unredacted; a relay that sends a header line or a
        // header block without end is cut off, not buffered; a request of up to 128 KB leaves in one write
        .setConnectionFactory(QuietConnectionFactory.create())
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(s.connectTimeout()))
            .setSocketTimeout(readTimeout)
            .setValidateAfterInactivity(TimeValue.ofSeconds(2))
            .build())
        .build();
    boolean digest = s.credentials().sentAs() == Credentials.Scheme.DIGEST;
    RequestConfig requestConfig = RequestConfig.custom()
        .setResponseTimeout(readTimeout)
        // no call timeout: wait for a pooled connection as long as it takes (HttpCore's INFINITE is 0
        // ms, which the pool's lease takes as "give up at once")
        .setConnectionRequestTimeout(Timeout.of(s.callTimeout().isZero() ? Duration.ofDays(365) : s.callTimeout()))
        .setConnectionKeepAlive(TimeValue.of(s.keepAlive()))
        .setExpectContinueEnabled(s.expectContinue())
        .setRedirectsEnabled(false)
        .setAuthenticationEnabled(digest)
        .setTargetPreferredAuthSchemes(List.of(StandardAuthScheme.DIGEST))
        .setContentCompressionEnabled(false)
        .build();
    WireLog wireLog = new WireLog();
    ServerKeepAlive keepAlive = new ServerKeepAlive(s.keepAlive());
    HttpClientBuilder hb = HttpClientBuilder.create()
        .setConnectionManager(pool)
        .setDefaultRequestConfig(requestConfig)
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableContentCompression()
        .evictIdleConnections(TimeValue.of(s.keepAlive()))
        .setKeepAliveStrategy(keepAlive)
        .setConnectionReuseStrategy(keepAlive)
        .setUserAgent(s.userAgent())
        .setRequestExecutor(new HttpRequestExecutor(Http1Config.custom().setWaitForContinueTimeout(WAIT_FOR_CONTINUE)
            .build(), null, null))
        .addRequestInterceptorLast(wireLog)
        .addResponseInterceptorFirst(wireLog);
    if (digest) {
      Credentials d = s.credentials();
      BasicCredentialsProvider provider = new BasicCredentialsProvider();
      provider.setCredentials(new AuthScope(HttpHost.create(s.url()), null, StandardAuthScheme.DIGEST),
          new UsernamePasswordCredentials(d.username(), d.password().toCharArray()));
      hb.setDefaultCredentialsProvider(provider);
      this.authCache = new BasicAuthCache();
    } else {
      this.authCache = null;
    }
    this.http = hb.build();
    this.requestConfig = requestConfig;
    this.digest = digest;
    this.timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("mm7-client-timer"));
    this.timer.setRemoveOnCancelPolicy(true);
  }

  /** TLS 1.2 or later, with the options' trust, certificate and hostname verification. */
  private static TlsSocketStrategy tlsStrategy(TlsOptions tls) {
    SSLContext ssl;
    try {
      ssl = tls.sslContext();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
    // TLS 1.2 or later only, also on a JDK whose java.security still allows older versions
    String[] protocols = tls.enabledProtocols();
    return tls.hostnameVerification()
        ? new DefaultClientTlsStrategy(ssl, protocols, null, SSLBufferMode.STATIC, HostnameVerificationPolicy.BOTH,
            new DefaultHostnameVerifier())
        : new DefaultClientTlsStrategy(ssl, protocols, null, SSLBufferMode.STATIC, HostnameVerificationPolicy.CLIENT,
            NoopHostnameVerifier.INSTANCE);
  }

  /** The TLS of a transport to an http:// relay: never asked for; should it be, the connection fails. */
  private enum PlainHttpOnly implements TlsSocketStrategy {
    INSTANCE;

    @Override
    public javax.net.ssl.SSLSocket upgrade(java.net.Socket socket, String target, int port, Object attachment,
        org.apache.hc.core5.http.protocol.HttpContext context) throws IOException {
      throw new javax.net.ssl.SSLException("no TLS to " + target + ":" + port + ": the relay URL is http://");
    }
  }

  /** Connections in the pool: {@code leased/available/max}. */
  public String poolStats() {
    PoolStats s = pool.getTotalStats();
    return s.getLeased() + "/" + s.getAvailable() + "/" + s.getMax();
  }

  /** Connections currently leased from the pool. */
  public int leasedConnections() {
    return pool.getTotalStats().getLeased();
  }

  /** Closes the connections (exchanges running fail) and stops the timer. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    http.close(CloseMode.GRACEFUL);
    timer.shutdownNow();
  }

  /** Lets an async caller abort the exchange running for it. */
  public static final class Abort {
    private volatile HttpPost current;
    private volatile boolean aborted;

    /** Whether {@link #abort()} was called. */
    public boolean aborted() {
      return aborted;
    }

    /** Aborts the exchange running now, or the next one this is given to. */
    public void abort() {
      aborted = true;
      HttpPost p = current;
      if (p != null) {
        p.cancel();
      }
    }
  }

  /**
   * Sends one request and reads its reply (up to the size limit), within the call timeout.
   *
   * @param element    the request's element name (for messages and the wire log)
   * @param soapAction the SOAPAction header's value, quotes included
   * @param abort      lets an async caller abort the exchange, or null
   */
  public HttpReply exchange(String element, String txId, EncodedMessage encoded, String soapAction, Abort abort)
      throws Mm7Exception {
    EncodedEntity entity;
    try {
      entity = EncodedEntity.of(encoded, settings.chunked(), settings.tempDirectory());
    } catch (IOException e) {
      throw new Mm7TransportException(Mm7TransportException.Kind.IO,
          "cannot prepare the request body: " + e.getMessage(), e);
    }
    if (WireLog.enabled()) { // (soapEnvelope() is a copy)
      WireLog.requestBody(element, txId, encoded.soapEnvelope(), entity.getContentLength(), encoded.hasAttachments());
    }
    return exchange(element, entity, soapAction, abort);
  }

  /**
   * Sends a body encoded before, byte for byte (a retried push must be the same bytes, with the same
   * TransactionID), and reads the reply as {@link #exchange(String, String, EncodedMessage, String, Abort)} does.
   */
  public HttpReply exchange(String element, String txId, String contentType, byte[] body, String soapAction,
      Abort abort) throws Mm7Exception {
    EncodedEntity entity = EncodedEntity.ofBytes(contentType, body);
    if (WireLog.enabled()) {
      WireLog.requestBody(element, txId, body, body.length, false);
    }
    return exchange(element, entity, soapAction, abort);
  }

  private HttpReply exchange(String element, EncodedEntity entity, String soapAction, Abort abort)
      throws Mm7Exception {
    HttpPost post = new HttpPost(settings.url());
    post.setHeader("SOAPAction", soapAction);
    for (Map.Entry<String, String> h : settings.headers()) {
      post.addHeader(h.getKey(), h.getValue());
    }
    if (authorizationHeader != null) {
      post.setHeader("Authorization", authorizationHeader);
    }
    post.setEntity(entity);
    long length = entity.getContentLength();
    if (!settings.expectContinue() && (length < 0 || length > settings.expectContinueAbove()
        || (digest && length > DIGEST_EXPECT_CONTINUE))) {
      // a relay refusing a large body (its size limit, credentials; with Digest, HttpClient meets every
      // challenge anew) answers before the body is sent, rather than cutting it off halfway
      post.setConfig(RequestConfig.copy(requestConfig).setExpectContinueEnabled(true).build());
    }
    HttpClientContext context = HttpClientContext.create();
    if (authCache != null) {
      context.setAuthCache(authCache);
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    CountDownLatch abortDone = new CountDownLatch(1);
    ScheduledFuture<?> deadline = null;
    if (abort != null) {
      abort.current = post;
      if (abort.aborted) {
        post.cancel();
      }
    }
    try {
      if (!settings.callTimeout().isZero()) {
        deadline = timer.schedule(() -> {
          timedOut.set(true);
          try {
            post.cancel();
          } finally {
            abortDone.countDown();
          }
        }, settings.callTimeout().toNanos(), TimeUnit.NANOSECONDS);
      }
      HttpReply reply = http.execute(post, context, HttpReply.reader(settings.maxResponseSize()));
      WireLog.responseBody(reply.status(), reply.contentType(), reply.body());
      return reply;
    } catch (HttpReply.TooLargeException e) {
      String excerpt = HttpReply.excerpt(e.head(), null);
      if (e.status() >= 200 && e.status() < 300) {
        throw new Mm7ProtocolException("the reply to " + element + " is larger than " + settings.maxResponseSize() + " bytes",
            excerpt, e);
      }
      throw new Mm7TransportException(Mm7TransportException.Kind.HTTP_STATUS, "HTTP " + e.status()
          + " with a body larger than " + settings.maxResponseSize() + " bytes", e.status(), excerpt, e);
    } catch (IOException e) {
      throw transportFailure(e, timedOut.get(), abort != null && abort.aborted);
    } catch (CancellationException e) {
      // the deadline (or an abort) cancelled the request while it waited for a pooled connection
      if (timedOut.get()) {
        throw noFreeConnection(e);
      }
      throw transportFailure(new InterruptedIOException("cancelled while waiting for a connection"), false,
          abort != null && abort.aborted);
    } catch (RejectedExecutionException e) {
      throw new Mm7TransportException(Mm7TransportException.Kind.CANCELLED, "the client is closed", e);
    } catch (IllegalStateException e) {
      if (closed.get()) {
        throw new Mm7TransportException(Mm7TransportException.Kind.CANCELLED, "the client is closed", e);
      }
      if (timedOut.get() || (abort != null && abort.aborted)) {
        // cancelled between leasing the connection and using it: HttpClient finds its endpoint gone
        throw transportFailure(new InterruptedIOException(e.getMessage()), timedOut.get(),
            abort != null && abort.aborted);
      }
      throw e;
    } finally {
      if (deadline != null) {
        deadline.cancel(false);
        if (timedOut.get()) {
          awaitQuietly(abortDone); // the abort started: let it finish releasing the connection first
        }
      }
      if (abort != null) {
        abort.current = null;
      }
      entity.discard();
    }
  }

  private Mm7TransportException noFreeConnection(Exception e) {
    return new Mm7TransportException(Mm7TransportException.Kind.TIMEOUT, "no free connection to "
        + settings.url().getHost() + ":" + port(settings.url()) + " within the call timeout of " + settings.callTimeout().toMillis()
        + " ms (all " + pool.getMaxTotal() + " in use)", e);
  }

  private Mm7TransportException transportFailure(IOException e, boolean timedOut, boolean aborted) {
    String where = settings.url().getHost() + ":" + port(settings.url());
    if (e instanceof ConnectionRequestTimeoutException) {
      return noFreeConnection(e); // an InterruptedIOException too, but nothing was interrupted
    }
    if (timedOut) {
      return new Mm7TransportException(Mm7TransportException.Kind.TIMEOUT,
          "no reply from " + where + " within the call timeout of " + settings.callTimeout().toMillis() + " ms", e);
    }
    if (aborted) {
      return new Mm7TransportException(Mm7TransportException.Kind.CANCELLED, "the call was cancelled", e);
    }
    if (closed.get()) {
      return new Mm7TransportException(Mm7TransportException.Kind.CANCELLED, "the client is closed", e);
    }
    if (e instanceof ConnectTimeoutException) {
      return new Mm7TransportException(Mm7TransportException.Kind.TIMEOUT,
          "connect to " + where + " timed out", e);
    }
    if (e instanceof SocketTimeoutException) {
      return new Mm7TransportException(Mm7TransportException.Kind.TIMEOUT,
          "read from " + where + " timed out: " + e.getMessage(), e);
    }
    SSLException tlsFailure = find(e, SSLException.class);
    if (tlsFailure != null) {
      return new Mm7TransportException(Mm7TransportException.Kind.TLS,
          "TLS with " + where + " failed: " + tlsFailure.getMessage(), e);
    }
    if (e instanceof HttpHostConnectException || e instanceof ConnectException || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException) {
      return new Mm7TransportException(Mm7TransportException.Kind.CONNECT,
          "cannot connect to " + where + ": " + e.getMessage(), e);
    }
    if (e instanceof InterruptedIOException) {
      return new Mm7TransportException(Mm7TransportException.Kind.CANCELLED,
          "the call was interrupted: " + e.getMessage(), e);
    }
    String hint = "https".equalsIgnoreCase(settings.url().getScheme())
        ? " (over TLS 1.3 a relay that refuses the client certificate shows up this way)" : "";
    return new Mm7TransportException(Mm7TransportException.Kind.IO,
        "the exchange with " + where + " failed: " + e + hint, e);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      for (Throwable s : t.getSuppressed()) {
        if (type.isInstance(s)) {
          return type.cast(s);
        }
      }
    }
    return null;
  }

  /** The Authorization header sent with every request (Basic, Bearer), or null (none, or Digest after a challenge). */
  private static String authorization(Credentials c) {
    Credentials.Scheme scheme = c.sentAs();
    if (scheme == Credentials.Scheme.BASIC) {
      String token = c.username() + ":" + c.password();
      return "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }
    if (scheme == Credentials.Scheme.BEARER) {
      return "Bearer " + c.token();
    }
    return null;
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
