package org.openmm7.client.internal.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.ContentType;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.internal.ByteBuilder;

/**
 * A write plan for one MIME part: its header block is rendered and the boundaries of every nested
 * multipart are fixed when the plan is made, so that {@link #length()} is exactly what
 * {@link #writeTo} writes (or -1 when a leaf's size is unknown). Binary bodies are streamed from
 * their source at write time; a source that yields a different number of bytes than it declared
 * fails the write, since a Content-Length may already have been sent. A plan can be written
 * more than once (e.g. on retry); it is immutable and thread-safe as long as the sources are.
 *
 * <p>For an HTTP body, use {@link #contentType()} (with the boundary) as the Content-Type header
 * and {@link #bodyLength()}/{@link #writeBodyTo} for the entity: for example
 * {@code EncodedPart.related(EncodedPart.ofBytes(soapType, cid, soapBytes), EncodedPart.of(content))}.
 */
public final class EncodedPart implements PartWriter {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] CONTENT_TYPE = ascii("Content-Type: ");
  private static final byte[] TRANSFER_ENCODING = ascii("Content-Transfer-Encoding: ");
  private static final byte[] CONTENT_ID = ascii("Content-ID: <");
  private static final byte[] CONTENT_ID_END = ascii(">\r\n");
  private static final byte[] CONTENT_LOCATION = ascii("Content-Location: ");
  private static final byte[] COLON = ascii(": ");

  /** The content type as written; for a part made by {@link #related}, made when first asked for. */
  private volatile ContentType contentType;
  private final String contentTypeHeader;
  private final String[] relatedParameters; // type, start and boundary of a part made by related(), else null
  private final Optional<String> contentId;
  private final byte[] headerBlock;
  private final Segment[] body;
  private final long bodyLength;

  private EncodedPart(ContentType contentType, String contentTypeHeader, String[] relatedParameters,
      Optional<String> contentId, byte[] headerBlock, List<Segment> body) {
    this.contentType = contentType;
    this.contentTypeHeader = contentTypeHeader;
    this.relatedParameters = relatedParameters;
    this.contentId = contentId;
    this.headerBlock = headerBlock;
    this.body = body.toArray(new Segment[0]);
    long len = 0;
    for (Segment s : this.body) {
      if (s.length() < 0) {
        len = -1;
        break;
      }
      len += s.length();
    }
    this.bodyLength = len;
  }

  private EncodedPart(ContentType contentType, Optional<String> contentId, byte[] headerBlock, List<Segment> body) {
    this(contentType, contentType.toString(), null, contentId, headerBlock, body);
  }

  /** Plans a part of the content tree (nested multiparts get new boundaries now). */
  public static EncodedPart of(MimePart part) {
    Objects.requireNonNull(part, "part");
    if (part instanceof TextPart t) {
      // the text's bytes are scanned now and written later from the part's own array, never
      // copied out (TextPart.bytes() copies, and so does a ByteArrayInputStream's transferTo
      // after JDK 17)
      TransferEncodingScan scan = new TransferEncodingScan();
      try {
        t.writeTo(scan);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // an array's stream does not fail
      }
      return leaf(t.contentType(), scan.result(), part, List.of(new TextSegment(t)));
    } else if (part instanceof BinaryPart b) {
      OptionalLong size = b.size();
      return leaf(b.contentType(), "binary", part, List.of(new SourceSegment(b, size.orElse(-1))));
    } else {
      Multipart m = (Multipart) part;
      List<EncodedPart> children = new ArrayList<>();
      for (MimePart p : m.parts()) {
        children.add(of(p));
      }
      String boundary = MimeWriter.newBoundary();
      ContentType type = m.contentType().withParameter("boundary", boundary);
      byte[] head = headers(type.toString(), null, part.contentId(), part.contentLocation(), part.headers());
      return new EncodedPart(type, part.contentId(), head, multipartBody(boundary, children));
    }
  }

  /**
   * A part from bytes already in memory (such as the SOAP envelope), with the transfer encoding
   * chosen from the bytes: 7bit, 8bit, or binary when lines are not CRLF-delimited or too long.
   */
  public static EncodedPart ofBytes(ContentType contentType, String contentId, byte[] body) {
    return wrapping(contentType, contentId, body.clone());
  }

  /**
   * As {@link #ofBytes}, without copying the array: for bytes the caller made for this part alone
   * (the SOAP envelope the encoder just wrote), which must not change afterwards.
   */
  public static EncodedPart wrapping(ContentType contentType, String contentId, byte[] body) {
    Optional<String> cid = Optional.ofNullable(contentId);
    byte[] head = headers(contentType.toString(), transferEncodingOf(body), cid, Optional.empty(), Map.of());
    return new EncodedPart(contentType, cid, head, List.of(new BytesSegment(body, 0, body.length)));
  }

  /**
   * {@code multipart/related; type=<root media type>; start="<root cid>"; boundary=...} of a root
   * part (which must have a Content-ID) followed by the others.
   */
  public static EncodedPart related(EncodedPart root, EncodedPart... others) {
    String cid = root.contentId.orElseThrow(() -> new IllegalArgumentException("the root part has no Content-ID"));
    List<EncodedPart> all = new ArrayList<>(1 + others.length);
    all.add(root);
    Collections.addAll(all, others);
    String rootType = root.contentType().mediaType();
    String start = "<" + cid + ">";
    if (start.indexOf('\r') >= 0 || start.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("line break in parameter value: start"); // as ContentType's
    }
    // the header as ContentType writes multipart/related with these three parameters, without
    // making the four ContentTypes (a map each) on the way; the ContentType is made if asked for
    String boundary = MimeWriter.newBoundary();
    StringBuilder header = new StringBuilder(64 + rootType.length() + start.length() + boundary.length())
        .append("multipart/related; type=");
    ContentType.appendParameterValue(header, rootType);
    header.append("; start=");
    ContentType.appendParameterValue(header, start);
    header.append("; boundary=");
    ContentType.appendParameterValue(header, boundary);
    String value = header.toString();
    byte[] head = headers(value, null, Optional.empty(), Optional.empty(), Map.of());
    return new EncodedPart(null, value, new String[] {rootType, start, boundary}, Optional.empty(), head,
        multipartBody(boundary, all));
  }

  /** A multipart of planned parts with a new boundary (set into the returned content type). */
  public static EncodedPart multipart(ContentType type, List<EncodedPart> parts) {
    if (!type.isMultipart()) {
      throw new IllegalArgumentException("not multipart: " + type);
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a multipart needs at least one part");
    }
    String boundary = MimeWriter.newBoundary();
    ContentType t = type.withParameter("boundary", boundary);
    byte[] head = headers(t.toString(), null, Optional.empty(), Optional.empty(), Map.of());
    return new EncodedPart(t, Optional.empty(), head, multipartBody(boundary, parts));
  }

  /** The content type as written, including the {@code boundary} of a multipart. */
  public ContentType contentType() {
    ContentType t = contentType;
    if (t == null) {
      // a related part's: what related() wrote into the header, as ContentType holds it
      t = ContentType.of("multipart", "related")
          .withParameter("type", relatedParameters[0])
          .withParameter("start", relatedParameters[1])
          .withParameter("boundary", relatedParameters[2]);
      contentType = t;
    }
    return t;
  }

  /** The content type as written, on one line: the HTTP Content-Type of a body. */
  public String contentTypeHeader() {
    return contentTypeHeader;
  }

  /** Total length of headers, blank line and body; -1 if unknown. */
  public long length() {
    return bodyLength < 0 ? -1 : headerBlock.length + bodyLength;
  }

  /** Length of the body alone (what follows the blank line); -1 if unknown. */
  public long bodyLength() {
    return bodyLength;
  }

  /** Writes headers, blank line and body. */
  @Override
  public void writeTo(OutputStream out) throws IOException {
    out.write(headerBlock);
    writeBodyTo(out);
  }

  /** Writes the body alone (for an HTTP entity whose headers are sent separately). */
  public void writeBodyTo(OutputStream out) throws IOException {
    byte[][] buffer = new byte[1][]; // allocated by the first source that is not in memory
    for (Segment s : body) {
      if (s instanceof BytesSegment b) {
        out.write(b.bytes, b.offset, b.size);
      } else if (s instanceof TextSegment t) {
        t.write(out);
      } else {
        ((SourceSegment) s).copy(out, buffer);
      }
    }
  }

  private static EncodedPart leaf(ContentType type, String cte, MimePart part, List<Segment> body) {
    byte[] head = headers(type.toString(), cte, part.contentId(), part.contentLocation(), part.headers());
    return new EncodedPart(type, part.contentId(), head, body);
  }

  /**
   * Delimiter lines from one array, {@code CRLF--boundary CRLF}, of which the first part's line is
   * the tail; the close delimiter from another.
   */
  private static List<Segment> multipartBody(String boundary, List<EncodedPart> parts) {
    int size = 1;
    for (EncodedPart p : parts) {
      size += 2 + p.body.length;
    }
    List<Segment> out = new ArrayList<>(size);
    byte[] b = boundary.getBytes(StandardCharsets.US_ASCII);
    byte[] delimiter = new byte[b.length + 6];
    delimiter[0] = '\r';
    delimiter[1] = '\n';
    delimiter[2] = '-';
    delimiter[3] = '-';
    System.arraycopy(b, 0, delimiter, 4, b.length);
    delimiter[b.length + 4] = '\r';
    delimiter[b.length + 5] = '\n';
    boolean first = true;
    for (EncodedPart p : parts) {
      out.add(first ? new BytesSegment(delimiter, 2, delimiter.length - 2) : new BytesSegment(delimiter, 0, delimiter.length));
      first = false;
      out.add(new BytesSegment(p.headerBlock, 0, p.headerBlock.length));
      Collections.addAll(out, p.body);
    }
    byte[] close = new byte[b.length + 8];
    System.arraycopy(delimiter, 0, close, 0, b.length + 4);
    close[b.length + 4] = '-';
    close[b.length + 5] = '-';
    close[b.length + 6] = '\r';
    close[b.length + 7] = '\n';
    out.add(new BytesSegment(close, 0, close.length));
    return out;
  }

  /** The header block as bytes: each header's name made once, its value encoded as UTF-8. */
  private static byte[] headers(
      String type,
      String cte,
      Optional<String> contentId,
      Optional<String> location,
      Map<String, String> extra) {
    ByteBuilder h = HEADER_SCRATCH.get();
    h.reset();
    h.raw(CONTENT_TYPE).utf8(type).raw(CRLF);
    if (cte != null) {
      h.raw(TRANSFER_ENCODING).utf8(cte).raw(CRLF);
    }
    if (contentId.isPresent()) {
      h.raw(CONTENT_ID).utf8(contentId.get()).raw(CONTENT_ID_END);
    }
    if (location.isPresent()) {
      h.raw(CONTENT_LOCATION).utf8(encodeWord(location.get())).raw(CRLF);
    }
    if (!extra.isEmpty()) { // most parts have none: no iterator
      for (Map.Entry<String, String> e : extra.entrySet()) {
        h.utf8(e.getKey()).raw(COLON).utf8(encodeWord(e.getValue())).raw(CRLF);
      }
    }
    return h.raw(CRLF).toArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** A thread's header block scratch: a header block is one exact copy of it. */
  private static final ThreadLocal<ByteBuilder> HEADER_SCRATCH = new HeaderScratch();

  /** A subclass, not {@code withInitial} and a lambda: nothing linked at the first encode. */
  private static final class HeaderScratch extends ThreadLocal<ByteBuilder> {
    @Override
    protected ByteBuilder initialValue() {
      return new ByteBuilder(512, 4096); // a larger block (extra headers) grows it once, and is dropped
    }
  }

  /** ASCII values as they are; others as one RFC 2047 encoded-word (UTF-8, base64). */
  static String encodeWord(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 127 || value.charAt(i) < ' ' && value.charAt(i) != '\t') {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
      }
    }
    return value;
  }

  /**
   * 7bit when the bytes are ASCII in CRLF lines of at most 998 bytes without NUL; 8bit when they
   * also contain 8-bit bytes; else binary. The inner loop looks at each byte once with one test
   * for the bytes that are nearly all of a message (printable ASCII); it stops at a line's 999th.
   */
  static String transferEncodingOf(byte[] b) {
    TransferEncodingScan scan = new TransferEncodingScan();
    scan.write(b, 0, b.length);
    return scan.result();
  }

  /** {@link #transferEncodingOf} of the bytes written to it, in as many pieces as they come. */
  static final class TransferEncodingScan extends OutputStream {
    private boolean eight;
    private boolean binary;
    private boolean afterCr;
    private int lineLength;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      int i = off;
      int end = off + len;
      while (i < end && !binary) {
        if (afterCr) {
          if (b[i] != '\n') {
            binary = true;
            return;
          }
          afterCr = false;
          lineLength = 0;
          i++;
          continue;
        }
        int start = i;
        int limit = Math.min(end, i + 998 - lineLength);
        while (i < limit) {
          byte c = b[i];
          if (c < 0x20) {
            if (c < 0) {
              eight = true;
            } else if (c == '\r' || c == '\n' || c == 0) {
              break;
            }
          }
          i++;
        }
        lineLength += i - start;
        if (i == end) {
          return;
        }
        // a CR, LF or NUL, or the line's 999th byte: only a CR (then an LF) goes on
        if (b[i] != '\r') {
          binary = true;
          return;
        }
        afterCr = true;
        i++;
      }
    }

    String result() {
      return binary || afterCr ? "binary" : eight ? "8bit" : "7bit";
    }
  }

  private sealed interface Segment permits BytesSegment, TextSegment, SourceSegment {
    long length();
  }

  private record BytesSegment(byte[] bytes, int offset, int size) implements Segment {
    @Override
    public long length() {
      return size;
    }
  }

  /** A text part's bytes, written from the part itself (see {@link #of}). */
  private record TextSegment(TextPart part) implements Segment {
    @Override
    public long length() {
      return part.size();
    }

    void write(OutputStream out) throws IOException {
      part.writeTo(out);
    }
  }

  private record SourceSegment(BinaryPart part, long declared) implements Segment {
    @Override
    public long length() {
      return declared;
    }

    void copy(OutputStream out, byte[][] buffers) throws IOException {
      long n = 0;
      try (InputStream in = part.openStream()) {
        if (in instanceof ByteArrayInputStream bytes) {
          // content in memory: one write of the array itself, not a copy through the buffer
          long size = bytes.available();
          if (declared >= 0 && size != declared) {
            throw new IOException(part + " yields " + size + " bytes instead of its declared size " + declared);
          }
          bytes.transferTo(out);
          return;
        }
        if (buffers[0] == null) {
          buffers[0] = new byte[MimeWriter.BUFFER_SIZE];
        }
        byte[] buffer = buffers[0];
        int r;
        while ((r = in.read(buffer)) >= 0) {
          if (declared >= 0 && n + r > declared) {
            throw new IOException(part + " yields more bytes than its declared size " + declared);
          }
          out.write(buffer, 0, r);
          n += r;
        }
      }
      if (declared >= 0 && n != declared) {
        throw new IOException(part + " yields " + n + " bytes instead of its declared size " + declared);
      }
    }
  }
}
