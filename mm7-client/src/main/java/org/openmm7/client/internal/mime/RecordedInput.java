package org.openmm7.client.internal.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Internal: a body that has already been recorded whole, in an array or in a file, offered as a
 * stream. {@code Mm7Codec.decode} reads it like any stream, but when it is handed one that nothing
 * has read yet, the MIME reader does not copy the parts: a part of an array body becomes a slice
 * of that array, a part of a file body above the memory threshold a range of that file (instead
 * of a second copy in a temporary file). The array must not change, and the file must outlive
 * every part decoded from it (the recorder owns both). Not part of the public API.
 */
public final class RecordedInput extends InputStream {
  private final byte[] array;
  private final int offset;
  private final int length;
  private final Path file;
  private InputStream in; // opened at the first read

  private RecordedInput(byte[] array, int offset, int length, Path file) {
    this.array = array;
    this.offset = offset;
    this.length = length;
    this.file = file;
  }

  /** The first {@code length} bytes of an array that will not change. */
  public static RecordedInput ofArray(byte[] array, int length) {
    return ofArray(array, 0, length);
  }

  /** Bytes [offset, offset + length) of an array that will not change. */
  public static RecordedInput ofArray(byte[] array, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, array.length);
    return new RecordedInput(array, offset, length, null);
  }

  /** A file that will not change while parts decoded from it are used. */
  public static RecordedInput ofFile(Path file) {
    return new RecordedInput(null, 0, 0, file);
  }

  /** Whether nothing has been read yet (the zero-copy read needs the whole body). */
  boolean untouched() {
    return in == null;
  }

  byte[] array() {
    return array;
  }

  /** Where the body starts in {@link #array()}. */
  int offset() {
    return offset;
  }

  int length() {
    return length;
  }

  Path file() {
    return file;
  }

  private InputStream in() throws IOException {
    if (in == null) {
      in = array != null ? new ByteArrayInputStream(array, offset, length) : Files.newInputStream(file);
    }
    return in;
  }

  @Override
  public int read() throws IOException {
    return in().read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return in().read(b, off, len);
  }

  @Override
  public long skip(long n) throws IOException {
    return in().skip(n);
  }

  @Override
  public int available() throws IOException {
    return in().available();
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
    }
  }
}
