package org.openmm7.stub.internal.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.openmm7.client.internal.mime.MemoryBudget;
import org.openmm7.client.internal.transport.MinimumRateInput;

/**
 * Reads a request body as it arrives without holding a thread while it waits: each piece Jetty
 * has is copied into the recording and given back, then Jetty is asked to call again when the
 * next one is there ({@link Request#demand}). A slow sender costs a socket and what it has sent,
 * never a thread; the thread that delivers the last piece decodes and answers.
 *
 * <p>Every byte kept takes from the stub's {@link MemoryBudget} first: a body declared under one
 * block goes into an array of its size, a larger one into reused blocks ({@link ChunkRecording});
 * when the budget has no room, the body goes to a file in the spool directory. The body must
 * arrive within a deadline and at a minimum average rate, and may be at most {@code limit} bytes:
 * reading stops at the first byte over the limit.
 */
public final class BodyArrival implements Runnable {
  /** How reading ended. */
  enum End {
    /** The whole body arrived, within the limit. */
    COMPLETE,
    /** More than the limit arrived; the rest was not read. */
    TOO_LARGE,
    /** The client went away or broke the framing. */
    BROKEN,
    /** Slower than the minimum rate. */
    TOO_SLOW,
    /** Not all there when the deadline passed. */
    TIMED_OUT,
    /** The spool file could not be written (disk full, directory gone): the server's failure. */
    SPOOL_FAILED
  }

  /** Told once, on the thread that ended the arrival (a Jetty thread, or the deadline's timer). */
  interface Listener {
    void ended(BodyArrival arrival, End end);
  }

  private final Request request;
  private final long limit;
  private final long declared;
  private final MemoryBudget budget;
  private final Path spool;
  private final MinimumRateInput.Meter meter;
  /** The bytes the meter was given (read by the one thread in {@link #run} at a time). */
  private long metered;
  private final Listener listener;
  private final AtomicBoolean ended = new AtomicBoolean();
  /** Set only when the body did not arrive whole at once (see {@link #start}); read by the thread that ends it. */
  private volatile Scheduler.Task deadline;
  /** The body: exactly one of these three while it arrives. Guarded by this. */
  private byte[] array;
  private ChunkRecording chunks;
  private Path file;
  private FileChannel fileOut;
  private long size;
  /** The budget taken for what is kept in memory. */
  private long held;
  private String problem;
  /** The start of a body that went to a file (for the answer when the file cannot be written). */
  private byte[] spoolHead = new byte[0];

  /**
   * @param declared the Content-Length, or -1
   * @param minBytesPerSecond 0 for no minimum rate
   */
  BodyArrival(Request request, long limit, long declared, MemoryBudget budget, Path spool, long minBytesPerSecond,
      Listener listener) {
    this.request = request;
    this.limit = limit;
    this.declared = declared;
    this.budget = budget;
    this.spool = spool;
    this.meter = minBytesPerSecond > 0 ? new MinimumRateInput.Meter(minBytesPerSecond) : null;
    this.listener = listener;
  }

  /**
   * Starts reading; the listener is told when the body ended, at the latest after {@code timeout}.
   * A body that is all there at once (a small request arrives with its head) ends here, and no
   * deadline is set for it: a timer task per request was the scheduler's lock and queue twice.
   */
  void start(Duration timeout) {
    if (readAvailable()) {
      return;
    }
    // nothing else can end it before the demand below but the deadline itself
    deadline = request.getComponents().getScheduler().schedule(new Deadline(), timeout.toMillis(),
        TimeUnit.MILLISECONDS);
    request.demand(this);
  }

  /** Reads what is there, then asks to be called again when more is. */
  @Override
  public void run() {
    if (!readAvailable()) {
      request.demand(this);
    }
  }

  /** Reads what is there; true when the arrival ended, false when the body needs more. */
  private boolean readAvailable() {
    while (!ended.get()) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        return false;
      }
      End end = null;
      try {
        if (Content.Chunk.isFailure(chunk)) {
          problem = String.valueOf(chunk.getFailure().getMessage());
          if (!chunk.isLast()) {
            request.fail(chunk.getFailure()); // a transient failure (an idle timeout): the body is not coming
          }
          end = End.BROKEN;
        } else {
          int n = chunk.remaining();
          if (meter != null && n > 0) {
            metered += n;
            meter.received(n, chunk.isLast() || (declared >= 0 && metered >= declared));
          }
          end = keep(chunk.getByteBuffer());
          if (end == null && chunk.isLast()) {
            end = End.COMPLETE;
          }
        }
      } catch (MinimumRateInput.TooSlowException e) {
        problem = e.getMessage();
        end = End.TOO_SLOW;
      } catch (IOException e) {
        problem = "cannot spool the request body: " + e.getMessage();
        end = End.SPOOL_FAILED;
      } finally {
        chunk.release();
      }
      if (end != null) {
        finish(end);
        return true;
      }
    }
    return true;
  }

  /** Keeps a piece; TOO_LARGE once the body passes the limit, else null. */
  private synchronized End keep(ByteBuffer piece) throws IOException {
    if (ended.get()) {
      return null; // the deadline passed meanwhile: what was kept is already given back
    }
    int n = piece.remaining();
    if (size + n > limit) {
      // keep up to the limit (what a recording of the refusal shows), not the rest
      piece.limit(piece.position() + (int) Math.max(0, limit - size));
      n = piece.remaining();
      store(piece, n);
      return End.TOO_LARGE;
    }
    store(piece, n);
    return null;
  }

  private void store(ByteBuffer piece, int n) throws IOException {
    if (n == 0) {
      return;
    }
    boolean spilled = false;
    if (file == null && array == null && chunks == null && declared >= 0 && declared < ChunkRecording.BLOCK_SIZE) {
      if (budget.tryTake(declared)) {
        array = new byte[(int) declared];
        held = declared;
      } else {
        spill(piece);
        spilled = true;
      }
    }
    if (array != null) {
      piece.get(array, (int) size, n); // Jetty keeps a body within its Content-Length
    } else if (file == null) {
      if (chunks == null) {
        chunks = new ChunkRecording();
      }
      long more = (long) chunks.blocksFor(n) * ChunkRecording.BLOCK_SIZE;
      if (more == 0 || budget.tryTake(more)) {
        held += more;
        chunks.append(piece);
      } else {
        spill(piece);
        spilled = true;
      }
    }
    if (file != null) {
      if (!spilled) {
        keepHead(piece.duplicate());
      }
      while (piece.hasRemaining()) {
        fileOut.write(piece); // Jetty's buffers may be direct: through the channel, not an array
      }
    }
    size += n;
  }

  private static final int SPOOL_HEAD = 64 * 1024;

  /** Keeps the start of a body going to a file, up to 64 KiB. */
  private void keepHead(ByteBuffer piece) {
    int n = Math.min(piece.remaining(), SPOOL_HEAD - spoolHead.length);
    if (n > 0) {
      int at = spoolHead.length;
      spoolHead = java.util.Arrays.copyOf(spoolHead, at + n);
      piece.get(spoolHead, at, n);
    }
  }

  /** The start of the body, as ISO-8859-1 text, when it could not be spooled (for the fault's TransactionID). */
  synchronized String spoolHead() {
    return new String(spoolHead, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /**
   * The budget has no room: what was kept in memory goes to a file, with the rest (from {@code
   * pending}, the piece at hand). The start of the body is kept aside first, for the answer if the
   * file cannot be written.
   */
  private void spill(ByteBuffer pending) throws IOException {
    if (chunks != null) {
      for (ByteBuffer b : chunks.appended()) {
        keepHead(b);
      }
    } else if (array != null) {
      keepHead(ByteBuffer.wrap(array, 0, (int) size));
    }
    keepHead(pending.duplicate());
    file = spool == null ? Files.createTempFile("mm7-stub-", ".body") : Files.createTempFile(spool, "mm7-stub-", ".body");
    // no O_TRUNC on the new file: on ext4 a truncated-then-written file is flushed at close (auto_da_alloc)
    fileOut = FileChannel.open(file, StandardOpenOption.WRITE);
    if (chunks != null) {
      for (ByteBuffer b : chunks.appended()) {
        while (b.hasRemaining()) {
          fileOut.write(b);
        }
      }
      chunks.release();
      chunks = null;
    }
    if (array != null) {
      ByteBuffer b = ByteBuffer.wrap(array, 0, (int) size);
      while (b.hasRemaining()) {
        fileOut.write(b);
      }
      array = null;
    }
    budget.give(held);
    held = 0;
  }

  private void finish(End end) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    Scheduler.Task task = deadline;
    if (task != null) {
      task.cancel();
    }
    if (end != End.COMPLETE && end != End.TOO_LARGE) {
      discard();
    } else {
      try {
        closeFile();
      } catch (IOException e) {
        problem = "cannot spool the request body: " + e.getMessage();
        discard();
        end = End.SPOOL_FAILED;
      }
    }
    listener.ended(this, end);
  }

  /** The body timeout firing (a class, not a method reference: nothing linked at the first request). */
  private final class Deadline implements Runnable {
    @Override
    public void run() {
      timedOut();
    }
  }

  private void timedOut() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      discard();
    }
    problem = "the request body was not all there after the deadline (" + size + " bytes arrived)";
    listener.ended(this, End.TIMED_OUT);
  }

  private synchronized void closeFile() throws IOException {
    if (fileOut != null) {
      fileOut.close();
      fileOut = null;
    }
  }

  /** Gives back what was kept (the body is not recorded). */
  private synchronized void discard() {
    if (chunks != null) {
      chunks.release();
      chunks = null;
    }
    array = null;
    if (fileOut != null) {
      try {
        fileOut.close();
      } catch (IOException ignored) {
        // deleted next
      }
      fileOut = null;
    }
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temporary file; the OS cleans up
      }
      file = null;
    }
    budget.give(held);
    held = 0;
  }

  /** Why the body did not arrive whole (for the 400/408 answer and the log), or null. */
  String problem() {
    return problem;
  }

  /** How many bytes arrived (up to the limit). */
  synchronized long size() {
    return size;
  }

  /**
   * The body that arrived (COMPLETE or TOO_LARGE), holding its part of the budget from now on:
   * an array, blocks, or a file.
   */
  synchronized BodyBuffer body() {
    BodyBuffer b;
    if (file != null) {
      b = BodyBuffer.ofFile(file, size);
    } else if (chunks != null && size < ChunkRecording.BLOCK_SIZE) {
      // a small body of unknown length: an array of its size rather than a block
      byte[] exact = chunks.copy();
      chunks.release();
      budget.give(held - exact.length); // the block was taken; the array is what stays
      b = BodyBuffer.of(exact, budget, exact.length);
    } else if (chunks != null) {
      b = BodyBuffer.ofChunks(chunks, size, budget, held);
    } else {
      byte[] a = array == null ? new byte[0] : array;
      if (a.length != size) {
        byte[] exact = java.util.Arrays.copyOf(a, (int) size);
        budget.give(held - exact.length);
        held = exact.length;
        a = exact;
      }
      b = BodyBuffer.of(a, budget, held);
    }
    array = null;
    chunks = null;
    file = null;
    held = 0;
    return b;
  }

  /**
   * After the answer to a body refused before its end (over the limit): reads and drops the rest,
   * at most {@code max} bytes, without holding a thread, then completes {@code done} (a client
   * still sending would otherwise see its connection reset instead of the answer).
   */
  static void drain(Request request, long max, Callback done) {
    new Runnable() {
      private long left = max;

      @Override
      public void run() {
        while (true) {
          Content.Chunk chunk = request.read();
          if (chunk == null) {
            request.demand(this);
            return;
          }
          boolean last = chunk.isLast() || Content.Chunk.isFailure(chunk);
          left -= chunk.remaining();
          chunk.release();
          if (last || left <= 0) {
            done.succeeded();
            return;
          }
        }
      }
    }.run();
  }
}
