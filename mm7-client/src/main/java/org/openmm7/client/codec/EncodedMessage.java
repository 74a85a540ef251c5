package org.openmm7.client.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.openmm7.client.internal.mime.EncodedPart;

/**
 * An encoded MM7 message, ready to send: the HTTP Content-Type, the exact body length when every
 * part's size is known, and a writer that streams the body (attachments are read from their
 * sources while writing, never held in memory whole). It can be written more than once, for
 * example to retry a request, as long as the content sources can be reopened.
 */
public final class EncodedMessage {
  private final String contentType;
  private final byte[] soapEnvelope;
  private final EncodedPart multipart; // null when there is no content

  EncodedMessage(String contentType, byte[] soapEnvelope, EncodedPart multipart) {
    this.contentType = contentType;
    this.soapEnvelope = soapEnvelope;
    this.multipart = multipart;
  }

  /** The HTTP Content-Type header value, on one line. */
  public String contentType() {
    return contentType;
  }

  /** The body length in bytes, or -1 when a part's size is unknown (send chunked then). */
  public long contentLength() {
    return multipart == null ? soapEnvelope.length : multipart.bodyLength();
  }

  /** Whether the body is multipart/related (the message has content). */
  public boolean hasAttachments() {
    return multipart != null;
  }

  /** The SOAP envelope alone (UTF-8), for logging and tests. */
  public byte[] soapEnvelope() {
    return soapEnvelope.clone();
  }

  /**
   * The HTTP body in a new array of its exact size, for a body to be held whole (a server's answer,
   * a recorded request): no stream that grows by copies. Content is read from its sources, as by
   * {@link #writeTo}.
   *
   * @throws IOException if a content source fails, or yields another size than it declared
   */
  public byte[] toByteArray() throws IOException {
    if (multipart == null) {
      return soapEnvelope.clone();
    }
    long length = multipart.bodyLength();
    if (length < 0 || length > Integer.MAX_VALUE - 16) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      multipart.writeBodyTo(out);
      return out.toByteArray();
    }
    ExactArray out = new ExactArray((int) length);
    multipart.writeBodyTo(out);
    return out.full();
  }

  /** Writes into an array of the size the body declared; a source that lies about its size fails before. */
  private static final class ExactArray extends OutputStream {
    private final byte[] bytes;
    private int size;

    ExactArray(int length) {
      bytes = new byte[length];
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > bytes.length - size) {
        throw new IOException("the body is longer than its declared " + bytes.length + " bytes");
      }
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    byte[] full() throws IOException {
      if (size != bytes.length) {
        throw new IOException("the body is " + size + " bytes, not its declared " + bytes.length);
      }
      return bytes;
    }
  }

  /** Streams the HTTP body. */
  public void writeTo(OutputStream out) throws IOException {
    if (multipart == null) {
      out.write(soapEnvelope);
    } else {
      multipart.writeBodyTo(out);
    }
  }
}
