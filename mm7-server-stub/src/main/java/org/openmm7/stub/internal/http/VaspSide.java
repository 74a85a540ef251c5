package org.openmm7.stub.internal.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openmm7.client.internal.dedup.MessageFingerprint;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliverResponse;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Request;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.StoredMessage;
import org.openmm7.stub.internal.store.MessageStore;

/**
 * The stub as the VASP: what it answers to the relay's pushes, and its memory of the pushes it
 * answered 1000, so that a relay's retry gets the same answer and is not handled twice. A retry is
 * the same request again: the same peer, namespace, operation and TransactionID, and the same
 * content ({@link MessageFingerprint}: compared decoded, so another MIME boundary does not matter).
 * Another request that reuses a TransactionID (a relay sending one DeliveryReportReq per recipient
 * under the MessageID, or Forwarded and then Delivered) is handled as new and recorded with the
 * finding {@value #REUSED_TRANSACTION_ID}: where in doubt, a second hand-over of the same report
 * beats a lost one. The memory keeps the last 10 000 of each.
 *
 * <p>A retry that arrives while the first is still being handled (relays resend on a timeout, or
 * send the same request twice at once) waits for the first's answer and gets the same bytes, as the
 * client's inbound endpoint does. The wait is bounded: at most {@value #MAX_IN_PROGRESS} requests in
 * progress are tracked, at most {@value #MAX_WAITING} wait at once, each at most
 * {@value #WAIT_SECONDS} s; beyond that, or when the first was not answered 1000, the retry is
 * handled as new (a second hand-over beats a lost one).
 */
public final class VaspSide {
  /** The finding of a request whose TransactionID came with other content before. */
  static final String REUSED_TRANSACTION_ID = "reused-transaction-id"; // DecodeProblem.REUSED_TRANSACTION_ID
  private static final int MAX = 10_000;
  static final int MAX_IN_PROGRESS = 1_000;
  static final int MAX_WAITING = 64;
  static final int WAIT_SECONDS = 10;

  /**
   * A push answered 1000: the sequence number of its recording, the answer, and the bytes sent.
   *
   * @param contentType the Content-Type sent with {@code body}
   * @param body        the HTTP body sent, so that a retry gets the same bytes
   */
  public record Answered(long sequence, Mm7Response response, String contentType, byte[] body) {}

  /**
   * What tells a retry.
   *
   * @param transaction peer, namespace, operation and TransactionID
   * @param fingerprint the decoded request's {@link MessageFingerprint}
   */
  public record Key(String transaction, String fingerprint) {
    String full() {
      return transaction + "\u0000" + fingerprint;
    }
  }

  private final Map<String, Answered> answered = bounded();
  /** The latest content seen per transaction, to tell a reused TransactionID from a retry. */
  private final Map<String, String> latest = bounded();
  /** The requests being handled, by {@link Key#full()}: completed with the answer, or null without one. */
  private final Map<String, CompletableFuture<Answered>> inProgress = new java.util.HashMap<>();
  private int waiting;

  private static <V> Map<String, V> bounded() {
    return new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > MAX;
      }
    };
  }

  /**
   * The de-duplication key of a request, or null when it has none (unreadable, no TransactionID,
   * content that can no longer be read): such a request is handled every time.
   */
  static Key key(RecordedRequest r) {
    if (!(r.message() instanceof Mm7Request) || r.transactionId() == null || r.transactionId().isBlank()) {
      return null;
    }
    String fingerprint;
    try {
      fingerprint = MessageFingerprint.of(r.release().releaseName(), "", r.message());
    } catch (RuntimeException e) {
      return null;
    }
    return new Key(r.vaspId() + "\u0000" + r.namespace() + "\u0000" + r.message().operation().elementName()
        + "\u0000" + r.transactionId().trim(), fingerprint);
  }

  /**
   * Starts handling a request: null when it is the first of its kind (the caller handles it and
   * then calls {@link #finish}), else the same request's answer, known or to come.
   */
  public synchronized CompletableFuture<Answered> begin(Key key) {
    Answered known = answered.get(key.full());
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    CompletableFuture<Answered> first = inProgress.get(key.full());
    if (first != null) {
      return first;
    }
    if (inProgress.size() < MAX_IN_PROGRESS) {
      inProgress.put(key.full(), new CompletableFuture<>());
    }
    return null;
  }

  /**
   * The first's answer, waited for if need be ({@code onWait} runs before waiting); null when it
   * was not answered 1000, took too long, or too many already wait: then this one is handled as new.
   */
  public Answered await(CompletableFuture<Answered> first, Runnable onWait) {
    if (first.isDone()) {
      return first.getNow(null);
    }
    synchronized (this) {
      if (waiting >= MAX_WAITING) {
        return null;
      }
      waiting++;
    }
    try {
      onWait.run();
      return first.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      return null;
    } finally {
      synchronized (this) {
        waiting--;
      }
    }
  }

  /** Ends the handling of a request {@link #begin} let through: whoever waits is released. */
  public synchronized void finish(Key key) {
    CompletableFuture<Answered> first = inProgress.remove(key.full());
    if (first != null) {
      first.complete(null); // no-op when answered() gave it the answer
    }
  }

  /**
   * Notes a request that is not a retry; true when its transaction came before with other content
   * (a reused TransactionID).
   */
  synchronized boolean seen(Key key) {
    String before = latest.remove(key.transaction());
    latest.put(key.transaction(), key.fingerprint()); // re-inserted: the latest stays longest
    return before != null && !before.equals(key.fingerprint());
  }

  /** Remembers the answer to a request if it was a 1000 (anything else is handled afresh on a retry). */
  synchronized void answered(Key key, RecordedRequest r, String contentType) {
    RecordedRequest.SentResponse sent = r.response();
    if (sent == null || sent.httpStatus() != 200 || sent.message() == null || sent.message() instanceof ErrorResponse
        || sent.message().status().code() != Mm7Status.SUCCESS.code()) {
      return;
    }
    Answered a = new Answered(r.sequence(), sent.message(), contentType, sent.body());
    answered.putIfAbsent(key.full(), a);
    CompletableFuture<Answered> first = inProgress.get(key.full());
    if (first != null) {
      first.complete(a);
    }
  }

  public synchronized void clear() {
    answered.clear();
    latest.clear();
    inProgress.values().forEach(f -> f.complete(null));
    inProgress.clear();
  }

  /** A VASP's answer to a request that passed the common checks; accepted pushes are stored first. */
  static Mm7Response vaspAnswer(RecordedRequest r, ResponseStatus ok, MessageStore store) throws IOException {
    Mm7Message m = r.message();
    Mm7Response answer;
    if (m instanceof DeliverRequest) {
      answer = DeliverResponse.builder().status(ok).build();
    } else if (m instanceof DeliveryReportRequest) {
      answer = StatusResponse.deliveryReport(ok);
    } else if (m instanceof ReadReplyRequest) {
      answer = StatusResponse.readReply(ok);
    } else {
      String name = m instanceof ErrorResponse e ? e.operation().elementName() : m.operation().elementName();
      return ErrorResponse.fromVasp(new ResponseStatus(Mm7Status.UNSUPPORTED_OPERATION,
          "Unsupported operation: a VASP does not accept " + name, null));
    }
    String id = store.newMessageId();
    store.accept(new StoredMessage(id, r.vaspId(), r.transactionId(), r.release().releaseName(), r.receivedAt(),
        StoredMessage.State.ACCEPTED, 0), null, r);
    return answer;
  }
}
