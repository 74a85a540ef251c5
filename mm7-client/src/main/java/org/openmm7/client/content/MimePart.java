package org.openmm7.client.content;

import java.util.Map;
import java.util.Optional;

/**
 * One part of MIME content: text, binary data, or a multipart holding further parts. Immutable;
 * the {@code with...} methods return modified copies.
 */
public sealed interface MimePart permits TextPart, BinaryPart, Multipart {

  /** The media type with its parameters (for a {@link Multipart}: without {@code boundary}). */
  ContentType contentType();

  /** The Content-ID, without angle brackets. */
  Optional<String> contentId();

  /** The Content-Location (usually a file name such as {@code image1.jpg}). */
  Optional<String> contentLocation();

  /**
   * The other headers of the part (e.g. Content-Description, Content-Disposition), in order, with
   * their names as given; never Content-Type, Content-ID, Content-Location or
   * Content-Transfer-Encoding, which the writer produces itself.
   */
  Map<String, String> headers();

  /** A copy with this Content-ID; angle brackets around it are removed. */
  MimePart withContentId(String contentId);

  /** A copy with this Content-Location. */
  MimePart withContentLocation(String contentLocation);

  /**
   * A copy with this extra header, replacing one of the same name (case-insensitive).
   *
   * @throws IllegalArgumentException for Content-Type, Content-ID, Content-Location,
   *     Content-Transfer-Encoding, Content-Length, or a line break in the name or value
   */
  MimePart withHeader(String name, String value);
}
