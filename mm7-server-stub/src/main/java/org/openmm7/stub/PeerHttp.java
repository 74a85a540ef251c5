package org.openmm7.stub;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Response;

/**
 * What the stub sends itself (pushes, requests to a relay): encoded once, POSTed with java.net.http.
 *
 * <p>Every exchange is bounded. Its whole (connect, send, the complete answer) has one deadline:
 * java.net.http's request timeout ends when the answer's headers arrive, so that a peer dripping
 * its body would otherwise hold the exchange for ever. The answer is read into memory up to a cap
 * (an MM7 response is a few kilobytes): a larger one, declared or streamed, is cut off and its
 * connection closed, never buffered whole.
 */
final class PeerHttp {
  /** Made on the first push: building an HttpClient loads TLS, ~100 ms of a stub's start otherwise. */
  private volatile HttpClient client;
  private final Duration timeout;
  private final long maxReplySize;
  private final Mm7Codec reader = Mm7Codec.lenient();

  PeerHttp(Duration timeout, long maxReplySize) {
    this.timeout = timeout;
    this.maxReplySize = maxReplySize;
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
          client = c;
        }
      }
    }
    return c;
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
  static final class Unanswered extends IOException {
    private static final long serialVersionUID = 1L;

    Unanswered(String message) {
      super(message);
    }
  }

  CompletableFuture<Answer> post(URI target, PeerCredentials credentials, Encoded request) {
    return post(target, credentials, request, "");
  }

  /** With the SOAPAction's value (the header is it in quotes: {@code ""} or a namespace). */
  CompletableFuture<Answer> post(URI target, PeerCredentials credentials, Encoded request, String soapAction) {
    HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(timeout)
        .header("Content-Type", request.contentType()).header("SOAPAction", "\"" + soapAction + "\"")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    if (credentials != null) {
      b.header("Authorization", credentials.authorizationHeader());
    }
    AtomicReference<CappedBody> reading = new AtomicReference<>();
    CompletableFuture<HttpResponse<byte[]>> sent = client().sendAsync(b.build(), info -> {
      CappedBody body = new CappedBody(maxReplySize, info.headers().firstValueAsLong("content-length").orElse(-1));
      reading.set(body);
      return body;
    });
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    sent.whenComplete((r, e) -> {
      if (e != null) {
        answer.completeExceptionally(unwrap(e));
      } else {
        answer.complete(read(r));
      }
    });
    long millis = timeout.toMillis();
    answer.orTimeout(millis, TimeUnit.MILLISECONDS);
    return answer.exceptionallyCompose(e -> {
      Throwable cause = unwrap(e);
      if (cause instanceof TimeoutException) {
        Unanswered late = new Unanswered("no complete answer within " + millis
            + " ms (connect, send and the whole reply; the push timeout)");
        CappedBody body = reading.get();
        if (body != null) {
          body.abort(late); // closes the connection of a peer still dripping its answer
        }
        sent.cancel(true);
        cause = late;
      }
      return CompletableFuture.failedFuture(cause);
    });
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private Answer read(HttpResponse<byte[]> r) {
    byte[] body = r.body();
    if (body == null || body.length == 0) {
      return new Answer(r.statusCode(), null, null, EMPTY_BODY);
    }
    String ct = r.headers().firstValue("content-type").orElse(null);
    try (DecodedMessage d = reader.decode(ct, new ByteArrayInputStream(body))) {
      Mm7Message m = d.message();
      if (!(m instanceof Mm7Response)) {
        return new Answer(r.statusCode(), null, d.transactionId(), "answered with a request: "
            + m.operation().elementName());
      }
      return new Answer(r.statusCode(), (Mm7Response) m, d.transactionId(), null);
    } catch (IOException | RuntimeException e) {
      return new Answer(r.statusCode(), null, null, "unreadable answer: " + e.getMessage());
    }
  }

  /**
   * An answer's body collected up to {@code cap} bytes. Beyond (or when the Content-Length says
   * so before any byte), and at the exchange's deadline, its subscription is cancelled, which
   * makes java.net.http close the connection instead of reading on.
   */
  static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long cap;
    private final long declared;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final List<ByteBuffer> received = new ArrayList<>();
    private volatile Flow.Subscription subscription;
    private long size;

    CappedBody(long cap, long declared) {
      this.cap = cap;
      this.declared = declared;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (declared > cap) {
        abort(tooLarge("its Content-Length is " + declared));
      } else if (result.isDone()) {
        s.cancel(); // aborted before the body began
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        size += b.remaining();
        if (size > cap) {
          received.clear();
          abort(tooLarge("more than " + cap + " bytes arrived"));
          return;
        }
        received.add(b);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      byte[] all = new byte[(int) size];
      int at = 0;
      for (ByteBuffer b : received) {
        int n = b.remaining();
        b.get(all, at, n);
        at += n;
      }
      received.clear();
      result.complete(all);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    /** Ends the reading with this failure and closes the connection (when the body has begun). */
    void abort(IOException why) {
      if (result.completeExceptionally(why)) {
        Flow.Subscription s = subscription;
        if (s != null) {
          s.cancel();
        }
      }
    }

    private Unanswered tooLarge(String detail) {
      return new Unanswered("the answer is larger than the " + cap + " bytes the stub reads (maxReplySize): " + detail);
    }
  }
}
