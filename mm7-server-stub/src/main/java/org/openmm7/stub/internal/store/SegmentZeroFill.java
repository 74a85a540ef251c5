package org.openmm7.stub.internal.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps written zeros ahead of the end of the {@link StoreLog}'s open segment, on a thread of its
 * own, so that the writer's records overwrite blocks the file already has: forcing them is then a
 * pure data flush. On ext4 an {@code fdatasync} that grows a file also commits the journal (the
 * file's new size), which measured here 3-5 times the flush of an overwrite (see
 * src/docs/performance.md).
 *
 * <p>Each appending thread {@link #claim claims} its record's range before writing it (the log's
 * threads write in parallel, so claims may come out of order; the highest counts); a fill writes
 * only beyond everything claimed, under the same lock, so it never overwrites a record. A record beyond the
 * zeros (the fill is behind) is simply appended: correct, only slower. Zeros pay where a force
 * flushes little data, so that the journal commit is most of its cost (small records); where a
 * batch is big (big records, many at once) the flush of its data is, and zeros only double what
 * the disk writes (measured: 100 KB records at 8 and 64 writers, 0.5-0.8 of plain appends with
 * zeros ahead). So a batch of more than {@link #BIG_BATCH} bytes, or a writer that outruns the
 * zeros, pauses the fill for a second. The zeros are no records:
 * the log's recovery takes a segment's zero tail for its end, and the log cuts it off when it
 * rolls to the next segment and when it closes.
 */
final class SegmentZeroFill implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(SegmentZeroFill.class);
  /** How far ahead of the writer's end zeros are kept; a fill starts when less than half is left. */
  static final long AHEAD = 8L * 1024 * 1024;
  /** One write of zeros: the writer waits at most for one to claim a range. */
  private static final int SLICE = 256 * 1024;
  /** A batch this big is a flush of data whatever the journal does: zeros would only double it. */
  static final long BIG_BATCH = 256 * 1024;
  /** How long the fill pauses after the writer outran it or wrote a big batch. */
  static final long PAUSE_NANOS = 1_000_000_000L;

  private final ByteBuffer zeros = ByteBuffer.allocateDirect(SLICE);
  private final Thread thread;
  private final long ahead;
  private final java.util.function.LongSupplier clock;
  // guarded by this
  private FileChannel channel;
  private long generation;
  private long claimed;
  private long filled;
  private long limit;
  private boolean filling;
  private boolean failed;
  private boolean closed;
  private long forces;
  private boolean paused;
  private long pausedSince;

  SegmentZeroFill() {
    this(AHEAD);
  }

  /** With another distance ahead (tests use a small one). */
  SegmentZeroFill(long ahead) {
    this(ahead, System::nanoTime);
  }

  /** With another clock (tests). */
  SegmentZeroFill(long ahead, java.util.function.LongSupplier clock) {
    this.ahead = ahead;
    this.clock = clock;
    this.thread = new Thread(this::run, "mm7-stub-store-zero-fill");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * Fills the segment file {@code file} from {@code end} (its records' end) up to at most {@code
   * limit} (the size at which the log rolls), or nothing when the file is null. No zeros are
   * written to the previous file after this returns.
   *
   * <p>The fill writes and forces through a channel of its own, never the log's: Linux reports a
   * write-back error once per open file, to the first {@code fsync} on it that comes after the
   * error, so a force of the fill's on the log's channel could take the error of a record's page
   * and leave the record's own force reporting success. On a channel of its own the fill sees its
   * copy of the error, and the log's next force still sees its own.
   */
  synchronized void segment(java.nio.file.Path file, long end, long limit) {
    closeChannel();
    this.generation++;
    this.claimed = end;
    this.filled = end;
    this.limit = limit;
    this.filling = false;
    this.failed = false;
    if (file != null) {
      try {
        this.channel = FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE);
      } catch (IOException e) {
        this.failed = true; // records are appended instead: correct, only slower
        log.warn("cannot open the store's segment to write zeros ahead (records are appended instead): {}", e.toString());
      }
    }
    notifyAll();
  }

  /** Guarded by this. A force of the fill under way on it ends with a ClosedChannelException. */
  private void closeChannel() {
    FileChannel ch = channel;
    channel = null;
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // nothing of the log's is lost: the zeros are no records, and the log forces its own channel
      }
    }
  }

  /** The channel the fill writes and forces through (for tests): never the log's own. */
  synchronized FileChannel channel() {
    return channel;
  }

  /** The writer is about to write up to {@code end}: no zeros are written below it from now on. */
  synchronized void claim(long end) {
    if (end > filled && filled > claimed && !paused) {
      paused = true; // outrun, past zeros there were: see the class comment
      pausedSince = clock.getAsLong();
    }
    if (end > claimed) {
      claimed = end;
    }
    if (paused && clock.getAsLong() - pausedSince >= PAUSE_NANOS) {
      paused = false;
    }
    if (!filling && !failed && !paused && channel != null && Math.min(claimed + ahead / 2, limit) > filled) {
      filling = true;
      notifyAll();
    }
  }

  /** The log is about to force {@code bytes} of records written since its last force (a batch). */
  synchronized void batch(long bytes) {
    if (bytes > BIG_BATCH) {
      paused = true;
      pausedSince = clock.getAsLong();
    }
  }

  /**
   * The writer's records end at {@code end} again (a failed write taken back): {@code truncate}
   * runs while no zeros are written, and filling starts again from there.
   */
  synchronized void rewind(long end, IoAction truncate) throws IOException {
    try {
      truncate.run();
    } finally {
      claimed = end;
      filled = end;
    }
  }

  interface IoAction {
    void run() throws IOException;
  }

  /** Whether the fill pauses, outrun by the writer (for tests). */
  synchronized boolean paused() {
    return paused;
  }

  /** Where the zeros written so far end (for tests). */
  synchronized long filled() {
    return filled;
  }

  /** Waits until no fill is under way (for tests). */
  synchronized void awaitIdle() throws InterruptedException {
    while (filling && !closed) {
      wait();
    }
  }

  /** How many fills were forced (for tests). */
  synchronized long forces() {
    return forces;
  }

  private void run() {
    while (true) {
      FileChannel ch;
      long gen;
      boolean more;
      synchronized (this) {
        while (!closed && !filling) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        if (paused) {
          filling = false;
          notifyAll();
          continue;
        }
        ch = channel;
        gen = generation;
        long target = Math.min(claimed + ahead, limit);
        long from = Math.max(filled, claimed);
        long to = Math.min(from + SLICE, target);
        if (from >= to) {
          filling = false;
          notifyAll();
          continue;
        }
        try {
          for (long at = from; at < to; ) {
            zeros.clear().limit((int) (to - at));
            at += ch.write(zeros, at);
          }
          filled = Math.max(filled, to);
        } catch (IOException e) {
          stopAfter(e, gen);
          continue;
        }
        more = to < target;
      }
      try {
        // each slice forced at once and outside the lock: a force of the writer's finds at most one
        // slice of zeros still to flush, and the writer's records do not wait for the zeros' force
        ch.force(false);
        synchronized (this) {
          forces++;
          if (!more && gen == generation) {
            filling = false;
          }
          notifyAll();
        }
      } catch (IOException e) {
        synchronized (this) {
          stopAfter(e, gen);
        }
      }
    }
  }

  /** Guarded by this: a fill that failed (a full disk?) is not tried again in this segment. */
  private void stopAfter(IOException e, long gen) {
    if (gen != generation) {
      return; // the segment was rolled or the log closed under the fill: nothing wrong
    }
    filling = false;
    failed = true;
    notifyAll();
    if (!(e instanceof ClosedChannelException)) {
      log.warn("cannot write zeros ahead in the store's segment (records are appended instead): {}", e.toString());
    }
  }

  /** Stops the thread; no zeros are written after this returns. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      closeChannel();
      generation++;
      notifyAll();
    }
    if (thread.isAlive() && thread != Thread.currentThread()) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
