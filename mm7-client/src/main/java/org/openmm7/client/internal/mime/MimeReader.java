package org.openmm7.client.internal.mime;

import org.openmm7.client.codec.DecodeProblem;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openmm7.client.codec.Findings;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.ContentType;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.TextPart;

/**
 * Lenient, streaming, bounded reader of an HTTP body that may be multipart (SOAP with
 * attachments). The body is scanned once; parts up to the memory threshold stay in memory, larger
 * ones too while a {@link MemoryBudget} has room for them, and the rest are written to temporary
 * files, so memory use does not depend on attachment size. A body that is an array is scanned in
 * place and its identity-encoded parts are slices of it.
 * What deviates from MIME but can be understood is reported to the {@link Findings}; what cannot
 * fails with a {@link Mm7DecodeException} whose reason names the problem (and the limit, if one
 * was exceeded). Static and thread-safe.
 *
 * <p>Finding codes: {@code missing-start-parameter}, {@code start-unresolved},
 * {@code soap-part-without-content-id}, {@code content-id-without-angle-brackets},
 * {@code raw-8bit-binary}, {@code multipart-without-boundary}, {@code bare-lf-line-endings}.
 * Reasons: {@code unterminated-multipart}, {@code multipart-without-boundary},
 * {@code invalid-base64}, {@code unsupported-transfer-encoding}, {@code invalid-content-type},
 * {@code empty-multipart}, {@code no-root-part}, {@code size-limit-exceeded},
 * {@code too-many-parts}, {@code nesting-too-deep}, {@code header-too-long},
 * {@code duplicate-content-id}.
 */
public final class MimeReader {
  private static final int BUFFER_SIZE = 64 * 1024;
  /** The largest array a part kept in memory above the threshold is read into. */
  private static final int CHUNK_SIZE = 1 << 20;
  private static final ContentType OCTET_STREAM = ContentType.of("application", "octet-stream");
  private static final ContentType DEFAULT_PART_TYPE =
      ContentType.of("text", "plain").withParameter("charset", "us-ascii");
  private static final Set<String> OWN_HEADERS =
      Set.of("content-type", "content-id", "content-location", "content-transfer-encoding", "content-length");

  /**
   * Reads a body; every part above the memory threshold goes to a temporary file.
   *
   * @param contentTypeHeader the HTTP Content-Type value; null or blank: the body is the root part
   * @param body the body, read to its end (not closed)
   * @return the parsed body; close it to delete temporary files
   */
  public static ParsedBody read(String contentTypeHeader, InputStream body, MimeLimits limits, Findings findings)
      throws IOException {
    return read(contentTypeHeader, body, limits, MemoryBudget.NONE, findings);
  }

  /**
   * Reads a body; a part above the memory threshold stays in memory while the budget has room
   * for it, else it goes to a temporary file.
   *
   * @param contentTypeHeader the HTTP Content-Type value; null or blank: the body is the root part
   * @param body the body, read to its end (not closed)
   * @return the parsed body; close it to delete temporary files and give back what it took of the budget
   */
  public static ParsedBody read(
      String contentTypeHeader, InputStream body, MimeLimits limits, MemoryBudget budget, Findings findings)
      throws IOException {
    Parse p = new Parse(limits, budget, findings);
    if (body instanceof RecordedInput r && r.untouched()) {
      p.recorded = r;
    } else if (body instanceof RecordingInput r && r.untouched()) {
      p.recording = r;
    }
    return p.read(contentTypeHeader, body);
  }

  /**
   * Reads a multipart body captured without its HTTP head, with the boundary taken from its first
   * delimiter line (the caller reports that it was inferred). The root is the first part, as for a
   * multipart/related without start; that is not reported, since the capture has no header to say
   * otherwise.
   */
  public static ParsedBody readWithInferredBoundary(
      String boundary, InputStream body, MimeLimits limits, MemoryBudget budget, Findings findings)
      throws IOException {
    Parse p = new Parse(limits, budget, findings);
    p.boundaryInferred = true;
    return p.read("multipart/related; boundary=\"" + boundary + "\"", body);
  }

  /**
   * Reads a body that is bytes [offset, offset + length) of an array, without copying it: an
   * identity-encoded leaf is a slice of the array, and nothing is written to a temporary file (a
   * base64 or quoted-printable part is decoded into memory: it is smaller than the body the
   * caller already holds). The array must not change while the parts are in use.
   */
  public static ParsedBody read(
      String contentTypeHeader, byte[] body, int offset, int length, MimeLimits limits, Findings findings)
      throws IOException {
    ParsedBody bare = bareBody(contentTypeHeader, body, offset, length, limits);
    if (bare != null) {
      return bare;
    }
    Parse p = new Parse(limits, MemoryBudget.NONE, findings);
    p.recorded = RecordedInput.ofArray(body, offset, length);
    p.noSpill = true;
    return p.read(contentTypeHeader, p.recorded);
  }

  /**
   * A body that is not multipart, within the limits, read without the multipart reader's state (a
   * pooled copy buffer, streams, sets and lists made for parts it does not have): the range itself
   * is the root part, not copied. Null for anything else (a
   * multipart, a Content-Type that does not parse, a body over a limit): the reader then decides,
   * with its findings and errors.
   */
  private static ParsedBody bareBody(String header, byte[] body, int offset, int length, MimeLimits limits) {
    if (length > limits.maxTotalSize() || length > limits.maxRootPartSize()) {
      return null;
    }
    ContentType type = OCTET_STREAM;
    if (header != null && !header.isBlank()) {
      if (looksMultipart(header)) {
        return null; // not parsed here only to be parsed again by the reader
      }
      try {
        type = ContentTypes.SHARED.parse(header);
      } catch (IllegalArgumentException e) {
        return null;
      }
      if (type.isMultipart()) {
        return null;
      }
    }
    return new ParsedBody(type, body, offset, length, type, Optional.empty(), List.of(), List.of(), List.of());
  }

  /** Whether a Content-Type value starts with "multipart" (any case, after blanks): the reader's, not bareBody's. */
  private static boolean looksMultipart(String header) {
    int i = 0;
    while (i < header.length() && header.charAt(i) <= ' ') {
      i++;
    }
    return header.regionMatches(true, i, "multipart", 0, 9);
  }

  /** The state of one read. */
  private static final class Parse {
    final MimeLimits limits;
    final MemoryBudget budget;
    final Findings findings;
    final List<Path> tempFiles = new ArrayList<>();
    final List<MemoryBudget.Reservation> reservations = new ArrayList<>();
    /** Whether parts above the threshold stay in memory whatever their size (the body is an array). */
    boolean noSpill;
    final byte[] copyBuffer = Buffers.take(BUFFER_SIZE);
    byte[] scanBuffer; // the top-level MimeInput's, from the pool
    final Set<String> contentIds = new HashSet<>();
    /** The whole body when it was recorded before this read (parts are then slices of it), else null. */
    RecordedInput recorded;
    /** The body when it is recorded as it is read (parts are then ranges of the recording), else null. */
    RecordingInput recording;
    int partCount;
    boolean bareLfReported;
    /** The Content-Type was made up from the body's first delimiter line (a capture without its head). */
    boolean boundaryInferred;

    Parse(MimeLimits limits, MemoryBudget budget, Findings findings) {
      this.limits = limits;
      this.budget = budget;
      this.findings = findings;
    }

    ParsedBody read(String contentTypeHeader, InputStream body) throws IOException {
      try {
        return run(contentTypeHeader, body);
      } catch (IOException | RuntimeException | Error e) {
        ParsedBody.deleteAll(tempFiles);
        reservations.forEach(MemoryBudget.Reservation::run);
        throw e;
      } finally {
        // nothing the result holds refers to these: every part was copied out or spilled
        Buffers.give(copyBuffer);
        Buffers.give(scanBuffer);
      }
    }

    ParsedBody run(String header, InputStream rawBody) throws IOException {
      InputStream body = new LimitedInputStream(rawBody, limits.maxTotalSize(), "maxTotalSize");
      ContentType type = null;
      if (header != null && !header.isBlank()) {
        try {
          type = ContentTypes.SHARED.parse(header);
        } catch (IllegalArgumentException e) {
          throw new Mm7DecodeException(
              DecodeProblem.INVALID_CONTENT_TYPE, "the Content-Type is not a media type: " + header, header, e);
        }
      }
      if (type == null || !type.isMultipart()) {
        byte[] root = readRoot(body, "the body");
        ContentType t = type == null ? OCTET_STREAM : type;
        return new ParsedBody(t, root, t, Optional.empty(), List.of(), tempFiles, reservations);
      }
      // plain code rather than Optional chains here and below: each lambda is a class spun at its
      // first use, about half a millisecond of every JVM's first message
      String boundary = boundaryOf(type.parameter("boundary"));
      if (boundary.isEmpty()) {
        return withoutBoundary(type, body);
      }
      String startParameter = trimmed(type.parameter("start"));
      if (type.is("multipart/related") && startParameter.isEmpty() && !boundaryInferred) {
        findings.add(
            DecodeProblem.MISSING_START_PARAMETER,
            "HTTP Content-Type",
            "multipart/related without a start parameter: the first part is taken as the root");
      }
      String startId = startParameter.isEmpty() ? null : normaliseId(startParameter, "the start parameter");

      MimeInput in;
      byte[] whole = recorded == null ? null : recorded.array();
      if (whole != null && whole.length >= boundary.length() * 2 + 24) {
        if (recorded.length() > limits.maxTotalSize()) {
          throw new Mm7DecodeException(
              DecodeProblem.SIZE_LIMIT_EXCEEDED, "the body is larger than maxTotalSize (" + limits.maxTotalSize() + " bytes)");
        }
        in = new MimeInput(whole, recorded.offset(), recorded.length(), boundary); // the array is the buffer: never pooled
        in.recordedBase = 0;
      } else {
        scanBuffer = Buffers.take(bufferSize());
        in = new MimeInput(body, boundary, scanBuffer, bufferSize());
        scanBuffer = in.buffer();
        if ((recorded != null && recorded.file() != null) || recording != null) {
          in.recordedBase = 0;
        }
      }
      Root root = new Root();
      List<MimePart> parts = readParts(in, 1, "", startId, root);
      drainEpilogue(in);
      in.release();
      if (parts.isEmpty() && root.bytes == null) {
        throw new Mm7DecodeException(DecodeProblem.EMPTY_MULTIPART, "the multipart body has no parts");
      }
      if (root.bytes == null) {
        findings.add(
            DecodeProblem.START_UNRESOLVED,
            "HTTP Content-Type",
            "the start parameter <" + startId + "> names no part: the first part is taken as the root");
        MimePart first = parts.remove(0);
        root.type = first.contentType();
        root.contentId = first.contentId();
        root.bytes = leafBytes(first);
        root.length = root.bytes.length;
      }
      if (root.contentId.isEmpty()) {
        findings.add(DecodeProblem.SOAP_PART_WITHOUT_CONTENT_ID, "MIME root part", "the root (SOAP) part has no Content-ID");
      }
      return new ParsedBody(type, root.bytes, root.offset, root.length, root.type, root.contentId, parts, tempFiles,
          reservations);
    }

    private int bufferSize() {
      return Math.max(BUFFER_SIZE, limits.maxHeaderLineLength() * 2 + 16);
    }

    private ParsedBody withoutBoundary(ContentType type, InputStream body) throws IOException {
      PushbackInputStream pb = new PushbackInputStream(body, 1024);
      byte[] head = new byte[1024];
      int n = pb.readNBytes(head, 0, head.length);
      if (n > 0) {
        pb.unread(head, 0, n);
      }
      int i = 0;
      if (n >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
        i = 3;
      }
      while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
        i++;
      }
      if (i >= n || head[i] != '<') {
        throw new Mm7DecodeException(
            DecodeProblem.MULTIPART_WITHOUT_BOUNDARY,
            "the Content-Type " + type.mediaType() + " has no boundary parameter and the body is not bare XML",
            new String(head, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1),
            null);
      }
      findings.add(
          DecodeProblem.MULTIPART_WITHOUT_BOUNDARY,
          "HTTP Content-Type",
          type.mediaType() + " without a boundary around a bare XML body: the whole body is the root part");
      ContentType rootType = ContentType.of("text", "xml");
      Optional<String> t = type.parameter("type");
      if (t.isPresent()) {
        try {
          rootType = ContentType.parse(t.get());
        } catch (IllegalArgumentException e) {
          // keep text/xml
        }
      }
      byte[] root = readRoot(pb, "the body");
      return new ParsedBody(type, root, rootType, Optional.empty(), List.of(), tempFiles, reservations);
    }

    /** Mutable holder of the root part while reading the top level. */
    private static final class Root {
      /** The root part's bytes are [offset, offset + length) of this array (the body's, when read in place). */
      byte[] bytes;
      int offset;
      int length;
      ContentType type;
      Optional<String> contentId = Optional.empty();
    }

    private List<MimePart> readParts(MimeInput in, int depth, String path, String startId, Root root)
        throws IOException {
      if (depth > limits.maxDepth()) {
        throw new Mm7DecodeException(
            DecodeProblem.NESTING_TOO_DEEP, "multiparts nested deeper than maxDepth (" + limits.maxDepth() + ")");
      }
      // preamble
      in.startSection();
      drain(in.sectionStream());
      checkBareLf(in);
      if (in.end() == MimeInput.End.EOF) {
        throw unterminated(path);
      }
      List<MimePart> parts = new ArrayList<>();
      int index = 0;
      while (in.end() == MimeInput.End.NEXT) {
        index++;
        String where = "MIME part " + path + index;
        if (++partCount > limits.maxParts()) {
          throw new Mm7DecodeException(
              DecodeProblem.TOO_MANY_PARTS, "more than maxParts (" + limits.maxParts() + ") MIME parts");
        }
        HttpHeaders headers =
            HttpHeaders.wrap(in.readHeaders(limits.maxHeaderLineLength(), limits.maxHeaderCount()));
        checkBareLf(in);
        in.startSection();
        InputStream section = in.sectionStream();
        Optional<String> cid = contentId(headers, where);
        if (cid.isPresent() && !contentIds.add(cid.get().toLowerCase(Locale.ROOT))) {
          // a reference to it would be ambiguous: the relay and the handset could take different parts
          throw new Mm7DecodeException(
              DecodeProblem.DUPLICATE_CONTENT_ID, where + " has the Content-ID <" + cid.get() + "> of an earlier part");
        }
        ContentType type = partType(headers);
        boolean isRoot =
            root != null
                && root.bytes == null
                && (startId == null ? index == 1 : cid.isPresent() && sameId(cid.get(), startId));
        if (isRoot && !type.isMultipart()) {
          String cte = transferEncoding(headers);
          if (isIdentity(cte) && recorded != null && recorded.array() != null && in.recordedBase >= 0) {
            rootOfArray(in, needsScan(cte), where, type, root);
          } else {
            EightBitScan scan = needsScan(cte) ? new EightBitScan(section) : null;
            root.bytes = readRoot(decoder(cte, scan != null ? scan : section, where), "the root part");
            root.length = root.bytes.length;
            if (scan != null && scan.seen) {
              raw8bit(where, type);
            }
          }
          root.type = type;
          root.contentId = cid;
        } else {
          parts.add(readPart(headers, type, cid, section, depth, path + index + ".", where));
        }
        drain(section);
        checkBareLf(in);
        if (in.end() == MimeInput.End.EOF) {
          throw unterminated(path);
        }
      }
      return parts;
    }

    /**
     * The root part of a body that is an array: its range, found by the delimiter scan (which notes
     * 8-bit bytes on the way), read in place (not copied, nor read through the section's streams).
     */
    private void rootOfArray(MimeInput top, boolean scan, String where, ContentType type, Root root) throws IOException {
      long start = top.recordedBase + top.position();
      boolean[] high = scan ? new boolean[1] : null;
      long n = top.skipSection(high);
      if (n > limits.maxRootPartSize()) {
        throw rootTooLarge("the root part");
      }
      if (high != null && high[0]) {
        raw8bit(where, type);
      }
      root.bytes = recorded.array();
      root.offset = (int) start;
      root.length = (int) n;
    }

    /** {@code text/*} (as {@code type.is("text/*")}, without parsing the pattern each time). */
    private static boolean isTextType(ContentType type) {
      return type.type().equals("text");
    }

    private MimePart readPart(
        HttpHeaders headers,
        ContentType type,
        Optional<String> cid,
        InputStream section,
        int depth,
        String path,
        String where)
        throws IOException {
      String cte = transferEncoding(headers);
      MimePart part;
      if (type.isMultipart() && !type.parameter("boundary").orElse("").isBlank()) {
        MimeInput nested = new MimeInput(decoder(cte, section, where), boundaryOf(type.parameter("boundary")), bufferSize());
        if (isIdentity(cte) && section instanceof MimeInput.SectionStream ss && ss.input().recordedBase >= 0) {
          nested.recordedBase = ss.input().recordedBase + ss.input().position(); // its bytes are the body's
        }
        List<MimePart> children = readParts(nested, depth + 1, path, null, null);
        drainEpilogue(nested);
        nested.release();
        if (children.isEmpty()) {
          throw new Mm7DecodeException(DecodeProblem.EMPTY_MULTIPART, where + " is a multipart without parts");
        }
        part = Multipart.of(type, children);
      } else {
        if (type.isMultipart()) {
          findings.add(
              DecodeProblem.MULTIPART_WITHOUT_BOUNDARY, where, type.mediaType() + " without a boundary: kept as opaque bytes");
        }
        MimePart slice = !type.isMultipart() && isIdentity(cte)
            && section instanceof MimeInput.SectionStream ss && ss.input().recordedBase >= 0
            ? slice(ss.input(), type, needsScan(cte), section, where) : null;
        if (slice != null) {
          part = slice;
        } else {
          EightBitScan scan = needsScan(cte) && !type.isMultipart() ? new EightBitScan(section) : null;
          Stored stored = store(decoder(cte, scan != null ? scan : section, where));
          if (scan != null && scan.seen) {
            raw8bit(where, type);
          }
          part = leaf(type, stored);
        }
      }
      // a value the model refuses (line breaks, brackets inside an id) is dropped
      if (cid.isPresent()) {
        try {
          part = part.withContentId(cid.get());
        } catch (IllegalArgumentException e) {
          // dropped
        }
      }
      Optional<String> locationHeader = headers.first("Content-Location");
      String location = locationHeader.isPresent() ? EncodedWords.decode(locationHeader.get()).trim() : "";
      if (!location.isEmpty()) {
        try {
          part = part.withContentLocation(location);
        } catch (IllegalArgumentException e) {
          // dropped
        }
      }
      Set<String> seen = null; // most parts have only the headers the model holds: no set then
      for (Map.Entry<String, String> h : headers.entries()) {
        String lower = h.getKey().toLowerCase(Locale.ROOT);
        if (OWN_HEADERS.contains(lower)) {
          continue;
        }
        if (seen == null) {
          seen = new HashSet<>();
        }
        if (!seen.add(lower)) {
          continue;
        }
        String value = lower.equals("content-description") ? EncodedWords.decode(h.getValue()) : h.getValue();
        try {
          part = part.withHeader(h.getKey(), value);
        } catch (IllegalArgumentException e) {
          // dropped
        }
      }
      return part;
    }

    private static boolean isIdentity(String cte) {
      return cte.isEmpty() || cte.equals("7bit") || cte.equals("8bit") || cte.equals("binary");
    }

    /**
     * A part of the recorded body without copying it: a slice of the array body; a range of a
     * body recorded as it is read; of a file body, a range of the file when the part is above the
     * memory threshold (what would otherwise be spilled to a second file), else null after
     * reading nothing.
     */
    private MimePart slice(MimeInput top, ContentType type, boolean scan, InputStream section, String where)
        throws IOException {
      long start = top.recordedBase + top.position();
      boolean[] high = scan ? new boolean[1] : null;
      if (recording != null) {
        long n = top.skipSection(high);
        if (high != null && high[0]) {
          raw8bit(where, type);
        }
        return rangeOfRecording(start, n, type);
      }
      byte[] whole = recorded.array();
      if (whole != null) {
        long n = top.skipSection(high);
        if (high != null && high[0]) {
          raw8bit(where, type);
        }
        if (n <= limits.memoryThreshold() && (isTextType(type) || type.parameter("charset").isPresent())) {
          return leaf(type, new Stored(Arrays.copyOfRange(whole, (int) start, (int) (start + n)), null, null, n));
        }
        return BinaryPart.ofStream(SliceContent.ofArray(whole, (int) start, (int) n), type);
      }
      // a file: what fits under the threshold is read into memory as usual
      EightBitScan es = scan ? new EightBitScan(section) : null;
      InputStream in = es != null ? es : section;
      long threshold = limits.memoryThreshold();
      byte[] mem = copyBuffer;
      int memSize = 0;
      while (true) {
        int room = (int) Math.min(mem.length - memSize, threshold - memSize);
        if (room == 0) {
          if (memSize < threshold) {
            mem = Arrays.copyOf(mem, (int) Math.min(threshold, Math.min((long) mem.length * 2, Integer.MAX_VALUE - 8)));
            continue;
          }
          int next = in.read();
          if (next < 0) {
            break;
          }
          long n = memSize + 1L + top.skipSection(high);
          if ((es != null && es.seen) || (high != null && high[0])) {
            raw8bit(where, type);
          }
          return BinaryPart.ofStream(SliceContent.ofFile(recorded.file(), start, n), type);
        }
        int r = in.read(mem, memSize, room);
        if (r < 0) {
          break;
        }
        memSize += r;
      }
      if (es != null && es.seen) {
        raw8bit(where, type);
      }
      byte[] bytes = mem != copyBuffer && memSize == mem.length ? mem : Arrays.copyOf(mem, memSize);
      return leaf(type, new Stored(bytes, null, null, memSize));
    }

    /**
     * A part [start, start + n) of a body recorded as it is read, once the reader is past it: text
     * up to the memory threshold is copied (it is decoded into a string anyway), anything else is
     * a range of the recording.
     */
    private MimePart rangeOfRecording(long start, long n, ContentType type) throws IOException {
      if (n <= limits.memoryThreshold() && (isTextType(type) || type.parameter("charset").isPresent())) {
        byte[] bytes = recording.slice(start, n).open().readNBytes((int) n);
        return leaf(type, new Stored(bytes, null, null, n));
      }
      return BinaryPart.ofStream(recording.slice(start, n), type);
    }

    private static String trimmed(Optional<String> parameter) {
      return parameter.isPresent() ? parameter.get().trim() : "";
    }

    /**
     * A boundary parameter without the blanks after it: RFC 2046 5.1.1 lets a boundary start with
     * a space but not end with one (a trailing blank is a sender's slip). A leading space is part
     * of the boundary: angus-mail reads {@code boundary=" a"} as delimiter lines {@code -- a}.
     */
    private static String boundaryOf(Optional<String> parameter) {
      return parameter.isPresent() ? parameter.get().stripTrailing() : "";
    }

    private MimePart leaf(ContentType type, Stored s) {
      if (s.file != null) {
        return BinaryPart.ofFile(s.file, type);
      }
      if (s.chunks != null) {
        return BinaryPart.ofStream(s.chunks, type); // above the threshold: binary, as if spilled
      }
      if (isTextType(type) || type.parameter("charset").isPresent()) {
        Optional<TextPart> text = asText(type, s.bytes);
        if (text.isPresent()) {
          return text.get();
        }
      }
      return BinaryPart.ofStream(new HeapContent(s.bytes), type);
    }

    /** The part as text when its bytes are exactly its text in its charset (see {@link TextPart#decodeExactly}). */
    private static Optional<TextPart> asText(ContentType type, byte[] bytes) {
      return TextPart.decodeExactly(bytes, type);
    }

    private byte[] leafBytes(MimePart p) throws IOException {
      if (p instanceof TextPart t) {
        return t.bytes();
      }
      if (p instanceof BinaryPart b) {
        if (b.size().orElse(Long.MAX_VALUE) > limits.maxRootPartSize()) {
          throw rootTooLarge("the root part");
        }
        return b.bytes();
      }
      throw new Mm7DecodeException(DecodeProblem.NO_ROOT_PART, "the first part, taken as the root, is a multipart");
    }

    private static ContentType partType(HttpHeaders headers) {
      Optional<String> v = headers.first("Content-Type");
      if (v.isEmpty() || v.get().isBlank()) {
        return DEFAULT_PART_TYPE;
      }
      try {
        return ContentTypes.SHARED.parse(v.get());
      } catch (IllegalArgumentException e) {
        return OCTET_STREAM;
      }
    }

    private Optional<String> contentId(HttpHeaders headers, String where) {
      Optional<String> v = headers.first("Content-ID");
      if (v.isEmpty() || v.get().isBlank()) {
        return Optional.empty();
      }
      String id = normaliseId(v.get(), where + " Content-ID");
      return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    private String normaliseId(String raw, String where) {
      String s = raw.trim();
      if (s.startsWith("<") && s.endsWith(">") && s.length() >= 2) {
        s = s.substring(1, s.length() - 1).trim();
      } else {
        findings.add(
            DecodeProblem.CONTENT_ID_WITHOUT_ANGLE_BRACKETS, where, "'" + raw.trim() + "' is not enclosed in < >");
        s = s.replace("<", "").replace(">", "").trim();
      }
      return s;
    }

    private static boolean sameId(String a, String b) {
      return a.equals(b) || a.equalsIgnoreCase(b);
    }

    private static String transferEncoding(HttpHeaders headers) {
      Optional<String> v = headers.first("Content-Transfer-Encoding");
      if (v.isEmpty()) {
        return "";
      }
      String s = v.get().trim().toLowerCase(Locale.ROOT);
      int semi = s.indexOf(';');
      return semi >= 0 ? s.substring(0, semi).trim() : s;
    }

    private static boolean needsScan(String cte) {
      return cte.isEmpty() || cte.equals("7bit");
    }

    private InputStream decoder(String cte, InputStream in, String where) throws IOException {
      switch (cte) {
        case "", "7bit", "8bit", "binary":
          return in;
        case "base64":
          return new Base64InputStream(in, where);
        case "quoted-printable":
          return new QuotedPrintableInputStream(in);
        default:
          throw new Mm7DecodeException(
              DecodeProblem.UNSUPPORTED_TRANSFER_ENCODING, where + " has an unknown Content-Transfer-Encoding: " + cte);
      }
    }

    /** 8-bit bytes with no transfer encoding: legal over HTTP, which does not use Content-Transfer-Encoding. */
    private void raw8bit(String where, ContentType type) {
      if (isText(type)) {
        findings.add(DecodeProblem.RAW_8BIT_TEXT, where, "8-bit text in a " + type.mediaType()
            + " part without a Content-Transfer-Encoding (or 7bit); legal over HTTP");
      } else {
        findings.add(DecodeProblem.RAW_8BIT_BINARY, where, "binary bytes in a " + type.mediaType()
            + " part without a Content-Transfer-Encoding (or 7bit); legal over HTTP");
      }
    }

    private static boolean isText(ContentType type) {
      String m = type.mediaType();
      return isTextType(type) || type.parameter("charset").isPresent() || m.equals("application/xml")
          || m.endsWith("+xml") || m.equals("application/smil");
    }

    private void checkBareLf(MimeInput in) {
      if (!bareLfReported && in.sawBareLf()) {
        bareLfReported = true;
        findings.add(
            DecodeProblem.BARE_LF_LINE_ENDINGS, "MIME body", "lines end in LF alone instead of CRLF; accepted");
      }
    }

    private static Mm7DecodeException unterminated(String path) {
      return new Mm7DecodeException(
          DecodeProblem.UNTERMINATED_MULTIPART,
          "the input ends before the close delimiter of the multipart"
              + (path.isEmpty() ? "" : " in MIME part " + path.substring(0, path.length() - 1)));
    }

    private byte[] readRoot(InputStream in, String what) throws IOException {
      long max = limits.maxRootPartSize();
      int n = 0; // most envelopes fit in the copy buffer: one copy out of it, no growing
      int r;
      while (n < copyBuffer.length && (r = in.read(copyBuffer, n, copyBuffer.length - n)) >= 0) {
        n += r;
      }
      if (n > max) {
        throw rootTooLarge(what);
      }
      if (n < copyBuffer.length) {
        return Arrays.copyOf(copyBuffer, n);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(2 * n);
      out.write(copyBuffer, 0, n);
      while ((r = in.read(copyBuffer)) >= 0) {
        if (out.size() + (long) r > max) {
          throw rootTooLarge(what);
        }
        out.write(copyBuffer, 0, r);
      }
      return out.toByteArray();
    }

    private Mm7DecodeException rootTooLarge(String what) {
      return new Mm7DecodeException(
          DecodeProblem.SIZE_LIMIT_EXCEEDED,
          what + " is larger than maxRootPartSize (" + limits.maxRootPartSize() + " bytes)");
    }

    /**
     * A decoded body: in one array (at most the threshold), in chunks (above it, within the
     * budget), or spilled to a file.
     */
    private record Stored(byte[] bytes, ChunkContent chunks, Path file, long size) {}

    private Stored store(InputStream in) throws IOException {
      long threshold = limits.memoryThreshold();
      byte[] mem = copyBuffer; // read straight into the copy buffer first: most parts fit in it
      int memSize = 0;
      while (true) {
        int room = (int) Math.min(mem.length - memSize, threshold - memSize);
        if (room == 0) {
          if (memSize < threshold) {
            mem = Arrays.copyOf(mem, (int) Math.min(threshold, Math.min((long) mem.length * 2, Integer.MAX_VALUE - 8)));
            continue;
          }
          int next = in.read(); // at the threshold: one more byte decides
          if (next < 0) {
            break;
          }
          return beyond(in, mem, memSize, next);
        }
        int r = in.read(mem, memSize, room);
        if (r < 0) {
          break;
        }
        memSize += r;
      }
      byte[] bytes = mem != copyBuffer && memSize == mem.length ? mem : Arrays.copyOf(mem, memSize);
      return new Stored(bytes, null, null, memSize);
    }

    /**
     * A part longer than the threshold, of which head[0, headSize) and the byte next have been
     * read: kept in memory as chunks while the budget gives what they need (always when the body
     * is an array), else written to a temporary file.
     */
    private Stored beyond(InputStream in, byte[] head, int headSize, int next) throws IOException {
      List<byte[]> chunks = new ArrayList<>();
      List<Integer> lengths = new ArrayList<>();
      chunks.add(head);
      lengths.add(headSize);
      MemoryBudget.Reservation reservation = null;
      if (!noSpill) {
        if (budget.capacity() == 0) {
          return spill(in, chunks, lengths, next);
        }
        reservation = new MemoryBudget.Reservation(budget);
        reservations.add(reservation);
        if (!reservation.tryTake(headSize)) {
          return spill(in, chunks, lengths, next);
        }
      }
      if (head == copyBuffer) {
        chunks.set(0, Arrays.copyOf(head, headSize)); // the copy buffer goes back to the pool
      }
      long total = headSize;
      int pending = next;
      while (pending >= 0) {
        int size = (int) Math.max(64 << 10, Math.min(total, CHUNK_SIZE));
        if (reservation != null && !reservation.tryTake(size)) {
          Stored s = spill(in, chunks, lengths, pending);
          reservation.run(); // what was read so far is in the file now
          return s;
        }
        byte[] c = new byte[size];
        c[0] = (byte) pending;
        int n = 1;
        int r;
        while (n < size && (r = in.read(c, n, size - n)) >= 0) {
          n += r;
        }
        chunks.add(c);
        lengths.add(n);
        total += n;
        pending = n == size ? in.read() : -1;
      }
      return new Stored(null, ChunkContent.of(chunks, lengths, reservation), null, total);
    }

    /**
     * Writes what was read so far (the chunks, then the byte next), then the rest of the part, to
     * a new temporary file. The file is opened without O_TRUNC: on ext4, a file truncated and
     * then written is flushed at close() (auto_da_alloc), which made every spill allocate real
     * blocks and every delete free them.
     */
    private Stored spill(InputStream in, List<byte[]> chunks, List<Integer> lengths, int next) throws IOException {
      Path path = Files.createTempFile(limits.tempDirectory(), "mm7-", ".part");
      tempFiles.add(path);
      long size = 1;
      try (OutputStream file = Files.newOutputStream(path, StandardOpenOption.WRITE)) {
        for (int i = 0; i < chunks.size(); i++) {
          file.write(chunks.get(i), 0, lengths.get(i));
          size += lengths.get(i);
        }
        file.write(next);
        if (in instanceof MimeInput.SectionStream) {
          size += in.transferTo(file); // straight from the scan buffer: one copy less per byte
        } else {
          int r;
          while ((r = in.read(copyBuffer)) >= 0) {
            file.write(copyBuffer, 0, r);
            size += r;
          }
        }
      }
      return new Stored(null, null, path, size);
    }

    private void drain(InputStream in) throws IOException {
      while (in.read(copyBuffer) >= 0) {
        // discard
      }
    }

    private void drainEpilogue(MimeInput in) throws IOException {
      if (in.end() == MimeInput.End.CLOSE) {
        in.drain();
      }
    }
  }

  /** Notes whether a byte above 0x7F went through. */
  private static final class EightBitScan extends FilterInputStream {
    boolean seen;

    EightBitScan(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0x80) {
        seen = true;
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int r = super.read(b, off, len);
      if (!seen) {
        for (int i = 0; i < r; i++) {
          if (b[off + i] < 0) {
            seen = true;
            break;
          }
        }
      }
      return r;
    }
  }

  /** Fails with {@code size-limit-exceeded} once more than max bytes have been read. */
  static final class LimitedInputStream extends FilterInputStream {
    private final long max;
    private final String name;
    private long count;

    LimitedInputStream(InputStream in, long max, String name) {
      super(in);
      this.max = max;
      this.name = name;
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        count(1);
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int r = super.read(b, off, len);
      if (r > 0) {
        count(r);
      }
      return r;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count(s);
      return s;
    }

    private void count(long n) throws Mm7DecodeException {
      count += n;
      if (count > max) {
        throw new Mm7DecodeException(
            DecodeProblem.SIZE_LIMIT_EXCEEDED, "the body is larger than " + name + " (" + max + " bytes)");
      }
    }

    @Override
    public void close() {
      // the caller owns the stream
    }
  }
}
