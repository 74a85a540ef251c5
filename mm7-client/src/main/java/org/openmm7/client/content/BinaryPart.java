package org.openmm7.client.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A part whose body is bytes: from memory, from a file (streamed when written) or from a
 * {@link ContentSource}. Nothing is read until the part is written or {@link #openStream()} is
 * called, so large attachments never have to be held in memory.
 */
public final class BinaryPart implements MimePart {
  private final ContentType contentType;
  private final ContentSource source;
  private final PartMeta meta;

  private BinaryPart(ContentType contentType, ContentSource source, PartMeta meta) {
    this.contentType = contentType;
    this.source = source;
    this.meta = meta;
  }

  /** The bytes (copied) with a media type such as {@code image/jpeg} (parameters allowed). */
  public static BinaryPart ofBytes(byte[] data, String mediaType) {
    return ofBytes(data, ContentType.parse(mediaType));
  }

  /** The bytes (copied) with this content type. */
  public static BinaryPart ofBytes(byte[] data, ContentType contentType) {
    byte[] copy = data.clone();
    return new BinaryPart(Objects.requireNonNull(contentType, "contentType"), new BytesSource(copy), PartMeta.EMPTY);
  }

  /**
   * The bytes without a copy, with a media type such as {@code video/mp4}: the part is a view of
   * the array, written straight from it. The array must not change while the part is in use;
   * {@link #ofBytes(byte[], String)} copies it instead.
   */
  public static BinaryPart wrap(byte[] data, String mediaType) {
    return wrap(data, ContentType.parse(mediaType));
  }

  /** The bytes without a copy, with this content type; see {@link #wrap(byte[], String)}. */
  public static BinaryPart wrap(byte[] data, ContentType contentType) {
    return new BinaryPart(
        Objects.requireNonNull(contentType, "contentType"), new BytesSource(Objects.requireNonNull(data, "data")), PartMeta.EMPTY);
  }

  /**
   * The content of a file, read each time the part is written; the size is the file's size at
   * that time (it must not change while a message is being sent).
   */
  public static BinaryPart ofFile(Path file, String mediaType) {
    return ofFile(file, ContentType.parse(mediaType));
  }

  /** The content of a file with this content type; see {@link #ofFile(Path, String)}. */
  public static BinaryPart ofFile(Path file, ContentType contentType) {
    return new BinaryPart(Objects.requireNonNull(contentType, "contentType"), new FileSource(file), PartMeta.EMPTY);
  }

  /** Content from a source that is opened when the part is written, possibly more than once. */
  public static BinaryPart ofStream(ContentSource source, String mediaType) {
    return ofStream(source, ContentType.parse(mediaType));
  }

  /** Content from a source with this content type; see {@link #ofStream(ContentSource, String)}. */
  public static BinaryPart ofStream(ContentSource source, ContentType contentType) {
    return new BinaryPart(
        Objects.requireNonNull(contentType, "contentType"), Objects.requireNonNull(source, "source"), PartMeta.EMPTY);
  }

  /** A new stream over the content; the caller closes it. */
  public InputStream openStream() throws IOException {
    return source.open();
  }

  /** The size in bytes, when known in advance. */
  public OptionalLong size() {
    return source.size();
  }

  /** The source of the content. */
  public ContentSource source() {
    return source;
  }

  /**
   * Reads the whole content into memory: a convenience for small parts only (a large attachment
   * should be read with {@link #openStream()}).
   */
  public byte[] bytes() throws IOException {
    if (source instanceof BytesSource b) {
      return b.data.clone();
    }
    try (InputStream in = source.open()) {
      return in.readAllBytes();
    }
  }

  @Override
  public ContentType contentType() {
    return contentType;
  }

  @Override
  public Optional<String> contentId() {
    return meta.id();
  }

  @Override
  public Optional<String> contentLocation() {
    return meta.location();
  }

  @Override
  public Map<String, String> headers() {
    return meta.headers();
  }

  @Override
  public BinaryPart withContentId(String contentId) {
    return new BinaryPart(contentType, source, meta.withId(contentId));
  }

  @Override
  public BinaryPart withContentLocation(String contentLocation) {
    return new BinaryPart(contentType, source, meta.withLocation(contentLocation));
  }

  @Override
  public BinaryPart withHeader(String name, String value) {
    return new BinaryPart(contentType, source, meta.withHeader(name, value));
  }

  @Override
  public String toString() {
    OptionalLong size = size();
    return "BinaryPart[" + contentType + (size.isPresent() ? ", " + size.getAsLong() + " bytes" : "")
        + meta.id().map(id -> ", cid " + id).orElse("") + "]";
  }

  private static final class BytesSource implements ContentSource {
    private final byte[] data;

    BytesSource(byte[] data) {
      this.data = data;
    }

    @Override
    public InputStream open() {
      return new WholeArrayInput(data);
    }

    @Override
    public OptionalLong size() {
      return OptionalLong.of(data.length);
    }
  }

  /**
   * Its transferTo writes the array itself, whole, as the JDK's did up to 17. Later JDKs (25 here)
   * copy it into a new buffer and write it 128 KB at a time, so that a stream not their own never
   * sees the array: for a 5 MB attachment, 5 MB more to copy, in slices that HttpClient then
   * copies once more into its session buffer instead of writing them straight to the socket. The
   * array is the caller's ({@link #wrap}) or this part's own copy, which a stream that kept and
   * changed it would change for this part: the same trust as the JDK 17 one's.
   */
  private static final class WholeArrayInput extends ByteArrayInputStream {
    WholeArrayInput(byte[] data) {
      super(data);
    }

    @Override
    public synchronized long transferTo(OutputStream out) throws IOException {
      int n = count - pos;
      out.write(buf, pos, n);
      pos = count;
      return n;
    }
  }

  private static final class FileSource implements ContentSource {
    private final Path file;

    FileSource(Path file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public InputStream open() throws IOException {
      return Files.newInputStream(file);
    }

    @Override
    public OptionalLong size() {
      try {
        return OptionalLong.of(Files.size(file));
      } catch (IOException e) {
        return OptionalLong.empty();
      }
    }

    @Override
    public String toString() {
      return file.toString();
    }
  }
}
