package org.openmm7.client.internal.mime;

import org.openmm7.client.codec.DecodeProblem;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openmm7.client.codec.Findings;
import org.openmm7.client.codec.Mm7DecodeException;

/**
 * Reads a captured HTTP request or response (start line, headers, blank line, body), leniently:
 * LF or CRLF line ends, any case of header names, no blank after the colon, folded headers. The
 * body comes de-chunked when sent with {@code Transfer-Encoding: chunked}; otherwise it is the
 * rest of the input, and a Content-Length that disagrees with it is reported (finding
 * {@code content-length-mismatch}) once the body has been read to its end.
 *
 * <p>Reasons: {@code invalid-http-start-line}, {@code invalid-chunked-encoding},
 * {@code header-too-long}. Static and thread-safe.
 */
public final class HttpMessageReader {
  /** Longest chunk-size line accepted. */
  private static final int MAX_LINE = 8 * 1024;

  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d(\\.\\d)?\\s+\\d{3}(\\s.*)?");
  private static final Pattern REQUEST_LINE = Pattern.compile("[A-Za-z]+\\s+\\S+\\s+HTTP/\\d(\\.\\d)?\\s*");
  private static final Pattern HEADER_LINE = Pattern.compile("[!-9;-~]+\\s*:.*");
  /** RFC 2046 §5.1.1: 1 to 70 bchars, the last not a space. */
  private static final Pattern BOUNDARY = Pattern.compile("[0-9A-Za-z'()+_,\\-./:=? ]{0,69}[0-9A-Za-z'()+_,\\-./:=?]");

  private HttpMessageReader() {}

  /** What a file holds. */
  public enum Kind {
    /** An HTTP request or response, start line first. */
    HTTP,
    /** A MIME entity: a header block (e.g. {@code Content-Type:}, {@code MIME-Version:}) and a body. */
    MIME,
    /** Bare XML (optionally after a byte order mark and blanks). */
    XML,
    /**
     * A multipart body captured without its HTTP head: it starts (after blank lines, if any) at its
     * first delimiter line, {@code --} and the boundary; see {@link #inferBoundary(InputStream)}.
     */
    MULTIPART,
    /** None of these. */
    UNKNOWN
  }

  /** A head and a stream over the body (de-chunked if need be). */
  public record HttpMessage(HttpHead head, InputStream body) {}

  /** Detects the kind of input from its first bytes (a few hundred are plenty). */
  public static Kind detect(byte[] start, int length) {
    int i = 0;
    if (length >= 3 && (start[0] & 0xff) == 0xEF && (start[1] & 0xff) == 0xBB && (start[2] & 0xff) == 0xBF) {
      i = 3;
    }
    int j = i;
    while (j < length && (start[j] == ' ' || start[j] == '\t' || start[j] == '\r' || start[j] == '\n')) {
      j++;
    }
    if (j < length && start[j] == '<') {
      return Kind.XML;
    }
    if (boundaryOfDelimiterLine(start, j, length) != null) {
      return Kind.MULTIPART;
    }
    int eol = i;
    while (eol < length && start[eol] != '\n' && start[eol] != '\r') {
      eol++;
    }
    String first = new String(start, i, eol - i, StandardCharsets.ISO_8859_1);
    if (STATUS_LINE.matcher(first).matches() || REQUEST_LINE.matcher(first).matches()) {
      return Kind.HTTP;
    }
    if (HEADER_LINE.matcher(first).matches()) {
      return Kind.MIME;
    }
    return Kind.UNKNOWN;
  }

  /**
   * The boundary of a capture of {@link Kind#MULTIPART}: its first non-blank line is a delimiter
   * ({@code --} followed by the boundary, RFC 2046 §5.1.1), with trailing blanks (transport
   * padding) allowed. Leaves the stream (which must support mark/reset) where it was.
   *
   * @return the boundary, or empty when the first line is not a delimiter line
   */
  public static Optional<String> inferBoundary(InputStream in) throws IOException {
    if (!in.markSupported()) {
      throw new IllegalArgumentException("the stream must support mark/reset");
    }
    in.mark(1024);
    byte[] b = in.readNBytes(1024);
    in.reset();
    int i = b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
    while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
      i++;
    }
    return Optional.ofNullable(boundaryOfDelimiterLine(b, i, b.length));
  }

  /** The boundary of the delimiter line at {@code from}, or null if that line is not one. */
  private static String boundaryOfDelimiterLine(byte[] b, int from, int length) {
    if (from + 2 >= length || b[from] != '-' || b[from + 1] != '-') {
      return null;
    }
    int eol = from;
    while (eol < length && b[eol] != '\n' && b[eol] != '\r') {
      eol++;
    }
    if (eol == length) {
      return null; // no line end within the probe: not a delimiter line of a real body
    }
    int end = eol;
    while (end > from + 2 && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
      end--; // transport padding
    }
    String boundary = new String(b, from + 2, end - from - 2, StandardCharsets.ISO_8859_1);
    return BOUNDARY.matcher(boundary).matches() ? boundary : null;
  }

  /** Detects the kind of a file from its first 1 KiB. */
  public static Kind detect(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(1024);
      return detect(b, b.length);
    }
  }

  /**
   * Detects the kind of input from a stream that supports mark/reset (such as a
   * BufferedInputStream), leaving it where it was.
   */
  public static Kind detect(InputStream in) throws IOException {
    if (!in.markSupported()) {
      throw new IllegalArgumentException("the stream must support mark/reset");
    }
    in.mark(1024);
    byte[] b = in.readNBytes(1024);
    in.reset();
    return detect(b, b.length);
  }

  /**
   * Reads the head of an HTTP message and returns it with the body stream; the caller reads the
   * body to its end (which is when a Content-Length mismatch is reported).
   */
  public static HttpMessage read(InputStream input, Findings findings) throws IOException {
    InputStream in = new BufferedInputStream(input, 16 * 1024);
    HttpHead head = readHead(in, Kind.HTTP, MimeLimits.defaults(), findings);
    return new HttpMessage(head, body(in, head, findings));
  }

  /** Reads a MIME header block (no start line) and returns it with the body (the rest). */
  public static HttpMessage readMime(InputStream input, Findings findings) throws IOException {
    InputStream in = new BufferedInputStream(input, 16 * 1024);
    HttpHead head = readHead(in, Kind.MIME, MimeLimits.defaults(), findings);
    return new HttpMessage(head, body(in, head, findings));
  }

  /**
   * Reads a head, byte by byte (pass a buffered stream), leaving the stream at the first body
   * byte. For {@link Kind#MIME} there is no start line; for {@link Kind#HTTP} (and
   * {@link Kind#UNKNOWN}) the first non-blank line must be an HTTP start line. Line length and
   * header count are bounded by the limits ({@code header-too-long}).
   *
   * @throws Mm7DecodeException {@code invalid-http-start-line}, {@code header-too-long}
   */
  public static HttpHead readHead(InputStream in, Kind kind, MimeLimits limits, Findings findings)
      throws IOException {
    if (kind == Kind.XML) {
      throw new IllegalArgumentException("bare XML has no head");
    }
    int maxLine = limits.maxHeaderLineLength();
    if (kind == Kind.MIME) {
      return new HttpHead(false, null, null, null, -1, null, HttpHeaders.of(readHeaders(in, limits)));
    }
    String start;
    do {
      start = readLine(in, maxLine);
      if (start == null) {
        throw new Mm7DecodeException(DecodeProblem.INVALID_HTTP_START_LINE, "the input is empty");
      }
    } while (start.isBlank());
    String s = start.trim();
    if (STATUS_LINE.matcher(s).matches()) {
      HttpHeaders headers = HttpHeaders.of(readHeaders(in, limits));
      String[] f = s.split("\\s+", 3);
      return new HttpHead(false, null, null, f[0], Integer.parseInt(f[1]), f.length > 2 ? f[2] : "", headers);
    } else if (REQUEST_LINE.matcher(s).matches()) {
      HttpHeaders headers = HttpHeaders.of(readHeaders(in, limits));
      String[] f = s.split("\\s+");
      return new HttpHead(true, f[0], f[1], f[2], -1, null, headers);
    }
    throw new Mm7DecodeException(
        DecodeProblem.INVALID_HTTP_START_LINE, "not an HTTP request or status line: " + start, start, null);
  }

  /**
   * The body that follows a head: de-chunked for {@code Transfer-Encoding: chunked}; otherwise the
   * rest of the input, checked against Content-Length at its end (finding
   * {@code content-length-mismatch}). Closing it does not close the input.
   */
  public static InputStream body(InputStream in, HttpHead head, Findings findings) {
    HttpHeaders headers = head.headers();
    boolean chunked =
        headers.all("Transfer-Encoding").stream()
            .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"));
    if (chunked) {
      return new ChunkedInputStream(in);
    }
    Optional<String> length = headers.first("Content-Length");
    if (length.isPresent()) {
      return new LengthCheck(in, length.get().trim(), findings);
    }
    return in;
  }

  private static List<Map.Entry<String, String>> readHeaders(InputStream in, MimeLimits limits) throws IOException {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    String name = null;
    StringBuilder value = null;
    while (true) {
      String line = readLine(in, limits.maxHeaderLineLength());
      if (line == null || line.isEmpty()) {
        break;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
        value.append(' ').append(line.trim());
        continue;
      }
      if (name != null) {
        out.add(new AbstractMap.SimpleImmutableEntry<>(name, value.toString().trim()));
        name = null;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      if (out.size() >= limits.maxHeaderCount()) {
        throw new Mm7DecodeException(
            DecodeProblem.HEADER_TOO_LONG, "more than maxHeaderCount (" + limits.maxHeaderCount() + ") headers");
      }
      name = line.substring(0, colon).trim();
      value = new StringBuilder(line.substring(colon + 1));
    }
    if (name != null) {
      out.add(new AbstractMap.SimpleImmutableEntry<>(name, value.toString().trim()));
    }
    return out;
  }

  /** A line without CRLF/LF, decoded as UTF-8 if valid else ISO-8859-1; null at the end. */
  static String readLine(InputStream in, int maxLength) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return MimeInput.decode(Arrays.copyOf(bytes, len));
      }
      if (b.size() > maxLength) {
        throw new Mm7DecodeException(
            DecodeProblem.HEADER_TOO_LONG, "an HTTP head line is longer than maxHeaderLineLength (" + maxLength + " bytes)");
      }
      b.write(c);
    }
    return b.size() == 0 ? null : MimeInput.decode(b.toByteArray());
  }

  /** Compares the bytes read with a declared Content-Length once the end is reached. */
  private static final class LengthCheck extends FilterInputStream {
    private final String declared;
    private final Findings findings;
    private long count;
    private boolean checked;

    LengthCheck(InputStream in, String declared, Findings findings) {
      super(in);
      this.declared = declared;
      this.findings = findings;
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c < 0) {
        check();
      } else {
        count++;
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int r = super.read(b, off, len);
      if (r < 0) {
        check();
      } else {
        count += r;
      }
      return r;
    }

    private void check() {
      if (checked) {
        return;
      }
      checked = true;
      long expected;
      try {
        expected = Long.parseLong(declared);
      } catch (NumberFormatException e) {
        findings.add(DecodeProblem.CONTENT_LENGTH_MISMATCH, "HTTP Content-Length", "'" + declared + "' is not a length");
        return;
      }
      if (expected != count) {
        findings.add(
            DecodeProblem.CONTENT_LENGTH_MISMATCH,
            "HTTP Content-Length",
            "Content-Length is " + expected + " but the body has " + count + " bytes");
      }
    }
  }

  /** Removes chunked transfer coding; trailers are skipped. */
  static final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long remaining; // in the current chunk
    private boolean done;

    ChunkedInputStream(InputStream in) {
      this.in = in;
    }

    private boolean nextChunk() throws IOException {
      if (done) {
        return false;
      }
      String line = readLine(in, MAX_LINE);
      while (line != null && line.isBlank()) {
        line = readLine(in, MAX_LINE); // CRLF after the previous chunk's data
      }
      if (line == null) {
        throw new Mm7DecodeException(DecodeProblem.INVALID_CHUNKED_ENCODING, "the input ends before the last chunk");
      }
      int semi = line.indexOf(';');
      String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
      try {
        remaining = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new Mm7DecodeException(DecodeProblem.INVALID_CHUNKED_ENCODING, "not a chunk size: " + line, line, e);
      }
      if (remaining < 0) {
        throw new Mm7DecodeException(DecodeProblem.INVALID_CHUNKED_ENCODING, "negative chunk size: " + line);
      }
      if (remaining == 0) {
        done = true;
        String t;
        while ((t = readLine(in, MAX_LINE)) != null && !t.isEmpty()) {
          // trailer field: ignored
        }
        return false;
      }
      return true;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int r = read(one, 0, 1);
      return r < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (remaining == 0 && !nextChunk()) {
        return -1;
      }
      int r = in.read(b, off, (int) Math.min(len, remaining));
      if (r < 0) {
        throw new Mm7DecodeException(DecodeProblem.INVALID_CHUNKED_ENCODING, "the input ends inside a chunk");
      }
      remaining -= r;
      return r;
    }
  }
}
