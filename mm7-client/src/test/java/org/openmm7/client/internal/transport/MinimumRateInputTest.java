package org.openmm7.client.internal.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The minimum rate judges the time the sender took: from the body's first bytes to its last, with
 * the read that completes the body never refused. A stepped clock stands for time.
 */
class MinimumRateInputTest {
  private static final long MS = 1_000_000L;
  private final AtomicLong now = new AtomicLong(5_000 * MS);

  private MinimumRateInput.Meter meter(long min) {
    return new MinimumRateInput.Meter(min, now::get);
  }

  @Test
  void aBodyFoundWaitingByAReaderThatCameLateIsNotTooSlow() {
    MinimumRateInput.Meter m = meter(1024);
    now.addAndGet(5_000 * MS); // the receiver came to read five seconds after the request arrived
    assertDoesNotThrow(() -> m.received(600));
    now.addAndGet(200 * MS);
    assertDoesNotThrow(() -> m.received(600));
  }

  @Test
  void theReadThatCompletesTheBodyIsNeverRefusedButAnyOtherIs() throws Exception {
    MinimumRateInput.Meter done = meter(1024);
    done.received(100);
    now.addAndGet(3_000 * MS);
    assertDoesNotThrow(() -> done.received(100, true));

    MinimumRateInput.Meter more = meter(1024);
    more.received(100);
    now.addAndGet(3_000 * MS);
    MinimumRateInput.TooSlowException e = assertThrows(MinimumRateInput.TooSlowException.class,
        () -> more.received(100, false));
    assertTrue(e.getMessage().contains("66 bytes/s, below the minimum of 1024"), e.getMessage());
  }

  @Test
  void aDripIsCutOffOnceTheFirstSecondIsOver() throws Exception {
    MinimumRateInput.Meter m = meter(100);
    int calls = 0;
    try {
      for (; calls < 100; calls++) {
        m.received(1);
        now.addAndGet(250 * MS);
      }
    } catch (MinimumRateInput.TooSlowException e) {
      assertTrue(e.getMessage().contains("below the minimum of 100"), e.getMessage());
    }
    // the first byte starts the clock; the check begins after a second of it: the sixth byte at 1.25 s
    assertTrue(calls == 5, "cut off at byte " + (calls + 1));
  }

  @Test
  void theFastSenderIsNeverCutOffWhateverTheReadsSizes() {
    MinimumRateInput.Meter m = meter(1024);
    for (int i = 0; i < 1_000; i++) {
      int n = 1 + (i * 7919) % 4096;
      assertDoesNotThrow(() -> m.received(n));
      now.addAndGet(MS); // a read a millisecond: ~2 MB/s
    }
  }

  @Test
  void aStreamOfADeclaredLengthIsCompleteAtItsLastByte() throws Exception {
    byte[] body = new byte[300];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i;
    }
    // a stream whose reads take 2 s each after the first: 150 B per 2 s, far below the minimum
    MinimumRateInput in = new MinimumRateInput(slowStream(body, 150), 1024, body.length, now::get);
    assertArrayEquals(body, in.readAllBytes(), "the second read completes the body: not refused");

    MinimumRateInput unknown = new MinimumRateInput(slowStream(body, 100), 1024, -1, now::get);
    assertThrows(MinimumRateInput.TooSlowException.class, unknown::readAllBytes,
        "without a length the second read is not known to be the last");
  }

  /** A stream of {@code body} in reads of at most {@code chunk} bytes, each after the first 2 s later. */
  private InputStream slowStream(byte[] body, int chunk) {
    return new ByteArrayInputStream(body) {
      private boolean first = true;

      @Override
      public synchronized int read(byte[] b, int off, int len) {
        if (!first) {
          now.addAndGet(2_000 * MS);
        }
        first = false;
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }
}
