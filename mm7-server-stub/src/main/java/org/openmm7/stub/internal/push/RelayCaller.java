package org.openmm7.stub.internal.push;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;
import org.openmm7.client.Profile;
import org.openmm7.client.SoapActionStyle;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.schema.Mm7Release;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.Mm7Request;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.VaspActions;

/**
 * {@link VaspActions}: requests encoded by the codec, sent through the client's transport ({@link
 * PeerSender}). With a profile the requests are in its dialect: its release and MM7Version (as
 * {@code defaultRelease}), its SOAPAction, its numbers.
 */
public final class RelayCaller implements VaspActions {
  private final Mm7StubServer.Builder options;
  private final Mm7Codec encoder;
  private final PeerSender http;
  private final AtomicLong counter = new AtomicLong();
  private final String prefix = "mm7stub-vasp-" + Long.toHexString(System.nanoTime() & 0xffffffL) + "-";

  public RelayCaller(Mm7StubServer.Builder options, Mm7Codec encoder) {
    this.options = options;
    this.encoder = encoder;
    this.http = new PeerSender(options.pushTimeout(), options.maxReplySize(), options.peerTls());
  }

  private String vaspId() {
    return options.relayCredentials().username();
  }

  @Override
  public CompletableFuture<Mm7Response> submit(SubmitRequest request) {
    if (request.vaspId() == null && vaspId() != null) {
      request = request.toBuilder().vaspId(vaspId()).build();
    }
    Profile profile = options.profile();
    if (profile != null && profile.numberFormat() != Profile.NumberFormat.AS_GIVEN) {
      // the VASP dialect's numbers (the splitting of Mm7Client.submitEach is the client's, not this one-shot call's)
      Profile.NumberFormat f = profile.numberFormat();
      request = request.toBuilder().senderAddress(renumber(request.senderAddress(), f))
          .recipients(new Recipients(renumber(request.recipients().to(), f), renumber(request.recipients().cc(), f),
              renumber(request.recipients().bcc(), f))).build();
    }
    return send(request);
  }

  private static List<Address> renumber(List<Address> addresses, Profile.NumberFormat f) {
    return addresses.stream().map(a -> renumber(a, f)).toList();
  }

  private static Address renumber(Address a, Profile.NumberFormat f) {
    return a instanceof Address.PhoneNumber n && !f.matches(n.value())
        ? new Address.PhoneNumber(f.apply(n.value()), n.displayOnly(), n.coding(), n.id()) : a;
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
    PeerSender.Encoded e;
    String transactionId = prefix + counter.incrementAndGet();
    try {
      Mm7Release release = options.defaultRelease();
      Profile profile = options.profile();
      String version = profile != null && profile.release() == release ? profile.mm7Version() : null;
      e = PeerSender.encode(encoder, new Mm7Envelope(transactionId, release, version, request));
    } catch (IOException | RuntimeException ex) {
      return CompletableFuture.failedFuture(ex);
    }
    String soapAction = options.profile() != null && options.profile().soapAction() == SoapActionStyle.NAMESPACE
        ? options.defaultRelease().namespace() : "";
    return http.post(options.relayEndpoint(), options.relayCredentials(), request.operation().elementName(),
        transactionId, e, soapAction).thenCompose(a -> a.response() != null
        ? CompletableFuture.completedFuture(a.response())
        : CompletableFuture.failedFuture(new IOException("the relay answered HTTP " + a.httpStatus() + " with no MM7 "
            + "response: " + a.problem())));
  }
}
