package org.openmm7.stub.internal.push;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openmm7.client.Credentials;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.Mm7TransportException;
import org.openmm7.client.TlsOptions;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.internal.DaemonThreads;
import org.openmm7.client.internal.transport.HttpReply;
import org.openmm7.client.internal.transport.RelayTransport;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Response;

/**
 * What the stub sends itself (pushes, requests to a relay): encoded once, POSTed through the
 * client's transport ({@link RelayTransport}: HttpClient 5, its TLS, Basic, Digest and Bearer),
 * one per peer URL and credentials. A body is sent as the bytes given, so that a retried push is
 * the same bytes with the same TransactionID.
 *
 * <p>Every exchange is bounded: its whole (connect, send, the complete answer) has one deadline,
 * {@code pushTimeout}, so that a peer dripping its answer cannot hold it; the answer is read into
 * memory up to {@code maxReplySize} (an MM7 response is a few kilobytes), beyond which the
 * connection is closed, never read on. Exchanges run on at most {@link #THREADS} threads, which
 * end when idle; at most {@link #MAX_PEERS} peers keep a connection pool, and a pool is closed for
 * the bound only when no exchange is using it.
 */
public final class PeerSender {
  /** The most exchanges in flight at once; more wait their turn. */
  public static final int THREADS = 16;
  /** The most peers with a pool of their own; the least recently used idle one beyond is closed. */
  public static final int MAX_PEERS = 32;

  private final Duration timeout;
  private final long maxReplySize;
  private final TlsOptions tls;
  private final Mm7Codec reader = Mm7Codec.lenient();
  private final ThreadPoolExecutor exchanges;
  /** Guarded by itself; in access order, for evicting the least recently used. */
  private final Map<Peer, Pool> pools = new LinkedHashMap<>(16, 0.75f, true);

  private record Peer(URI uri, Credentials credentials) {}

  /** A peer's transport and the exchanges using it now; guarded by {@link #pools}. */
  private static final class Pool {
    final RelayTransport transport;
    int inUse;

    Pool(RelayTransport transport) {
      this.transport = transport;
    }
  }

  PeerSender(Duration timeout, long maxReplySize, TlsOptions tls) {
    this.timeout = timeout;
    this.maxReplySize = maxReplySize;
    this.tls = tls;
    this.exchanges = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        DaemonThreads.named("mm7-stub-peer"));
    this.exchanges.allowCoreThreadTimeOut(true);
  }

  /** The exchange threads alive now (at most {@link #THREADS}; they end when idle). */
  int threads() {
    return exchanges.getPoolSize();
  }

  /** The peers with a connection pool now (at most {@link #MAX_PEERS}). */
  int peers() {
    synchronized (pools) {
      return pools.size();
    }
  }

  /** An encoded request: its Content-Type and bytes. */
  record Encoded(String contentType, byte[] body) {}

  static Encoded encode(Mm7Codec encoder, Mm7Envelope envelope) throws IOException {
    EncodedMessage e = encoder.encode(envelope);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    return new Encoded(e.contentType(), out.toByteArray());
  }

  /** What came back: the HTTP status and, when the body could be read as MM7, the response and its TransactionID. */
  record Answer(int httpStatus, Mm7Response response, String transactionId, String problem) {}

  /** The problem of an answer without a body (which some relays take as success: Profile.emptyRepliesAccepted). */
  static final String EMPTY_BODY = "empty body";

  /** An exchange that ended without an answer to read: past its deadline, or an answer over the cap. */
  public static final class Unanswered extends IOException {
    private static final long serialVersionUID = 1L;

    Unanswered(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * POSTs the request to the peer; the future fails with {@link Unanswered} past the deadline or
   * for an answer over the cap, with an {@link IOException} when the exchange failed otherwise.
   *
   * @param credentials what to authenticate with, or null for nothing
   */
  CompletableFuture<Answer> post(URI target, Credentials credentials, String element, String transactionId,
      Encoded request) {
    return post(target, credentials, element, transactionId, request, "");
  }

  /** With the SOAPAction's value (the header is it in quotes: {@code ""} or a namespace). */
  CompletableFuture<Answer> post(URI target, Credentials credentials, String element, String transactionId,
      Encoded request, String soapAction) {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    RelayTransport.Abort abort = new RelayTransport.Abort();
    try {
      exchanges.execute(() -> {
        Pool pool = null;
        try {
          pool = acquire(target, credentials);
          HttpReply reply = pool.transport.exchange(element, transactionId, request.contentType(),
              request.body(), '"' + soapAction + '"', abort);
          answer.complete(read(reply));
        } catch (Mm7Exception e) {
          answer.completeExceptionally(failure(e));
        } catch (RuntimeException e) {
          answer.completeExceptionally(e);
        } finally {
          if (pool != null) {
            release(pool);
          }
        }
      });
    } catch (RejectedExecutionException e) {
      answer.completeExceptionally(new IOException("the stub is stopping", e));
    }
    answer.whenComplete((a, t) -> {
      if (answer.isCancelled()) {
        abort.abort();
      }
    });
    return answer;
  }

  /** The failure in the words of the bounds it ran into. */
  private IOException failure(Mm7Exception e) {
    if (find(e, HttpReply.TooLargeException.class) != null) {
      return new Unanswered("the answer is larger than the " + maxReplySize + " bytes the stub reads (maxReplySize)", e);
    }
    if (e instanceof Mm7TransportException t && t.kind() == Mm7TransportException.Kind.TIMEOUT) {
      return new Unanswered("no complete answer within " + timeout.toMillis()
          + " ms (connect, send and the whole reply; the push timeout): " + e.getMessage(), e);
    }
    return e;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /**
   * The peer's pool, counted as in use until {@link #release}. Beyond {@link #MAX_PEERS} peers the
   * least recently used pool that no exchange is using is closed: the bound never cuts off a request
   * (a slow peer's pool is the least recently used while its exchange lasts).
   */
  private Pool acquire(URI target, Credentials credentials) {
    Peer peer = new Peer(target, credentials == null ? Credentials.none() : credentials);
    Pool evicted = null;
    Pool p;
    synchronized (pools) {
      p = pools.get(peer);
      if (p == null) {
        // the same bounds for the connect, each read and the whole exchange: pushTimeout
        p = new Pool(new RelayTransport(new RelayTransport.Settings(target, tls, peer.credentials(), timeout,
            timeout, timeout, THREADS, RelayTransport.DEFAULT_KEEP_ALIVE, "OpenMM7-stub/" + Mm7Client.version(), false, false,
            Long.MAX_VALUE, maxReplySize, null, List.of())));
        pools.put(peer, p);
      }
      p.inUse++; // before the eviction: the new pool is never the one closed
      if (pools.size() > MAX_PEERS) {
        evicted = evictLeastRecentlyUsed();
      }
    }
    if (evicted != null) {
      evicted.transport.close();
    }
    return p;
  }

  /**
   * Removes and returns the least recently used pool no exchange is using. There is one whenever
   * the map is over the bound: at most {@link #THREADS} pools are in use at once, fewer than
   * {@link #MAX_PEERS}; should there be none, the map stays over the bound until the next new peer.
   */
  private Pool evictLeastRecentlyUsed() {
    for (Iterator<Pool> oldestFirst = pools.values().iterator(); oldestFirst.hasNext(); ) {
      Pool candidate = oldestFirst.next();
      if (candidate.inUse == 0) {
        oldestFirst.remove();
        return candidate;
      }
    }
    return null;
  }

  private void release(Pool p) {
    synchronized (pools) {
      p.inUse--;
    }
  }

  private Answer read(HttpReply r) {
    byte[] body = r.body();
    if (body.length == 0) {
      return new Answer(r.status(), null, null, EMPTY_BODY);
    }
    try (DecodedMessage d = reader.decode(r.contentType(), new ByteArrayInputStream(body))) {
      Mm7Message m = d.message();
      if (!(m instanceof Mm7Response)) {
        return new Answer(r.status(), null, d.transactionId(), "answered with a request: "
            + m.operation().elementName());
      }
      return new Answer(r.status(), (Mm7Response) m, d.transactionId(), null);
    } catch (IOException | RuntimeException e) {
      return new Answer(r.status(), null, null, "unreadable answer: " + e.getMessage());
    }
  }

  /** Aborts the exchanges in flight (their connections closed) and closes every pool; the sender can be used again. */
  void close() {
    List<Pool> all;
    synchronized (pools) {
      all = new ArrayList<>(pools.values());
      pools.clear();
    }
    for (Pool p : all) { // a loop: a method reference would load the transport for a stub that never sent
      p.transport.close();
    }
  }
}
