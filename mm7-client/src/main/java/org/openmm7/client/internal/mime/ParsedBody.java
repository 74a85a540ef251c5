package org.openmm7.client.internal.mime;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openmm7.client.content.ContentType;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;

/**
 * A decoded HTTP body: the root (SOAP) part in memory, and the other top-level parts as a content
 * tree. Attachments larger than the memory threshold are kept in memory within a
 * {@link MemoryBudget}, else backed by temporary files, which {@link #close()} deletes; after
 * that, those parts can no longer be read.
 *
 * <p>Leaf parts held in memory that are {@code text/*} or carry a {@code charset} parameter (such
 * as {@code application/smil; charset=utf-8}), whose charset is known (or that are pure ASCII
 * without a charset) and whose bytes decode cleanly and re-encode to the same bytes, come back as
 * {@link org.openmm7.client.content.TextPart}; every other leaf, including text spilled to disk,
 * comes back as {@link org.openmm7.client.content.BinaryPart} with its bytes exactly as decoded
 * from the transfer encoding.
 */
public final class ParsedBody implements AutoCloseable {
  private final ContentType bodyContentType;
  /** The root part is bytes [rootOffset, rootOffset + rootLength) of this array (of a body read in place, or its own). */
  private final byte[] rootPart;
  private final int rootOffset;
  private final int rootLength;
  private final ContentType rootContentType;
  private final Optional<String> rootContentId;
  private final List<MimePart> attachments;
  private final List<Path> tempFiles;
  private final List<MemoryBudget.Reservation> reservations;
  private boolean closed;

  ParsedBody(
      ContentType bodyContentType,
      byte[] rootPart,
      ContentType rootContentType,
      Optional<String> rootContentId,
      List<MimePart> attachments,
      List<Path> tempFiles,
      List<MemoryBudget.Reservation> reservations) {
    this(bodyContentType, rootPart, 0, rootPart.length, rootContentType, rootContentId, attachments, tempFiles,
        reservations);
  }

  /** With the root part at bytes [rootOffset, rootOffset + rootLength) of an array that is not copied. */
  ParsedBody(
      ContentType bodyContentType,
      byte[] rootArray,
      int rootOffset,
      int rootLength,
      ContentType rootContentType,
      Optional<String> rootContentId,
      List<MimePart> attachments,
      List<Path> tempFiles,
      List<MemoryBudget.Reservation> reservations) {
    this.bodyContentType = bodyContentType;
    this.rootPart = rootArray;
    this.rootOffset = rootOffset;
    this.rootLength = rootLength;
    this.rootContentType = rootContentType;
    this.rootContentId = rootContentId;
    this.attachments = List.copyOf(attachments);
    this.tempFiles = List.copyOf(tempFiles);
    this.reservations = List.copyOf(reservations);
  }

  /** The Content-Type of the whole body as parsed (or {@code application/octet-stream} if none). */
  public ContentType bodyContentType() {
    return bodyContentType;
  }

  /** Whether the body was a multipart with a boundary (as opposed to a bare root part). */
  public boolean isMultipart() {
    return bodyContentType.isMultipart() && bodyContentType.parameter("boundary").isPresent();
  }

  /** The root part's bytes, transfer encoding removed (a copy). */
  public byte[] rootPart() {
    return Arrays.copyOfRange(rootPart, rootOffset, rootOffset + rootLength);
  }

  /**
   * The array holding the root part's bytes, not a copy (the received body itself when it was
   * read in place): the part is {@link #rootPartLength()} bytes from {@link #rootPartOffset()}.
   * The caller must not change it.
   */
  public byte[] rootPartArray() {
    return rootPart;
  }

  /** Where the root part starts in {@link #rootPartArray()}. */
  public int rootPartOffset() {
    return rootOffset;
  }

  /** The root part's length in bytes. */
  public int rootPartLength() {
    return rootLength;
  }

  /** The root part's content type. */
  public ContentType rootContentType() {
    return rootContentType;
  }

  /** The root part's Content-ID without angle brackets. */
  public Optional<String> rootContentId() {
    return rootContentId;
  }

  /** The top-level parts other than the root, in order. */
  public List<MimePart> attachments() {
    return attachments;
  }

  /** The temporary files backing spilled parts (deleted by {@link #close()}). */
  public List<Path> temporaryFiles() {
    return tempFiles;
  }

  /**
   * Finds a part anywhere in the attachment tree (multiparts included) by Content-ID; the
   * argument may carry a {@code cid:} prefix, URL escapes (RFC 2392) or angle brackets. An exact
   * match wins over a case-insensitive one, which wins over a match of Content-Location.
   */
  public Optional<MimePart> findByContentId(String reference) {
    if (reference == null) {
      return Optional.empty();
    }
    String ref = reference.trim();
    boolean wasCid = false;
    if (ref.regionMatches(true, 0, "cid:", 0, 4)) {
      ref = ref.substring(4).trim();
      wasCid = true;
    }
    if (ref.startsWith("<") && ref.endsWith(">") && ref.length() >= 2) {
      ref = ref.substring(1, ref.length() - 1).trim();
    }
    String decoded = ref;
    if (wasCid && ref.indexOf('%') >= 0) {
      try {
        decoded = URLDecoder.decode(ref.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = ref;
      }
    }
    for (String r : decoded.equals(ref) ? List.of(ref) : List.of(decoded, ref)) {
      // by Content-ID, exact then ignoring case; then by Content-Location, the same way
      for (int way = 0; way < 4; way++) {
        Optional<MimePart> found = search(r, way);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<MimePart> search(String key, int way) {
    for (MimePart p : attachments) {
      Optional<MimePart> f = search(p, key, way);
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }

  /** Whether the part answers to the key in one of resolve's four ways (a switch, not lambdas: see MimeReader). */
  private static boolean matches(MimePart p, String key, int way) {
    Optional<String> v = way < 2 ? p.contentId() : p.contentLocation();
    if (v.isEmpty()) {
      return false;
    }
    switch (way) {
      case 0:
      case 2:
        return key.equals(v.get());
      case 1:
        return key.equalsIgnoreCase(v.get());
      default:
        return key.toLowerCase(Locale.ROOT).equals(v.get().toLowerCase(Locale.ROOT));
    }
  }

  private static Optional<MimePart> search(MimePart p, String key, int way) {
    if (matches(p, key, way)) {
      return Optional.of(p);
    }
    if (p instanceof Multipart m) {
      for (MimePart c : m.parts()) {
        Optional<MimePart> f = search(c, key, way);
        if (f.isPresent()) {
          return f;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Deletes the temporary files and gives back to the memory budget what the parts kept in
   * memory above the threshold took (they stay readable, but no longer count); idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    deleteAll(tempFiles);
    for (MemoryBudget.Reservation r : reservations) { // a loop, not a method reference: nothing to link
      r.run();
    }
  }

  static void deleteAll(List<Path> files) {
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        f.toFile().deleteOnExit();
      }
    }
  }
}
