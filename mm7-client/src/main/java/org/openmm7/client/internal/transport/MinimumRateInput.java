package org.openmm7.client.internal.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that must keep arriving at a minimum average rate. The idle timeout only bounds
 * the silence between two bytes: a sender dripping its body a byte at a time just inside it would
 * hold a thread and a connection for hours. Checked whenever a read returns, after a first second
 * (a rate over a few milliseconds says nothing).
 */
public final class MinimumRateInput extends FilterInputStream {
  /** Thrown when the body arrives slower than the minimum. */
  public static final class TooSlowException extends IOException {
    TooSlowException(String message) {
      super(message);
    }
  }

  /** The rate check alone, for a reader that is not an InputStream. */
  public static final class Meter {
    private final long minBytesPerSecond;
    private final long start = System.nanoTime();
    private long received;

    public Meter(long minBytesPerSecond) {
      this.minBytesPerSecond = minBytesPerSecond;
    }

    /** Counts n more bytes; throws when the average since the start is below the minimum. */
    public void received(long n) throws TooSlowException {
      received += n;
      long elapsed = System.nanoTime() - start;
      if (elapsed > GRACE_NANOS && received * 1_000_000_000L / elapsed < minBytesPerSecond) {
        throw new TooSlowException("the request body arrives at " + received * 1_000_000_000L / elapsed
            + " bytes/s, below the minimum of " + minBytesPerSecond);
      }
    }
  }

  private static final long GRACE_NANOS = 1_000_000_000L;
  private final Meter meter;

  public MinimumRateInput(InputStream in, long minBytesPerSecond) {
    super(in);
    this.meter = new Meter(minBytesPerSecond);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      meter.received(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      meter.received(n);
    }
    return n;
  }
}
