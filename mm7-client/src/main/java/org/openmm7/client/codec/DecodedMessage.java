package org.openmm7.client.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.internal.mime.HttpHead;
import org.openmm7.client.internal.mime.ParsedBody;
import org.openmm7.client.message.Mm7Message;

/**
 * A decoded MM7 message with what the decoder noticed. Large attachments may live in temporary
 * files, or in memory taken from the codec's memory budget, until {@link #close()}; read the
 * content before closing. Parts decoded by {@link Mm7Codec#decode(String, byte[])} are views of
 * the caller's array.
 */
public final class DecodedMessage implements AutoCloseable {
  private final Mm7Envelope envelope;
  private final String namespace;
  private final ParsedBody body;
  private final List<Finding> findings;
  private final HttpHead head;

  DecodedMessage(Mm7Envelope envelope, String namespace, ParsedBody body, List<Finding> findings, HttpHead head) {
    this.envelope = envelope;
    this.namespace = namespace;
    this.body = body;
    this.findings = new ArrayList<>(findings);
    this.head = head;
  }

  /** TransactionID, release, MM7Version and the message. */
  public Mm7Envelope envelope() {
    return envelope;
  }

  public Mm7Message message() {
    return envelope.message();
  }

  public String transactionId() {
    return envelope.transactionId();
  }

  /** The namespace as written in the message (may be one no release has, or empty). */
  public String namespace() {
    return namespace;
  }

  /** Every deviation the decoder tolerated, in the order met. */
  public List<Finding> findings() {
    return List.copyOf(findings);
  }

  void addFinding(Finding f) {
    findings.add(f);
  }

  /** The message's content, if it carries any. */
  public Optional<MimePart> content() {
    return Optional.ofNullable(Mm7Codec.contentOf(envelope.message()));
  }

  /** The leaf parts of the content, depth first in document order (empty without content). */
  public List<MimePart> leafParts() {
    MimePart c = Mm7Codec.contentOf(envelope.message());
    if (c == null) {
      return List.of();
    }
    return c instanceof Multipart m ? m.leaves() : List.of(c);
  }

  /** The SOAP part's bytes as received. */
  public byte[] soapPart() {
    return body.rootPart();
  }

  /** The charset the SOAP part's Content-Type names, or null (then the XML declares its own). */
  java.nio.charset.Charset soapPartCharset() {
    org.openmm7.client.content.ContentType type = body.rootContentType();
    return type == null ? null : type.charset().orElse(null);
  }

  /** The HTTP status of a decoded capture of a response. */
  public OptionalInt httpStatus() {
    return head == null || head.isRequest() ? OptionalInt.empty() : OptionalInt.of(head.statusCode());
  }

  /** Deletes the temporary files of spilled attachments. */
  @Override
  public void close() {
    body.close();
  }
}
