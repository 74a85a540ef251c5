package org.openmm7.client.internal.mime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.openmm7.client.content.MimePart;

/**
 * Strict, streaming MIME writer. Binary bodies are copied from their source through one 64 KiB
 * buffer; nothing is held in memory whole. Every multipart gets a new random boundary. Stateless
 * and thread-safe.
 */
public final class MimeWriter {
  /** Size of the copy buffer. */
  public static final int BUFFER_SIZE = 64 * 1024;

  /** Length of every boundary {@link #newBoundary()} returns: the most RFC 2046 allows. */
  public static final int BOUNDARY_LENGTH = 70;

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] DASHES = {'-', '-'};

  /**
   * A new random boundary: {@code =_mm7_} and 64 hex digits (256 random bits), so it cannot
   * plausibly occur in content. Always {@link #BOUNDARY_LENGTH} characters. Long and of few
   * distinct characters because a reader's delimiter search (ours, and Horspool's) looks at about
   * one byte in a delimiter's length over binary content, more where content bytes occur in the
   * delimiter: decoding a 5 MB attachment took half the time with 70 characters as with 30.
   */
  public static String newBoundary() {
    return RandomIds.hex("=_mm7_", 32, "");
  }

  /** A new Content-ID (without angle brackets): {@code prefix-<32 random hex digits>@openmm7}. */
  public static String newContentId(String prefix) {
    return RandomIds.hex(prefix + "-", 16, "@openmm7");
  }

  /** Writes one part (headers, blank line, body); a multipart gets a new boundary. */
  public void writePart(OutputStream out, MimePart part) throws IOException {
    EncodedPart.of(part).writeTo(out);
  }

  /**
   * Writes a multipart body: each part after a delimiter line, then the close delimiter and a
   * CRLF. The caller puts the boundary into the Content-Type.
   */
  public void writeMultipart(OutputStream out, String boundary, List<? extends PartWriter> parts)
      throws IOException {
    Objects.requireNonNull(boundary, "boundary");
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a multipart needs at least one part");
    }
    byte[] b = boundary.getBytes(StandardCharsets.US_ASCII);
    boolean first = true;
    for (PartWriter p : parts) {
      if (!first) {
        out.write(CRLF);
      }
      first = false;
      out.write(DASHES);
      out.write(b);
      out.write(CRLF);
      p.writeTo(out);
    }
    out.write(CRLF);
    out.write(DASHES);
    out.write(b);
    out.write(DASHES);
    out.write(CRLF);
  }

  /**
   * The exact number of bytes {@link #writePart} writes for this part, or -1 if the size of some
   * leaf is not known in advance. (Boundaries have a fixed length, so this holds for any write of
   * the part; to compute and write with the very same boundaries use {@link EncodedPart}.)
   */
  public static long lengthOf(MimePart part) {
    return EncodedPart.of(part).length();
  }

  /** The length of a multipart body from its boundary and the lengths of its parts; -1 if any is -1. */
  public static long multipartLength(String boundary, List<Long> partLengths) {
    long b = boundary.getBytes(StandardCharsets.US_ASCII).length;
    long total = 0;
    boolean first = true;
    for (long len : partLengths) {
      if (len < 0) {
        return -1;
      }
      total += (first ? 0 : 2) + 2 + b + 2 + len;
      first = false;
    }
    return total + 2 + 2 + b + 2 + 2;
  }
}
