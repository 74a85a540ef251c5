package org.openmm7.client.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openmm7.client.content.ContentSource;

/**
 * Internal: a body kept, as it is read, in the segments its source delivers (a server's network
 * buffers), so that it is decoded while it arrives and recorded without a copy. {@code
 * Mm7Codec.decode} reads it like any stream; handed one that nothing has read yet, the MIME reader
 * makes each identity-encoded part a range of the recording instead of copying it, as it does for
 * a {@link RecordedInput}.
 *
 * <p>A subclass supplies the segments and owns their memory until {@link #release()}; after that
 * every read of the recording or of a part decoded from it fails instead of reading memory the
 * source may have reused. Not part of the public API.
 */
public abstract class RecordingInput extends InputStream {
  /** Segments delivered so far, and where each starts in the body. */
  private ByteBuffer[] segments = new ByteBuffer[16];
  private long[] starts = new long[16];
  private int count;
  private long recorded;
  /** The unread rest of the last segment (a duplicate: the recorded segment keeps its bounds). */
  private ByteBuffer current;
  private boolean ended;
  private boolean released;
  /** Held by readers of recorded bytes, taken for writing by {@link #release()}. */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  /**
   * The next segment (its bytes from position to limit), or null at the end of the body. The
   * memory must stay unchanged until {@link #releaseSegments()}.
   */
  protected abstract ByteBuffer nextSegment() throws IOException;

  /** Gives the segments' memory back to the source; called once, by {@link #release()}. */
  protected abstract void releaseSegments();

  /** Whether nothing has been read yet. */
  public final boolean untouched() {
    return count == 0 && !ended;
  }

  /** How many bytes have been read (and recorded) so far. */
  public final long recorded() {
    return recorded;
  }

  /** Whether the end of the body has been read. */
  public final boolean ended() {
    return ended;
  }

  private boolean advance() throws IOException {
    if (ended) {
      return false;
    }
    ByteBuffer s = nextSegment();
    if (s == null) {
      ended = true;
      return false;
    }
    int n = s.remaining();
    if (n == 0) {
      return true;
    }
    ByteBuffer last = count == 0 ? null : segments[count - 1];
    if (last != null && last.hasArray() && s.hasArray() && last.array() == s.array()
        && last.arrayOffset() + last.limit() == s.arrayOffset() + s.position()) {
      // the next bytes of the same array (a source that gathers small pieces): one segment
      segments[count - 1] = ByteBuffer.wrap(last.array(), last.arrayOffset() + last.position(), last.remaining() + n)
          .slice();
    } else {
      if (count == segments.length) {
        segments = Arrays.copyOf(segments, count * 2);
        starts = Arrays.copyOf(starts, count * 2);
      }
      segments[count] = s.slice();
      starts[count] = recorded;
      count++;
    }
    current = s.slice();
    recorded += n;
    return true;
  }

  @Override
  public final int read() throws IOException {
    while (current == null || !current.hasRemaining()) {
      if (!advance()) {
        return -1;
      }
    }
    return current.get() & 0xff;
  }

  @Override
  public final int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    // fills the request across segments, waiting for them: the reader (the MIME scanner) then
    // works on its whole buffer at a time rather than on a network buffer's worth
    int n = 0;
    while (n < len) {
      if (current == null || !current.hasRemaining()) {
        if (!advance()) {
          break;
        }
        continue;
      }
      int k = Math.min(len - n, current.remaining());
      current.get(b, off + n, k);
      n += k;
    }
    return n == 0 ? -1 : n;
  }

  /** Reads the rest of the body into the recording; how many bytes that was. */
  public final long readToEnd(long max) throws IOException {
    long n = 0;
    while (n < max) {
      if (current != null && current.hasRemaining()) {
        int k = (int) Math.min(current.remaining(), max - n);
        current.position(current.position() + k);
        n += k;
      } else if (!advance()) {
        break;
      }
    }
    return n;
  }

  /**
   * Bytes [start, start + length) of the body, which must have been read already: a view, valid
   * until {@link #release()}.
   */
  public final ContentSource slice(long start, long length) {
    if (start < 0 || length < 0 || start + length > recorded) {
      throw new IllegalArgumentException("not recorded: " + start + "+" + length + " of " + recorded);
    }
    return new ContentSource() {
      @Override
      public InputStream open() {
        return new Range(start, start + length);
      }

      @Override
      public OptionalLong size() {
        return OptionalLong.of(length);
      }
    };
  }

  /** The whole recording so far. */
  public final InputStream open() {
    return new Range(0, recorded);
  }

  /** Writes the recording so far. */
  public final void writeTo(OutputStream out) throws IOException {
    try (InputStream in = open()) {
      in.transferTo(out);
    }
  }


  /**
   * Gives the memory back: from now on reading the recording, or a part decoded from it, throws
   * {@link IllegalStateException}. Idempotent.
   */
  public final void release() {
    lock.writeLock().lock();
    try {
      if (released) {
        return;
      }
      released = true;
      Arrays.fill(segments, null);
      current = null;
    } finally {
      lock.writeLock().unlock();
    }
    releaseSegments();
  }

  /**
   * Copies recorded bytes from {@code position} into b; how many (0 at {@code end}). Under the read
   * lock, so that the memory cannot be given back while it is read.
   */
  private int copy(long position, long end, byte[] b, int off, int len) {
    lock.readLock().lock();
    try {
      if (released) {
        throw new IllegalStateException("the recorded body was released (the recording was discarded)");
      }
      int n = 0;
      if (position >= end) {
        return 0;
      }
      int i = segmentAt(position);
      while (n < len && position < end) {
        ByteBuffer s = segments[i];
        int within = (int) (position - starts[i]);
        int k = (int) Math.min(Math.min(s.limit() - within, len - n), end - position);
        s.get(within, b, off + n, k);
        n += k;
        position += k;
        i++;
      }
      return n;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The index of the segment holding the byte at position (which is below {@link #recorded}). */
  private int segmentAt(long position) {
    int i = Arrays.binarySearch(starts, 0, count, position);
    return i >= 0 ? i : -i - 2;
  }

  /** A stream over [from, to) of the recording. */
  private final class Range extends InputStream {
    private long position;
    private final long end;

    Range(long from, long to) {
      this.position = from;
      this.end = to;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      int n = copy(position, end, b, off, len); // refuses once released, even at the end
      if (n == 0) {
        return -1;
      }
      position += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long k = Math.max(0, Math.min(n, end - position));
      position += k;
      return k;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, end - position);
    }
  }
}
