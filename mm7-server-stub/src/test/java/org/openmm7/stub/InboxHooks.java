package org.openmm7.stub;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.ResponseStatus;

/** Test access to the stub's package-private inbox hook, and a fake {@link Pushes} that records the calls. */
public final class InboxHooks {
  private InboxHooks() {}

  /** Makes the inbox send its pushes to this implementation. */
  public static void pushes(Mm7StubServer stub, Pushes pushes) {
    stub.inboxPushes(pushes);
  }

  /** Makes the inbox pace wrong passwords by this clock (milliseconds). */
  public static void clock(Mm7StubServer stub, java.util.function.LongSupplier clockMillis) {
    stub.inboxClock(clockMillis);
  }

  /** One call made on {@link FakePushes}. */
  public record Call(Mm7Operation operation, String messageId, String recipient, MessageStatus status,
      DeliverRequest deliver, String vaspId) {}

  /** Pushes that are "delivered" at once, answered 1000, and remembered. */
  public static final class FakePushes implements Pushes {
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<PushRecord> history = new CopyOnWriteArrayList<>();

    private CompletableFuture<PushRecord> done(Call c) {
      calls.add(c);
      PushRecord r = new PushRecord("push-" + calls.size(), c.operation(), "tx-push-" + calls.size(),
          URI.create("http://127.0.0.1:9/vasp"), c.messageId(),
          List.of(new PushRecord.Attempt(Instant.now(), 200, ResponseStatus.SUCCESS, null)),
          PushRecord.State.DELIVERED, ResponseStatus.SUCCESS, c.recipient(), c.status());
      history.add(r);
      return CompletableFuture.completedFuture(r);
    }

    @Override
    public CompletableFuture<PushRecord> deliveryReport(String messageId, String recipient, MessageStatus status) {
      return done(new Call(Mm7Operation.DELIVERY_REPORT_REQ, messageId, recipient, status, null, null));
    }

    @Override
    public CompletableFuture<PushRecord> readReply(String messageId, String recipient, MessageStatus status) {
      return done(new Call(Mm7Operation.READ_REPLY_REQ, messageId, recipient, status, null, null));
    }

    @Override
    public CompletableFuture<PushRecord> deliver(DeliverRequest request, String vaspId) {
      return done(new Call(Mm7Operation.DELIVER_REQ, null, null, null, request, vaspId));
    }

    @Override
    public int sendHeld() {
      return 0; // these pushes are never held
    }

    @Override
    public List<PushRecord> history() {
      return List.copyOf(history);
    }

    @Override
    public PushRecord get(String id) {
      return history.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    @Override
    public AutoCloseable subscribe(java.util.function.Consumer<PushRecord> listener) {
      return () -> { };
    }
  }
}
