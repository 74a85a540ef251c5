package org.openmm7.client.codec;

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

  /** Streams the HTTP body. */
  public void writeTo(OutputStream out) throws IOException {
    if (multipart == null) {
      out.write(soapEnvelope);
    } else {
      multipart.writeBodyTo(out);
    }
  }
}
