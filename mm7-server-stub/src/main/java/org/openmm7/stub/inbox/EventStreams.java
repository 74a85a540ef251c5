package org.openmm7.stub.inbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The inbox's Server-Sent Events streams, written asynchronously: an open stream costs its socket
 * and the text of one event, never a thread. One task on Jetty's scheduler looks at the recordings
 * every {@link #TICK_MILLIS} ms (once for all streams) and starts a non-blocking write on each
 * stream whose last event is out of date and whose previous write is done. At most {@code max}
 * streams are open at once, and each ends after {@code lifetime} (the browser's EventSource then
 * reconnects); a stream whose reader stopped reading is cut off shortly after.
 */
final class EventStreams {
  static final long TICK_MILLIS = 200;
  private static final long BEAT_NANOS = TimeUnit.SECONDS.toNanos(15);
  /** How long past its lifetime a stream may wait for a write its reader does not take. */
  private static final long STUCK_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final Supplier<String> state;
  private final int max;
  private final long lifetimeNanos;
  private final AtomicInteger open = new AtomicInteger();
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean ticking = new AtomicBoolean();
  private volatile Scheduler scheduler;

  /**
   * @param state    what the streams report (computed once a tick, on the scheduler's thread)
   * @param max      the most streams open at once
   * @param lifetime how long a stream lasts, in milliseconds
   */
  EventStreams(Supplier<String> state, int max, long lifetimeMillis) {
    this.state = state;
    this.max = max;
    this.lifetimeNanos = TimeUnit.MILLISECONDS.toNanos(lifetimeMillis);
  }

  /**
   * Starts a stream on this exchange, which then completes later (not on this thread).
   *
   * @return false, with nothing written, when {@code max} streams are already open
   */
  boolean open(Request request, Response response, Callback callback) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      return false;
    }
    scheduler = request.getComponents().getScheduler();
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    Stream s = new Stream(response, callback, System.nanoTime() + lifetimeNanos);
    streams.add(s);
    s.tick(state.get(), "retry: 1000\n\n");
    startTicking();
    return true;
  }

  /** How many streams are open now. */
  int openCount() {
    return open.get();
  }

  /** Ends every open stream (the stub is stopping). */
  void closeAll() {
    for (Stream s : streams) {
      s.fail(new IOException("the stub is stopping"));
    }
  }

  private void startTicking() {
    Scheduler sch = scheduler;
    if (!streams.isEmpty() && sch != null && ticking.compareAndSet(false, true)) {
      try {
        sch.schedule(this::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        ticking.set(false); // the scheduler is stopping
        closeAll();
      }
    }
  }

  private void tick() {
    try {
      if (!streams.isEmpty()) {
        String now = state.get();
        for (Stream s : streams) {
          s.tick(now, "");
        }
      }
    } catch (RuntimeException e) {
      closeAll(); // never leave streams open that nothing ticks
    } finally {
      ticking.set(false);
      startTicking();
    }
  }

  /** One open stream: at most one write in flight. */
  private final class Stream {
    private final Response response;
    private final Callback callback;
    private final long end;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean done = new AtomicBoolean();
    private String last;
    private long lastWrite = System.nanoTime();

    Stream(Response response, Callback callback, long end) {
      this.response = response;
      this.callback = callback;
      this.end = end;
    }

    /** Called by one thread at a time (the opener, then the scheduler's). */
    void tick(String now, String prefix) {
      if (done.get()) {
        return;
      }
      long t = System.nanoTime();
      if (!writing.compareAndSet(false, true)) {
        if (t - end > STUCK_NANOS) {
          fail(new TimeoutException("event stream reader stopped reading"));
        }
        return;
      }
      if (t - end >= 0) {
        if (done.compareAndSet(false, true)) {
          release();
          response.write(true, ByteBuffer.allocate(0), callback);
        }
        return;
      }
      String text;
      if (!now.equals(last)) {
        text = prefix + "event: messages\ndata: " + now + "\n\n";
        last = now;
      } else if (t - lastWrite > BEAT_NANOS) {
        text = ": keep-alive\n\n";
      } else {
        writing.set(false);
        return;
      }
      lastWrite = t;
      response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)),
          Callback.from(() -> writing.set(false), this::fail));
    }

    void fail(Throwable x) {
      if (done.compareAndSet(false, true)) {
        release();
        callback.failed(x); // the browser went away, or the stub is stopping
      }
    }

    private void release() {
      streams.remove(this);
      open.decrementAndGet();
    }
  }
}
