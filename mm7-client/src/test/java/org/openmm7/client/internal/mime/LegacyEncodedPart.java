package org.openmm7.client.internal.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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

/**
 * The MIME part writer as it was before its header blocks and delimiters were written as bytes
 * (issue 15), kept unchanged as the oracle of {@code EncodedPartEquivalenceTest}: the new writer
 * must write the same bytes but for the random boundaries. Its original comment:
 *
 * <p>A write plan for one MIME part: its header block is rendered and the boundaries of every nested
 * multipart are fixed when the plan is made, so that {@link #length()} is exactly what
 * {@link #writeTo} writes (or -1 when a leaf's size is unknown). Binary bodies are streamed from
 * their source at write time; a source that yields a different number of bytes than it declared
 * fails the write, since a Content-Length may already have been sent. A plan can be written
 * more than once (e.g. on retry); it is immutable and thread-safe as long as the sources are.
 *
 * <p>For an HTTP body, use {@link #contentType()} (with the boundary) as the Content-Type header
 * and {@link #bodyLength()}/{@link #writeBodyTo} for the entity: for example
 * {@code LegacyEncodedPart.related(LegacyEncodedPart.ofBytes(soapType, cid, soapBytes), LegacyEncodedPart.of(content))}.
 */
public final class LegacyEncodedPart implements PartWriter {
  private static final byte[] CRLF = {'\r', '\n'};

  private final ContentType contentType;
  private final Optional<String> contentId;
  private final byte[] headerBlock;
  private final List<Segment> body;
  private final long bodyLength;

  private LegacyEncodedPart(ContentType contentType, Optional<String> contentId, byte[] headerBlock, List<Segment> body) {
    this.contentType = contentType;
    this.contentId = contentId;
    this.headerBlock = headerBlock;
    this.body = List.copyOf(body);
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

  /** Plans a part of the content tree (nested multiparts get new boundaries now). */
  public static LegacyEncodedPart of(MimePart part) {
    Objects.requireNonNull(part, "part");
    if (part instanceof TextPart t) {
      byte[] bytes = t.bytes();
      return leaf(t.contentType(), transferEncodingOf(bytes), part, List.of(new BytesSegment(bytes)));
    } else if (part instanceof BinaryPart b) {
      OptionalLong size = b.size();
      return leaf(b.contentType(), "binary", part, List.of(new SourceSegment(b, size.orElse(-1))));
    } else {
      Multipart m = (Multipart) part;
      List<LegacyEncodedPart> children = new ArrayList<>();
      for (MimePart p : m.parts()) {
        children.add(of(p));
      }
      String boundary = MimeWriter.newBoundary();
      ContentType type = m.contentType().withParameter("boundary", boundary);
      byte[] head = headers(type, null, part.contentId(), part.contentLocation(), part.headers());
      return new LegacyEncodedPart(type, part.contentId(), head, multipartBody(boundary, children));
    }
  }

  /**
   * A part from bytes already in memory (such as the SOAP envelope), with the transfer encoding
   * chosen from the bytes: 7bit, 8bit, or binary when lines are not CRLF-delimited or too long.
   */
  public static LegacyEncodedPart ofBytes(ContentType contentType, String contentId, byte[] body) {
    byte[] copy = body.clone();
    Optional<String> cid = Optional.ofNullable(contentId);
    byte[] head = headers(contentType, transferEncodingOf(copy), cid, Optional.empty(), Map.of());
    return new LegacyEncodedPart(contentType, cid, head, List.of(new BytesSegment(copy)));
  }

  /**
   * {@code multipart/related; type=<root media type>; start="<root cid>"; boundary=...} of a root
   * part (which must have a Content-ID) followed by the others.
   */
  public static LegacyEncodedPart related(LegacyEncodedPart root, LegacyEncodedPart... others) {
    String cid = root.contentId.orElseThrow(() -> new IllegalArgumentException("the root part has no Content-ID"));
    List<LegacyEncodedPart> all = new ArrayList<>();
    all.add(root);
    all.addAll(List.of(others));
    ContentType type =
        ContentType.of("multipart", "related")
            .withParameter("type", root.contentType.mediaType())
            .withParameter("start", "<" + cid + ">");
    return multipart(type, all);
  }

  /** A multipart of planned parts with a new boundary (set into the returned content type). */
  public static LegacyEncodedPart multipart(ContentType type, List<LegacyEncodedPart> parts) {
    if (!type.isMultipart()) {
      throw new IllegalArgumentException("not multipart: " + type);
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a multipart needs at least one part");
    }
    String boundary = MimeWriter.newBoundary();
    ContentType t = type.withParameter("boundary", boundary);
    byte[] head = headers(t, null, Optional.empty(), Optional.empty(), Map.of());
    return new LegacyEncodedPart(t, Optional.empty(), head, multipartBody(boundary, parts));
  }

  /** The content type as written, including the {@code boundary} of a multipart. */
  public ContentType contentType() {
    return contentType;
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
        out.write(b.bytes);
      } else {
        ((SourceSegment) s).copy(out, buffer);
      }
    }
  }

  private static LegacyEncodedPart leaf(ContentType type, String cte, MimePart part, List<Segment> body) {
    byte[] head = headers(type, cte, part.contentId(), part.contentLocation(), part.headers());
    return new LegacyEncodedPart(type, part.contentId(), head, body);
  }

  private static List<Segment> multipartBody(String boundary, List<LegacyEncodedPart> parts) {
    List<Segment> out = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    boolean first = true;
    for (LegacyEncodedPart p : parts) {
      pending.append(first ? "" : "\r\n").append("--").append(boundary).append("\r\n");
      first = false;
      out.add(new BytesSegment(pending.toString().getBytes(StandardCharsets.US_ASCII)));
      pending.setLength(0);
      out.add(new BytesSegment(p.headerBlock));
      out.addAll(p.body);
    }
    out.add(new BytesSegment(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
    return out;
  }

  private static byte[] headers(
      ContentType type,
      String cte,
      Optional<String> contentId,
      Optional<String> location,
      Map<String, String> extra) {
    StringBuilder sb = new StringBuilder();
    sb.append("Content-Type: ").append(type).append("\r\n");
    if (cte != null) {
      sb.append("Content-Transfer-Encoding: ").append(cte).append("\r\n");
    }
    contentId.ifPresent(id -> sb.append("Content-ID: <").append(id).append(">\r\n"));
    location.ifPresent(l -> sb.append("Content-Location: ").append(encodeWord(l)).append("\r\n"));
    for (Map.Entry<String, String> e : extra.entrySet()) {
      sb.append(e.getKey()).append(": ").append(encodeWord(e.getValue())).append("\r\n");
    }
    sb.append("\r\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
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
   * also contain 8-bit bytes; else binary.
   */
  public static String transferEncodingOf(byte[] b) {
    boolean eight = false;
    int lineLength = 0;
    for (int i = 0; i < b.length; i++) {
      int c = b[i] & 0xff;
      if (c == '\r') {
        if (i + 1 >= b.length || b[i + 1] != '\n') {
          return "binary";
        }
        i++;
        lineLength = 0;
        continue;
      }
      if (c == '\n' || c == 0 || ++lineLength > 998) {
        return "binary";
      }
      if (c >= 0x80) {
        eight = true;
      }
    }
    return eight ? "8bit" : "7bit";
  }

  private sealed interface Segment permits BytesSegment, SourceSegment {
    long length();
  }

  private record BytesSegment(byte[] bytes) implements Segment {
    @Override
    public long length() {
      return bytes.length;
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
