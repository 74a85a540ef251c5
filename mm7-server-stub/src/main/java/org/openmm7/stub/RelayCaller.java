package org.openmm7.stub;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.Mm7Request;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.SubmitRequest;

/** {@link VaspActions}: the codec and java.net.http, nothing of a client library. */
final class RelayCaller implements VaspActions {
  private final Mm7StubServer.Builder options;
  private final Mm7Codec encoder;
  private final PeerHttp http;
  private final AtomicLong counter = new AtomicLong();
  private final String prefix = "mm7stub-vasp-" + Long.toHexString(System.nanoTime() & 0xffffffL) + "-";

  RelayCaller(Mm7StubServer.Builder options, Mm7Codec encoder) {
    this.options = options;
    this.encoder = encoder;
    this.http = new PeerHttp(options.pushTimeout(), options.maxReplySize());
  }

  private String vaspId() {
    PeerCredentials c = options.relayCredentials();
    return c != null && !c.isBearer() ? c.user() : null;
  }

  @Override
  public CompletableFuture<Mm7Response> submit(SubmitRequest request) {
    if (request.vaspId() == null && vaspId() != null) {
      request = request.toBuilder().vaspId(vaspId()).build();
    }
    return send(request);
  }

  @Override
  public CompletableFuture<Mm7Response> cancel(String messageId) {
    return send(CancelRequest.builder().vaspId(vaspId()).messageId(messageId).build());
  }

  @Override
  public CompletableFuture<Mm7Response> cancel(CancelRequest request) {
    return send(request);
  }

  @Override
  public CompletableFuture<Mm7Response> replace(ReplaceRequest request) {
    return send(request);
  }

  @Override
  public CompletableFuture<Mm7Response> send(Mm7Request request) {
    if (options.relayEndpoint() == null) {
      return CompletableFuture.failedFuture(
          new IOException("no relay endpoint: set Builder.relayEndpoint (--relay-url)"));
    }
    PeerHttp.Encoded e;
    try {
      e = PeerHttp.encode(encoder, Mm7Envelope.of(prefix + counter.incrementAndGet(), options.defaultRelease(),
          request));
    } catch (IOException | RuntimeException ex) {
      return CompletableFuture.failedFuture(ex);
    }
    return http.post(options.relayEndpoint(), options.relayCredentials(), e).thenCompose(a -> a.response() != null
        ? CompletableFuture.completedFuture(a.response())
        : CompletableFuture.failedFuture(new IOException("the relay answered HTTP " + a.httpStatus() + " with no MM7 "
            + "response: " + a.problem())));
  }
}
