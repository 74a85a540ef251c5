package org.openmm7.stub;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.MessageStatus;

/**
 * What the stub, playing the relay, pushes to a VASP: delivery reports and read replies about
 * messages it accepted, and mobile-originated messages. A push is retried like a real relay
 * retries (until the VASP answers 1000 with the matching TransactionID, or the attempts run
 * out) and is not lost while it waits: with a store directory, pending pushes survive a restart.
 *
 * <p>The futures complete when the push is delivered or given up (see {@link PushRecord#state()}),
 * and fail at once when the push cannot be made (an unknown MessageID). Without a push target for
 * the VASP (no account push URL, no {@link Mm7StubServer#pushTo push target}) a push is not lost
 * and not an error: it is kept as {@link PushRecord.State#HELD} (its future completes at once with
 * that state), listed by {@link #held()}, and sent by {@link #sendHeld()} once a target is set.
 * A DeliveryReportReq and ReadReplyReq go in the release of the submit they are about, a DeliverReq
 * in the stub's default release; all carry the stub's MMSRelayServerID.
 */
public interface Pushes {

  /** Sends a DeliveryReportReq about a stored message to the VASP that submitted it. */
  CompletableFuture<PushRecord> deliveryReport(String messageId, String recipient, MessageStatus status);

  /** Sends a ReadReplyReq about a stored message to the VASP that submitted it. */
  CompletableFuture<PushRecord> readReply(String messageId, String recipient, MessageStatus status);

  /** Sends a mobile-originated DeliverReq to a VASP (by its account id, or the default VASP endpoint when null). */
  CompletableFuture<PushRecord> deliver(DeliverRequest request, String vaspId);

  /**
   * Every push kept, newest last, with its attempts and outcome (those loaded from the store
   * directory first): all pending and held ones, and the latest finished ones up to
   * {@link Mm7StubServer.Builder#maxFinishedPushes}.
   */
  List<PushRecord> history();

  /**
   * How many pushes were forgotten: finished beyond {@link Mm7StubServer.Builder#maxFinishedPushes},
   * or held beyond the bound on held pushes (given up unsent). They are no longer in {@link #history()}.
   */
  default long forgotten() {
    return 0;
  }

  /**
   * How many pushes are kept in each state (every state present, 0 when none): what
   * {@link #history()} holds, counted without copying it.
   */
  default Map<PushRecord.State, Long> counts() {
    Map<PushRecord.State, Long> out = new EnumMap<>(PushRecord.State.class);
    for (PushRecord.State s : PushRecord.State.values()) {
      out.put(s, 0L);
    }
    history().forEach(p -> out.merge(p.state(), 1L, Long::sum));
    return out;
  }

  /** How much of one of the pushes' bounds is in use ({@link #bounds()}). */
  record Bound(long used, long limit) {}

  /**
   * Every structure the pushes keep, by name, with how much of it is in use and its limit:
   * {@code pending} (pushes being tried, {@link Mm7StubServer.Builder#maxPendingPushes}), {@code held}
   * ({@link Mm7StubServer.Builder#maxHeldPushes}), {@code finished} (kept for {@link #history()},
   * {@link Mm7StubServer.Builder#maxFinishedPushes}), {@code forgottenOutcomes} (how forgotten
   * pushes ended, for awaiting a report), {@code senderThreads} and {@code peerPools} (the threads
   * and connection pools that send them), {@code vaspReleases} (the release each VASP spoke last).
   * Empty when pushes are not kept in this process.
   */
  default Map<String, Bound> bounds() {
    return Map.of();
  }

  /**
   * How many submits wait now for room among the pending pushes (their SubmitRsp with them): more
   * than 0 while the VASP takes reports more slowly than they are made. At most a quarter of the
   * stub's threads wait, each at most {@link Mm7StubServer.Builder#pushRoomWait}; the others are
   * answered 4006, nothing stored.
   */
  default int waitingForRoom() {
    return 0;
  }

  /**
   * How many submits were answered 4006 since the stub started because the delivery reports they
   * asked for found no room among the pending pushes ({@link Mm7StubServer.Builder#maxPendingPushes})
   * within {@link Mm7StubServer.Builder#pushRoomWait}; nothing of them was stored.
   */
  default long refusedSubmits() {
    return 0;
  }

  /**
   * Which VASPs hold the pending pushes (the room {@link Mm7StubServer.Builder#maxPendingPushes}
   * bounds), by VASP id ({@code ""} for pushes about no VASP's message, e.g. a DeliverReq to the
   * default endpoint), the ten that hold most, most first: a VASP whose push endpoint is down or
   * slow shows as the one holding the room that others' submits wait for.
   */
  default Map<String, Long> pendingByVasp() {
    return Map.of();
  }

  /** The pushes kept for want of a push target, oldest first. */
  default List<PushRecord> held() {
    return history().stream().filter(p -> p.state() == PushRecord.State.HELD).toList();
  }

  /**
   * Sends the held pushes whose VASP has a push target now, oldest first (a VASP's later reports
   * about the same message and recipient after the earlier ones, as always); those still without
   * one stay held. Returns how many were sent on their way.
   */
  default int sendHeld() {
    throw new UnsupportedOperationException("these pushes cannot be sent");
  }

  /** A push by its {@link PushRecord#id()}, or null. */
  PushRecord get(String id);

  /**
   * Calls the listener with a push's new state whenever one is created or an attempt ends (on the
   * thread that saw it; keep it short). A push's states are told one at a time and in the order
   * they came about: a state read before a newer one was told is not told at all, so a listener
   * never learns PENDING after DELIVERED. Closing the returned handle unsubscribes.
   */
  AutoCloseable subscribe(Consumer<PushRecord> listener);
}
