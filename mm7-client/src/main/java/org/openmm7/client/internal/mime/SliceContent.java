package org.openmm7.client.internal.mime;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import org.openmm7.client.content.ContentSource;

/** A decoded part that is a range of a recorded body (see {@link RecordedInput}): no copy. */
final class SliceContent {
  private SliceContent() {}

  /** Bytes [offset, offset + length) of an array that does not change. */
  static ContentSource ofArray(byte[] data, int offset, int length) {
    return new ContentSource() {
      @Override
      public InputStream open() {
        return new ByteArrayInputStream(data, offset, length);
      }

      @Override
      public OptionalLong size() {
        return OptionalLong.of(length);
      }
    };
  }

  /** Bytes [offset, offset + length) of a file that does not change. */
  static ContentSource ofFile(Path file, long offset, long length) {
    return new ContentSource() {
      @Override
      public InputStream open() throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
          ch.position(offset);
        } catch (IOException | RuntimeException e) {
          ch.close();
          throw e;
        }
        return new Bounded(Channels.newInputStream(ch), length);
      }

      @Override
      public OptionalLong size() {
        return OptionalLong.of(length);
      }
    };
  }

  private static final class Bounded extends FilterInputStream {
    private long left;

    Bounded(InputStream in, long left) {
      super(in);
      this.left = left;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int c = super.read();
      if (c >= 0) {
        left--;
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (left <= 0) {
        return -1;
      }
      int r = super.read(b, off, (int) Math.min(len, left));
      if (r > 0) {
        left -= r;
      }
      return r;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(Math.min(n, left));
      left -= s;
      return s;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(super.available(), left);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
