package org.openmm7.client.internal.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * A request body that must keep arriving at a minimum average rate. The idle timeout only bounds
 * the silence between two bytes: a sender dripping its body a byte at a time just inside it would
 * hold a thread and a connection for hours. Checked whenever a read returns, after a first second
 * (a rate over a few milliseconds says nothing).
 *
 * <p>Only the sender's time is judged. The clock starts when the first bytes of the body are read,
 * not when the request arrived: a busy receiver that comes to read late (its threads or cores
 * taken) finds the body waiting, and the wait was its own. And the read that brings the last byte
 * is never refused: the body is whole, nothing is held any more, and a refusal would only make the
 * sender send it again (a duplicate) or lose it.
 */
public final class MinimumRateInput extends FilterInputStream {
  /** Thrown when the body arrives slower than the minimum. */
  public static final class TooSlowException extends IOException {
    TooSlowException(String message) {
      super(message);
    }
  }

  /** {@link System#nanoTime}, as a class rather than a method reference (nothing linked at a server's first body). */
  private static final class NanoClock implements LongSupplier {
    static final NanoClock SYSTEM = new NanoClock();

    @Override
    public long getAsLong() {
      return System.nanoTime();
    }
  }

  /** The rate check alone, for a reader that is not an InputStream. */
  public static final class Meter {
    private final long minBytesPerSecond;
    private final LongSupplier nanoClock;
    private long start;
    private boolean started;
    private long received;

    public Meter(long minBytesPerSecond) {
      this(minBytesPerSecond, NanoClock.SYSTEM);
    }

    /** With a clock of the caller's ({@link System#nanoTime} unless a test steps it). */
    public Meter(long minBytesPerSecond, LongSupplier nanoClock) {
      this.minBytesPerSecond = minBytesPerSecond;
      this.nanoClock = nanoClock;
    }

    /** Counts n more bytes, not the last of the body; see {@link #received(long, boolean)}. */
    public void received(long n) throws TooSlowException {
      received(n, false);
    }

    /**
     * Counts n more bytes read; throws when the average since the first bytes is below the minimum,
     * unless these bytes complete the body ({@code complete}).
     */
    public void received(long n, boolean complete) throws TooSlowException {
      long now = nanoClock.getAsLong();
      if (!started) {
        started = true;
        start = now; // the first bytes start the clock: what came before was not the body's arrival
        received += n;
        return;
      }
      received += n;
      long elapsed = now - start;
      if (!complete && elapsed > GRACE_NANOS && received * 1_000_000_000L / elapsed < minBytesPerSecond) {
        throw new TooSlowException("the request body arrives at " + received * 1_000_000_000L / elapsed
            + " bytes/s, below the minimum of " + minBytesPerSecond);
      }
    }
  }

  private static final long GRACE_NANOS = 1_000_000_000L;
  private final Meter meter;
  private final long declaredLength;
  private long count;

  /** For a body of unknown length. */
  public MinimumRateInput(InputStream in, long minBytesPerSecond) {
    this(in, minBytesPerSecond, -1);
  }

  /** {@code declaredLength}: the Content-Length, or -1; the read reaching it completes the body. */
  public MinimumRateInput(InputStream in, long minBytesPerSecond, long declaredLength) {
    this(in, minBytesPerSecond, declaredLength, NanoClock.SYSTEM);
  }

  /** With a clock of the caller's ({@link System#nanoTime} unless a test steps it). */
  public MinimumRateInput(InputStream in, long minBytesPerSecond, long declaredLength, LongSupplier nanoClock) {
    super(in);
    this.meter = new Meter(minBytesPerSecond, nanoClock);
    this.declaredLength = declaredLength;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      counted(n);
    }
    return n;
  }

  private void counted(int n) throws TooSlowException {
    count += n;
    meter.received(n, declaredLength >= 0 && count >= declaredLength);
  }
}
