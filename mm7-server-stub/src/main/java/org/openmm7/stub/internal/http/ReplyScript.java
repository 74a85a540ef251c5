package org.openmm7.stub.internal.http;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.openmm7.stub.Dispatcher;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.StubReply;

/** The test's script: queued replies, first come first served, then the dispatcher. Thread-safe. */
public final class ReplyScript {
  private final ConcurrentLinkedQueue<StubReply> replies = new ConcurrentLinkedQueue<>();
  private volatile Dispatcher dispatcher = Dispatcher.RELAY;

  public void enqueue(StubReply reply) {
    replies.add(Objects.requireNonNull(reply, "reply"));
  }

  public void dispatcher(Dispatcher dispatcher) {
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
  }

  /** The next queued reply, or null when none is queued. */
  StubReply queued() {
    return replies.poll();
  }

  /** The dispatcher's reply (null from it means the relay's own). */
  StubReply dispatch(RecordedRequest r) throws InterruptedException {
    return dispatcher.dispatch(r);
  }

  /** The queued replies, next first. */
  public java.util.List<StubReply> queuedReplies() {
    return java.util.List.copyOf(replies);
  }

  /** Forgets the queued replies only. */
  public void clearQueued() {
    replies.clear();
  }

  /** Forgets the queued replies and restores the relay's dispatcher. */
  public void reset() {
    replies.clear();
    dispatcher = Dispatcher.RELAY;
  }
}
