package org.openmm7.client.internal.mime;

import org.openmm7.client.codec.DecodeProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openmm7.client.codec.Mm7DecodeException;

/**
 * A buffered byte source that reads header lines and the sections between the delimiter lines
 * of one multipart boundary, without ever holding more than its buffer. Delimiters are found at
 * the start of a line ending in CRLF or a bare LF; a line starting with the boundary but
 * continuing with other characters is content.
 */
final class MimeInput {
  enum End {
    /** The section is still being read. */
    OPEN,
    /** Ended by a delimiter: another part follows. */
    NEXT,
    /** Ended by the close delimiter. */
    CLOSE,
    /** Ended by the end of the input without a delimiter. */
    EOF
  }

  private final InputStream in;
  private final byte[] buf;
  private final byte[] dashBoundary; // "--" + boundary, or null when no boundary is scanned
  private final byte[] lfDelimiter; // '\n' + "--" + boundary: what a delimiter inside a section starts with
  /**
   * For each byte value, 1 + its last position in lfDelimiter, or 0 for a byte the delimiter does
   * not contain (one load and a zero check per probe of binary content). Taken from the thread's
   * spare (see {@link #release()}) when it has one: a new table per multipart was a twentieth of
   * a 1 KB message's decode allocation.
   */
  private int[] lastOffsetOf;
  /**
   * For each position in lfDelimiter, 1 + the position of the same byte before it, or 0: with
   * {@link #lastOffsetOf}, a byte's positions last first. Per multipart (boundaries
   * are random, so there is nothing to cache), not a table of one small array per byte value.
   */
  private final int[] previousOffset;
  private int pos;
  private int lim;
  /** How many input bytes came before buf[0] (the input offset of the buffer). */
  private long consumed;
  /**
   * Where this input's first byte is in a recorded body whose parts may be slices of it
   * ({@link RecordedInput}), or -1.
   */
  long recordedBase = -1;
  private boolean eof;
  private boolean sawBareLf;
  private boolean lineStart = true;
  private End end = End.OPEN;

  MimeInput(InputStream in, String boundary, int bufferSize) {
    this(in, boundary, null, bufferSize);
  }

  /**
   * Over bytes [offset, offset + length) of an array that is the whole input: the array is the
   * buffer (never written: the input is at its end from the start, so nothing is moved), and
   * {@link #position()} is an index into it.
   */
  MimeInput(byte[] whole, int offset, int length, String boundary) {
    this(InputStream.nullInputStream(), boundary, whole, 0);
    if (buf != whole) {
      throw new IllegalArgumentException("array too small for the boundary");
    }
    pos = offset;
    lim = offset + length;
    eof = true;
  }

  /** With a buffer to use (from {@link Buffers}) if it is large enough, else a new one. */
  MimeInput(InputStream in, String boundary, byte[] buffer, int bufferSize) {
    this.in = in;
    this.dashBoundary = boundary == null ? null : ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int min = Math.max(bufferSize, dashBoundary == null ? 0 : dashBoundary.length * 2 + 16);
    this.buf = buffer != null && buffer.length >= min ? buffer : new byte[min];
    if (dashBoundary == null) {
      lfDelimiter = null;
      lastOffsetOf = null;
      previousOffset = null;
    } else {
      lfDelimiter = new byte[dashBoundary.length + 1];
      lfDelimiter[0] = '\n';
      System.arraycopy(dashBoundary, 0, lfDelimiter, 1, dashBoundary.length);
      lastOffsetOf = takeTable();
      previousOffset = new int[lfDelimiter.length];
      for (int k = 0; k < lfDelimiter.length; k++) {
        int b = lfDelimiter[k] & 0xff;
        previousOffset[k] = lastOffsetOf[b];
        lastOffsetOf[b] = k + 1;
      }
    }
  }

  /**
   * One zeroed table per thread for the next MimeInput to take; it is null while taken, so an
   * input made while another is in use (a nested multipart) makes its own.
   */
  private static final ThreadLocal<int[]> SPARE_TABLE = new ThreadLocal<>();

  private static int[] takeTable() {
    int[] t = SPARE_TABLE.get();
    if (t == null) {
      return new int[256];
    }
    SPARE_TABLE.set(null);
    return t;
  }

  /**
   * Gives the delimiter table back to the thread's spare, zeroed again (only the entries of the
   * delimiter's bytes were set); the input must not be read afterwards. Optional: a table not
   * given back is left to the collector.
   */
  void release() {
    int[] t = lastOffsetOf;
    if (t == null) {
      return;
    }
    lastOffsetOf = null;
    for (byte b : lfDelimiter) {
      t[b & 0xff] = 0;
    }
    if (SPARE_TABLE.get() == null) {
      SPARE_TABLE.set(t);
    }
  }

  /**
   * The first index in [from, to) holding an LF that may start a delimiter ({@link #matchAt} of
   * the next byte is not NO), or -1.
   *
   * <p>Where a whole delimiter (m bytes) fits, it looks at one byte in m: any delimiter starting
   * in the range covers exactly one of the probed positions, and a probed byte the delimiter does
   * not contain (most bytes of binary content) rules out every start that would cover it. Unlike
   * Horspool's search the next probe does not depend on the byte just read, so the probes run
   * as fast as the memory delivers them. Where fewer than a whole delimiter is buffered, it
   * checks each LF.
   */
  private int findDelimiter(int from, int to) {
    byte[] b = buf;
    int[] last = lastOffsetOf;
    int[] previous = previousOffset;
    int m = lfDelimiter.length;
    // starts in [from, probedEnd) have a whole delimiter buffered and are found by the probes
    int probedEnd = Math.min(to, lim - m + 1);
    // the probe covering start s is the first j >= s of from + m - 1, from + 2m - 1, ...; it is
    // below s + m <= lim, and the probes come in start order (a start's probe is never before an
    // earlier start's)
    for (int j = from + m - 1; j < probedEnd + m - 1; j += m) {
      // last position first: the earliest start first
      for (int k1 = last[b[j] & 0xff]; k1 != 0; k1 = previous[k1 - 1]) {
        int s = j - (k1 - 1);
        if (s >= from && s < probedEnd && b[s] == '\n' && matchAt(s + 1) != NO) {
          return s;
        }
      }
    }
    for (int i = Math.max(from, probedEnd); i < to; i++) {
      if (b[i] == '\n' && matchAt(i + 1) != NO) {
        return i;
      }
    }
    return -1;
  }

  /** The working buffer (to give back to {@link Buffers} when the read is over). */
  byte[] buffer() {
    return buf;
  }

  /** Whether a delimiter or header line so far ended in a bare LF. */
  boolean sawBareLf() {
    return sawBareLf;
  }

  /** How the last section ended. */
  End end() {
    return end;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0 && (lim == buf.length || pos == lim)) {
      consumed += pos;
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    if (lim == buf.length) {
      return false;
    }
    int r = in.read(buf, lim, buf.length - lim);
    if (r < 0) {
      eof = true;
      return false;
    }
    lim += r;
    return true;
  }

  /** Makes at least n bytes available if the input has them; returns whether it did. */
  private boolean ensure(int n) throws IOException {
    while (lim - pos < n) {
      if (eof) {
        return false;
      }
      if (buf.length - pos < n) {
        consumed += pos;
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        pos = 0;
      }
      fill();
    }
    return true;
  }

  /** The next byte without consuming it, or -1 at the end. */
  int peek() throws IOException {
    return ensure(1) ? buf[pos] & 0xff : -1;
  }

  /**
   * Brings the next line into the buffer without consuming it: it is then buf[pos, pos + result),
   * without its CRLF/LF, and {@link #lineEndLength} says how many bytes end it (0: the input ended
   * without a line end). Returns -1 at the end of input.
   *
   * @throws Mm7DecodeException {@code header-too-long} if longer than maxLength
   */
  private int nextLine(int maxLength) throws IOException {
    int scanned = 0;
    while (true) {
      for (int i = pos + scanned; i < lim; i++) {
        if (buf[i] == '\n') {
          int stop = i;
          boolean bare = true;
          if (stop > pos && buf[stop - 1] == '\r') {
            stop--;
            bare = false;
          }
          if (stop - pos > maxLength) {
            throw tooLong(maxLength);
          }
          if (bare) {
            sawBareLf = true;
          }
          lineEndLength = i + 1 - stop;
          return stop - pos;
        }
      }
      scanned = lim - pos;
      if (scanned > maxLength + 1) {
        throw tooLong(maxLength);
      }
      if (!fill() && (eof || lim - pos == buf.length)) {
        if (!eof) {
          throw tooLong(maxLength);
        }
        if (lim == pos) {
          return -1;
        }
        lineEndLength = 0;
        return lim - pos;
      }
    }
  }

  /** How many bytes (CRLF 2, LF 1, none at the end of input 0) end the line {@link #nextLine} found. */
  private int lineEndLength;

  private static Mm7DecodeException tooLong(int max) {
    return new Mm7DecodeException(
        DecodeProblem.HEADER_TOO_LONG, "a header line is longer than maxHeaderLineLength (" + max + " bytes)");
  }

  /**
   * Reads a header block up to and including the blank line, unfolding continuation lines. If the
   * block does not start with a header but with '<' (a body without headers), nothing is
   * consumed and no header is returned.
   *
   * @throws Mm7DecodeException {@code header-too-long}, or {@code unterminated-multipart} when the
   *     input ends inside the block
   */
  List<Map.Entry<String, String>> readHeaders(int maxLineLength, int maxCount) throws IOException {
    List<Map.Entry<String, String>> out = new ArrayList<>(4);
    if (peek() == '<') {
      return out;
    }
    String name = null;
    String value = null;
    StringBuilder folded = null; // a value continued on further lines (folding is rare: only then a builder)
    while (true) {
      // each line is read where it lies in the buffer: no copy of it
      int length = nextLine(maxLineLength);
      if (length < 0 || lineEndLength == 0) {
        throw new Mm7DecodeException(
            DecodeProblem.UNTERMINATED_MULTIPART, "the input ends inside a header block");
      }
      int start = pos;
      int stop = start + length;
      pos = stop + lineEndLength;
      if (length == 0) {
        break;
      }
      if ((buf[start] == ' ' || buf[start] == '\t') && name != null) {
        if (folded == null) {
          folded = new StringBuilder(value);
        }
        folded.append(decode(buf, start, stop));
        continue;
      }
      if (name != null) {
        out.add(new AbstractMap.SimpleImmutableEntry<>(name, (folded == null ? value : folded.toString()).trim()));
        name = null;
      }
      int colon = indexOf(buf, start, stop, (byte) ':');
      if (colon <= start) {
        continue; // not a header: ignored
      }
      if (out.size() >= maxCount) {
        throw new Mm7DecodeException(
            DecodeProblem.HEADER_TOO_LONG, "more than maxHeaderCount (" + maxCount + ") headers in one part");
      }
      name = new String(buf, start, colon - start, StandardCharsets.ISO_8859_1).trim();
      int v = colon + 1;
      while (v < stop && (buf[v] == ' ' || buf[v] == '\t')) {
        v++; // the blanks the value starts with: trimmed at the end in any case, so not copied now
      }
      value = decode(buf, v, stop);
      folded = null;
      if (name.isEmpty() || name.indexOf(' ') >= 0) {
        name = null; // not a header
      }
    }
    if (name != null) {
      out.add(new AbstractMap.SimpleImmutableEntry<>(name, (folded == null ? value : folded.toString()).trim()));
    }
    return out;
  }

  /** Header bytes as text: UTF-8 when valid, else ISO-8859-1. */
  static String decode(byte[] b) {
    return decode(b, 0, b.length);
  }

  /**
   * Bytes [from, to) of a header line as UTF-8, or as ISO-8859-1 where they are not UTF-8. Nearly
   * every header is ASCII, for which all three read the same: the JDK's intrinsic String
   * constructor then, not a reporting decoder made for each line.
   */
  static String decode(byte[] b, int from, int to) {
    boolean ascii = true;
    for (int i = from; i < to && ascii; i++) {
      ascii = b[i] >= 0;
    }
    if (ascii) {
      return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
  }

  private static int indexOf(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** Starts the next section (the part body after a header block, or the preamble). */
  void startSection() {
    end = End.OPEN;
    lineStart = true;
  }

  private static final int NO = 0;
  private static final int YES = 1;
  private static final int UNDECIDED = 2;

  /** Whether "--boundary" followed by '-', blank, CR, LF or the end starts at j. */
  private int matchAt(int j) {
    int n = dashBoundary.length;
    int avail = lim - j;
    int cmp = Math.min(avail, n);
    for (int k = 0; k < cmp; k++) {
      if (buf[j + k] != dashBoundary[k]) {
        return NO;
      }
    }
    if (avail < n + 1) {
      return eof ? (avail == n ? YES : NO) : UNDECIDED;
    }
    byte c = buf[j + n];
    return c == '-' || c == ' ' || c == '\t' || c == '\r' || c == '\n' ? YES : NO;
  }

  /** Reads section bytes; -1 once the section has ended (see {@link #end()}). */
  int readSection(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return end != End.OPEN ? -1 : 0;
    }
    int n = nextChunk(len);
    if (n > 0) {
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
    }
    return n;
  }

  /** The input offset of the next byte. */
  long position() {
    return consumed + pos;
  }

  /**
   * Skips the rest of the section without copying it; returns how many bytes. With {@code high},
   * sets high[0] when a skipped byte is above 0x7F.
   */
  long skipSection(boolean[] high) throws IOException {
    long total = 0;
    int n;
    while ((n = nextChunk(Integer.MAX_VALUE)) > 0) {
      if (high != null && !high[0]) {
        for (int i = pos, e = pos + n; i < e; i++) {
          if (buf[i] < 0) {
            high[0] = true;
            break;
          }
        }
      }
      pos += n;
      total += n;
    }
    return total;
  }

  /** Writes the rest of the section to out straight from the buffer; returns how many bytes. */
  long transferSection(OutputStream out) throws IOException {
    long total = 0;
    int n;
    while ((n = nextChunk(buf.length)) > 0) {
      out.write(buf, pos, n);
      pos += n;
      total += n;
    }
    return total;
  }

  /**
   * How many section bytes, at most len (> 0), can be given out from {@code pos} now (left in the
   * buffer, not consumed); -1 once the section has ended.
   */
  private int nextChunk(int len) throws IOException {
    if (end != End.OPEN) {
      return -1;
    }
    while (true) {
      if (lineStart) {
        int m = pos < lim ? matchAt(pos) : (eof ? NO : UNDECIDED);
        if (m == UNDECIDED) {
          if (!fill() && !eof) {
            throw new IllegalStateException("buffer too small");
          }
          continue;
        }
        lineStart = false;
        if (m == YES) {
          consumeDelimiter(pos);
          return -1;
        }
      }
      if (pos == lim) {
        if (eof) {
          end = End.EOF;
          return -1;
        }
        fill();
        continue;
      }
      // only bytes that could be handed out now need deciding (keeps small reads linear)
      int scanEnd = (int) Math.min(lim, (long) pos + len + 1);
      int emitEnd = scanEnd;
      int i = findDelimiter(pos, scanEnd);
      if (i >= 0) {
        int m = matchAt(i + 1);
        boolean cr = i > pos && buf[i - 1] == '\r';
        int bodyEnd = cr ? i - 1 : i;
        if (m == UNDECIDED || bodyEnd > pos) {
          emitEnd = bodyEnd;
        } else {
          if (!cr) {
            sawBareLf = true;
          }
          consumeDelimiter(i + 1);
          return -1;
        }
      }
      if (emitEnd == lim && scanEnd == lim && !eof && buf[lim - 1] == '\r') {
        emitEnd = lim - 1;
      }
      if (emitEnd > pos) {
        return Math.min(len, emitEnd - pos);
      }
      // nothing can be given out before more input is seen
      if (!fill() && !eof) {
        throw new IllegalStateException("delimiter scan buffer too small");
      }
    }
  }

  private void consumeDelimiter(int j) throws IOException {
    pos = j + dashBoundary.length;
    boolean close = false;
    if (ensure(2) && buf[pos] == '-' && buf[pos + 1] == '-') {
      close = true;
      pos += 2;
    }
    // transport padding (and, leniently, anything else) up to the line end
    int skipped = 0;
    byte previous = 0;
    while (true) {
      if (!ensure(1)) {
        end = close ? End.CLOSE : End.EOF;
        return;
      }
      byte c = buf[pos++];
      if (c == '\n') {
        if (previous != '\r') {
          sawBareLf = true;
        }
        break;
      }
      previous = c;
      if (++skipped > 8192) {
        throw new Mm7DecodeException(DecodeProblem.HEADER_TOO_LONG, "a delimiter line is too long");
      }
    }
    end = close ? End.CLOSE : End.NEXT;
  }

  /** Discards the rest of the input (an epilogue), returning how many bytes that was. */
  long drain() throws IOException {
    long n = lim - pos;
    consumed += lim;
    pos = lim;
    byte[] tmp = buf;
    int r;
    while ((r = in.read(tmp, 0, tmp.length)) >= 0) {
      n += r;
    }
    eof = true;
    pos = 0;
    lim = 0;
    return n;
  }

  /** The current section as a stream (closing it does nothing). */
  InputStream sectionStream() {
    return new SectionStream();
  }

  /** The current section as a stream; {@link #transferTo} writes from the scan buffer itself. */
  final class SectionStream extends InputStream {
    /** The input this is a section of. */
    MimeInput input() {
      return MimeInput.this;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int r;
      while ((r = readSection(one, 0, 1)) == 0) {
        // loop
      }
      return r < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return readSection(b, off, len);
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
      return transferSection(out);
    }
  }

  /** The remaining input as a stream (for a body that is not multipart). */
  InputStream rest() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        if (pos == lim && !fill() && pos == lim) {
          return -1;
        }
        return buf[pos++] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        if (pos == lim) {
          if (eof) {
            return -1;
          }
          if (pos > 0) {
            pos = 0;
            lim = 0;
          }
          int r = in.read(b, off, len);
          if (r < 0) {
            eof = true;
          }
          return r;
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }
}
