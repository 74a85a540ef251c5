package org.openmm7.client.codec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openmm7.client.content.ContentType;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.internal.mime.EncodedPart;
import org.openmm7.client.internal.mime.HttpHead;
import org.openmm7.client.internal.mime.HttpMessageReader;
import org.openmm7.client.internal.mime.MemoryBudget;
import org.openmm7.client.internal.mime.MimeLimits;
import org.openmm7.client.internal.mime.MimeReader;
import org.openmm7.client.internal.mime.MimeWriter;
import org.openmm7.client.internal.mime.ParsedBody;
import org.openmm7.client.internal.soap.ContentResolver;
import org.openmm7.client.internal.soap.SoapDecoder;
import org.openmm7.client.internal.soap.SoapEncoder;
import org.openmm7.client.message.Mm7Message;

/**
 * Encodes MM7 messages to HTTP bodies and decodes them back: SOAP 1.1 with attachments, in any of
 * the eleven MM7 namespaces. Writing is strict (valid against the release's schema, or an
 * {@link Mm7EncodeException}); reading is lenient (real peers' deviations become
 * {@link Finding}s) and streaming: an attachment above the memory threshold stays in memory while
 * a bounded budget has room for it, else it goes to a temporary file. A body the caller already
 * holds in an array is decoded in place ({@link #decode(String, byte[])}). Immutable and
 * thread-safe: build one and share it.
 */
public final class Mm7Codec {
  private static final ContentType SOAP_TYPE = ContentType.parse("text/xml; charset=utf-8");

  private final boolean strict;
  private final MimeLimits limits;
  private final MemoryBudget budget;

  private Mm7Codec(Builder b) {
    this.strict = b.strict;
    this.limits = b.limits;
    this.budget = b.budget;
  }

  /** A lenient codec with the default limits. */
  public static Mm7Codec lenient() {
    return builder().build();
  }

  /** The largest whole message this codec reads ({@link Builder#maxMessageSize}). */
  public long maxMessageSize() {
    return limits.maxTotalSize();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether an unresolvable content reference is an error rather than a finding. */
  public boolean isStrict() {
    return strict;
  }

  // ---- encoding ----

  /** Encodes a message; content is streamed when the result is written. */
  public EncodedMessage encode(Mm7Envelope envelope) throws Mm7EncodeException {
    MimePart content = contentOf(envelope.message());
    if (content == null) {
      return withParts(SoapEncoder.encode(envelope, null), null);
    }
    String contentId = content.contentId().orElse(null);
    if (contentId == null) {
      contentId = MimeWriter.newContentId("content");
      content = content.withContentId(contentId);
    }
    return withParts(SoapEncoder.encode(envelope, contentId), content);
  }

  /**
   * A written SOAP envelope with its content, through the one MIME/SwA writer: a bare text/xml
   * body without content, else multipart/related with the envelope as root.
   *
   * @param content the content, carrying the Content-ID the envelope's Content element names
   */
  static EncodedMessage withParts(byte[] soap, MimePart content) {
    if (content == null) {
      return new EncodedMessage(SOAP_TYPE.toString(), soap, null);
    }
    // the envelope is the encoder's fresh array, held by nothing else: the part need not copy it
    EncodedPart soapPart = EncodedPart.wrapping(SOAP_TYPE, MimeWriter.newContentId("soap"), soap);
    EncodedPart body = EncodedPart.related(soapPart, EncodedPart.of(content));
    return new EncodedMessage(body.contentTypeHeader(), soap, body);
  }

  /** The content a message carries, or null. */
  public static MimePart contentOf(Mm7Message m) {
    if (m instanceof org.openmm7.client.message.SubmitRequest r) {
      return r.content();
    } else if (m instanceof org.openmm7.client.message.ReplaceRequest r) {
      return r.content();
    } else if (m instanceof org.openmm7.client.message.ExtendedReplaceRequest r) {
      return r.content();
    } else if (m instanceof org.openmm7.client.message.DeliverRequest r) {
      return r.content();
    }
    return null;
  }

  // ---- decoding ----

  /**
   * Decodes an HTTP body as it is read from the stream. An attachment above the memory threshold
   * ({@link Builder#memoryThreshold}) stays in memory while the memory budget
   * ({@link Builder#memoryBudget}) has room for it, else it is written to a temporary file; close
   * the returned message to delete those files and give back what it took of the budget.
   *
   * @param contentType the HTTP Content-Type header, or null if there was none
   */
  public DecodedMessage decode(String contentType, InputStream body) throws IOException {
    Findings findings = new Findings();
    return decode(MimeReader.read(contentType, body, limits, budget, findings), findings, null);
  }

  /**
   * Decodes an HTTP body the caller already holds whole, without copying it: for a servlet that
   * buffered the request, a message taken from a queue, a file read into memory. Each attachment
   * sent in binary, 8bit or 7bit (what MM7 peers send) is a view of the array, not a copy, and
   * nothing is written to a temporary file (a base64 or quoted-printable attachment is decoded
   * into memory). The array must not change while the decoded message or its parts are in use.
   * The same limits, findings and errors as {@link #decode(String, InputStream)}; a body longer
   * than {@link #maxMessageSize()} is refused before it is read.
   *
   * @param contentType the HTTP Content-Type header, or null if there was none
   */
  public DecodedMessage decode(String contentType, byte[] body) throws IOException {
    return decode(contentType, body, 0, body.length);
  }

  /**
   * Decodes bytes [offset, offset + length) of an array as an HTTP body, without copying them;
   * see {@link #decode(String, byte[])}.
   *
   * @throws IndexOutOfBoundsException if the range is not within the array
   */
  public DecodedMessage decode(String contentType, byte[] body, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, body.length);
    if (length > limits.maxTotalSize()) {
      throw new Mm7DecodeException(
          DecodeProblem.SIZE_LIMIT_EXCEEDED, "the body is larger than maxTotalSize (" + limits.maxTotalSize() + " bytes)");
    }
    Findings findings = new Findings();
    return decode(MimeReader.read(contentType, body, offset, length, limits, findings), findings, null);
  }

  /**
   * Decodes a captured message: a whole HTTP request or response (start line and headers), a bare
   * MIME entity (headers, blank line, body) or a bare SOAP envelope.
   */
  public DecodedMessage decodeCapture(InputStream capture) throws IOException {
    Findings findings = new Findings();
    BufferedInputStream in = new BufferedInputStream(capture, 8192);
    HttpMessageReader.Kind kind = HttpMessageReader.detect(in);
    if (kind == HttpMessageReader.Kind.XML) {
      return decode(MimeReader.read(null, in, limits, budget, findings), findings, null, true);
    }
    if (kind == HttpMessageReader.Kind.MULTIPART) {
      String boundary = HttpMessageReader.inferBoundary(in).orElseThrow();
      findings.add(DecodeProblem.BOUNDARY_INFERRED, "capture", "no HTTP head or Content-Type: the boundary \""
          + boundary + "\" was taken from the first delimiter line, the first part is the root");
      return decode(MimeReader.readWithInferredBoundary(boundary, in, limits, budget, findings), findings, null, true);
    }
    HttpHead head = HttpMessageReader.readHead(in, kind, limits, findings);
    if (head.headers().all("Content-Type").stream().map(String::trim).distinct().count() > 1) {
      throw new Mm7DecodeException(DecodeProblem.AMBIGUOUS_CONTENT_TYPE, "the message has Content-Type headers that disagree: "
          + head.headers().all("Content-Type"));
    }
    InputStream body = HttpMessageReader.body(in, head, findings);
    DecodedMessage d = decode(MimeReader.read(head.headers().first("Content-Type").orElse(null), body, limits, budget,
        findings), findings, head, true);
    if (!head.isRequest() && head.statusCode() == 200 && d.message() instanceof org.openmm7.client.message.ErrorResponse) {
      d.addFinding(new Finding(DecodeProblem.FAULT_WITH_HTTP_200, "HTTP status line",
          "a SOAP Fault was sent with HTTP 200; SOAP 1.1 over HTTP sends faults with 500"));
    }
    return d;
  }

  private DecodedMessage decode(ParsedBody parsed, Findings findings, HttpHead head) throws IOException {
    return decode(parsed, findings, head, false);
  }

  /**
   * @param capture whether the body is a capture read by {@link #decodeCapture}: then a Content
   *     reference in a capture that holds no attachments at all is content that was not captured
   *     (a finding), not a broken message
   */
  private DecodedMessage decode(ParsedBody parsed, Findings findings, HttpHead head, boolean capture)
      throws IOException {
    try {
      ContentType rootType = parsed.rootContentType();
      if (rootType != null && rootType.is("application/xml")) {
        findings.add(DecodeProblem.SOAP_CONTENT_TYPE_APPLICATION_XML, "SOAP part Content-Type",
            "the SOAP envelope is labelled application/xml; SOAP 1.1 uses text/xml");
      }
      Charset charset = rootType == null ? null : rootType.charset().orElse(null);
      ContentResolver resolver = !parsed.attachments().isEmpty() ? new Resolver(parsed, findings)
          : capture ? ContentResolver.notCaptured(findings) : ContentResolver.NONE;
      SoapDecoder.Result r = SoapDecoder.decode(parsed.rootPartArray(), parsed.rootPartOffset(), parsed.rootPartLength(), charset,
          findings, resolver);
      Mm7Envelope envelope = new Mm7Envelope(r.transactionId(), r.release(), r.mm7Version(), r.message());
      return new DecodedMessage(envelope, r.namespace(), parsed, findings.toList(), head);
    } catch (IOException | RuntimeException e) {
      parsed.close();
      throw e;
    }
  }

  /** Resolves Content hrefs against the parsed MIME body, leniently or strictly. */
  private final class Resolver implements ContentResolver {
    private final ParsedBody body;
    private final Findings findings;

    Resolver(ParsedBody body, Findings findings) {
      this.body = body;
      this.findings = findings;
    }

    @Override
    public MimePart resolve(String contentId, String where) throws Mm7DecodeException {
      Optional<MimePart> part = body.findByContentId(contentId);
      if (part.isPresent()) {
        return part.get();
      }
      List<MimePart> attachments = body.attachments();
      if (!strict && attachments.size() == 1) {
        findings.add(DecodeProblem.HREF_UNRESOLVED, where, "cid:" + contentId
            + " names no part; the message's only attachment was taken as its content");
        return attachments.get(0);
      }
      throw new Mm7DecodeException(DecodeProblem.UNRESOLVED_CONTENT_REFERENCE, where + " refers to cid:" + contentId
          + ", which names none of the " + attachments.size() + " attachments");
    }

    @Override
    public MimePart unreferenced(String where) throws Mm7DecodeException {
      List<MimePart> attachments = body.attachments();
      if (attachments.isEmpty()) {
        return null;
      }
      if (strict) {
        throw new Mm7DecodeException(DecodeProblem.UNRESOLVED_CONTENT_REFERENCE, where
            + " is missing although the message has attachments");
      }
      findings.add(DecodeProblem.CONTENT_ELEMENT_MISSING, where, "no Content element although the message has "
          + attachments.size() + " attachment(s); taken as the content");
      return attachments.size() == 1 ? attachments.get(0) : Multipart.mixed(attachments);
    }
  }

  /** Configures a codec. */
  public static final class Builder {
    private boolean strict;
    private MimeLimits limits = MimeLimits.defaults();
    private MemoryBudget budget = MemoryBudget.shared();

    private Builder() {}

    /**
     * Refuse what can only be read by a fallback (an unresolvable content reference). This is about
     * decoding only; whether a receiver refuses a decoded message for its findings (a strict relay
     * refusing violations) is {@link FaultPolicy}'s decision.
     */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /** The largest SOAP part accepted (default 4 MiB). */
    public Builder maxSoapPartSize(long bytes) {
      limits = limits.withMaxRootPartSize(bytes);
      return this;
    }

    /** The largest whole message accepted. */
    public Builder maxMessageSize(long bytes) {
      limits = limits.withMaxTotalSize(bytes);
      return this;
    }

    /**
     * Parts up to this size are read into memory; larger ones are kept in memory within the
     * {@linkplain #memoryBudget memory budget}, else written to a temporary file (default 256 KiB).
     */
    public Builder memoryThreshold(long bytes) {
      limits = limits.withMemoryThreshold(bytes);
      return this;
    }

    /**
     * The most bytes of parts above the memory threshold this codec keeps in memory at once, over
     * every message it decoded from a stream and that is not yet closed (or, if never closed,
     * whose parts are still reachable); a part that does not fit goes to a temporary file. The
     * default is one budget shared by every codec in the JVM that sets none: a sixteenth of the
     * maximum heap, at most 64 MiB. 0: every such part goes to a file.
     */
    public Builder memoryBudget(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("memoryBudget < 0");
      }
      budget = MemoryBudget.of(bytes);
      return this;
    }

    /** The most MIME parts in one message (default 1000). */
    public Builder maxParts(int parts) {
      limits = limits.withMaxParts(parts);
      return this;
    }

    /** Where large parts spill to (default: java.io.tmpdir). */
    public Builder tempDirectory(Path directory) {
      limits = limits.withTempDirectory(Objects.requireNonNull(directory));
      return this;
    }

    public Mm7Codec build() {
      return new Mm7Codec(this);
    }
  }
}
