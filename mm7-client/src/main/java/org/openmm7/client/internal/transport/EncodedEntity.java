package org.openmm7.client.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.openmm7.client.codec.EncodedMessage;

/**
 * The HTTP request body of an encoded MM7 message, streamed from its sources while HttpClient
 * writes it: never held in memory whole. Either chunked, or with the exact Content-Length the
 * codec computed; when that length is unknown and chunking is off, the body is spooled to a
 * temporary file first ({@link #spooled}), never to memory.
 */
public final class EncodedEntity extends AbstractHttpEntity {
  private final EncodedMessage message;
  private final Path spool;
  /** A body already encoded, sent as it is (a push the stub resends byte for byte), or null. */
  private final byte[] bytes;
  private final long length;

  private EncodedEntity(EncodedMessage message, Path spool, long length, boolean chunked) {
    super(message.contentType(), null, chunked);
    this.message = message;
    this.spool = spool;
    this.bytes = null;
    this.length = length;
  }

  private EncodedEntity(String contentType, byte[] bytes) {
    super(contentType, null, false);
    this.message = null;
    this.spool = null;
    this.bytes = bytes;
    this.length = bytes.length;
  }

  /** An entity of bytes encoded before, sent as they are with their Content-Length. */
  public static EncodedEntity ofBytes(String contentType, byte[] body) {
    return new EncodedEntity(contentType, body);
  }

  /**
   * An entity for the message: chunked when asked; otherwise with its Content-Length, spooling
   * to a file in {@code tempDir} (null: the default) when the length is not known up front.
   */
  public static EncodedEntity of(EncodedMessage message, boolean chunked, Path tempDir) throws IOException {
    if (chunked) {
      return new EncodedEntity(message, null, -1, true);
    }
    long len = message.contentLength();
    if (len >= 0) {
      return new EncodedEntity(message, null, len, false);
    }
    return spooled(message, tempDir);
  }

  /** Writes the body to a temporary file so that its length is known; {@link #discard()} deletes it. */
  public static EncodedEntity spooled(EncodedMessage message, Path tempDir) throws IOException {
    Path file = tempDir == null ? Files.createTempFile("mm7-body-", ".tmp")
        : Files.createTempFile(tempDir, "mm7-body-", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(file)) {
        message.writeTo(out);
      }
      return new EncodedEntity(message, file, Files.size(file), false);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /** Whether the body went through a temporary file. */
  public boolean isSpooled() {
    return spool != null;
  }

  @Override
  public long getContentLength() {
    return length;
  }

  @Override
  public InputStream getContent() throws IOException {
    if (spool != null) {
      return Files.newInputStream(spool);
    }
    if (bytes != null) {
      return new java.io.ByteArrayInputStream(bytes);
    }
    throw new UnsupportedOperationException("a streamed MM7 body is written, not read");
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    if (spool != null) {
      Files.copy(spool, out);
    } else if (bytes != null) {
      out.write(bytes);
    } else {
      message.writeTo(out);
    }
  }

  /** The codec's bodies can be written again (HttpClient needs that to answer a Digest challenge). */
  @Override
  public boolean isRepeatable() {
    return true;
  }

  @Override
  public boolean isStreaming() {
    return false;
  }

  /** Nothing: HttpClient may close a request entity between attempts; see {@link #discard()}. */
  @Override
  public void close() {
  }

  /** Deletes the spool file, if any: call once the exchange is over. */
  public void discard() {
    if (spool != null) {
      try {
        Files.deleteIfExists(spool);
      } catch (IOException e) {
        spool.toFile().deleteOnExit();
      }
    }
  }
}
