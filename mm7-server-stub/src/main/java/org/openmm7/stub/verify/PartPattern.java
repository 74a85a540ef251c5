package org.openmm7.stub.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.TextPart;

/**
 * What one content part of a message must be: its media type, its name (Content-Location or
 * Content-ID), its bytes, its text. Immutable: each method returns a new pattern.
 *
 * <pre>{@code
 * submit().withPart(ofType("image/jpeg").named("photo.jpg").withBytes(jpeg))
 * }</pre>
 */
public final class PartPattern {
  private final List<String> descriptions;
  private final List<Predicate<MimePart>> tests;

  private PartPattern(List<String> descriptions, List<Predicate<MimePart>> tests) {
    this.descriptions = List.copyOf(descriptions);
    this.tests = List.copyOf(tests);
  }

  /** Any part. */
  public static PartPattern anyPart() {
    return new PartPattern(List.of(), List.of());
  }

  /** A part of this media type ({@code image/*} for any image; parameters are ignored). */
  public static PartPattern ofType(String mediaType) {
    return anyPart().type(mediaType);
  }

  /** A part whose Content-Location or Content-ID is this name. */
  public static PartPattern ofName(String name) {
    return anyPart().named(name);
  }

  /** Of this media type as well. */
  public PartPattern type(String mediaType) {
    Objects.requireNonNull(mediaType, "mediaType");
    return with("type " + mediaType, p -> p.contentType().is(mediaType));
  }

  /** Whose Content-Location or Content-ID is this name as well. */
  public PartPattern named(String name) {
    Objects.requireNonNull(name, "name");
    return with("named " + ValueMatcher.quote(name), p -> name.equals(p.contentLocation().orElse(null))
        || name.equals(p.contentId().orElse(null)));
  }

  /** Whose content is exactly these bytes as well (as decoded from its transfer encoding). */
  public PartPattern withBytes(byte[] bytes) {
    byte[] expected = bytes.clone();
    return with("with these " + expected.length + " bytes", p -> Arrays.equals(bytesOf(p, expected.length + 1),
        expected));
  }

  /** A text part whose text matches as well. */
  public PartPattern withText(ValueMatcher<String> text) {
    return with("with text " + text.description(), p -> p instanceof TextPart t && text.matches(t.text()));
  }

  /** A text part with exactly this text as well. */
  public PartPattern withText(String text) {
    return withText(ValueMatcher.equalTo(text));
  }

  private PartPattern with(String description, Predicate<MimePart> test) {
    List<String> d = new ArrayList<>(descriptions);
    d.add(description);
    List<Predicate<MimePart>> t = new ArrayList<>(tests);
    t.add(test);
    return new PartPattern(d, t);
  }

  boolean matches(MimePart part) {
    for (Predicate<MimePart> t : tests) {
      try {
        if (!t.test(part)) {
          return false;
        }
      } catch (RuntimeException e) {
        return false;
      }
    }
    return true;
  }

  /** A part described for a failure report: {@code image/jpeg "photo.jpg" 1234 bytes}. */
  static String describe(MimePart p) {
    StringBuilder b = new StringBuilder(p.contentType().mediaType());
    String name = p.contentLocation().orElse(p.contentId().orElse(null));
    if (name != null) {
      b.append(' ').append(ValueMatcher.quote(name));
    }
    if (p instanceof TextPart t && p.contentType().is("text/plain")) {
      b.append(' ').append(ValueMatcher.quote(t.text()));
    } else if (p instanceof TextPart t) {
      b.append(' ').append(t.size()).append(" bytes");
    } else if (p instanceof BinaryPart bp && bp.size().isPresent()) {
      b.append(' ').append(bp.size().getAsLong()).append(" bytes");
    }
    return b.toString();
  }

  /** At most {@code limit} bytes of the part: enough to tell a longer part from the expected one. */
  private static byte[] bytesOf(MimePart p, int limit) {
    try (InputStream in = p instanceof TextPart t ? t.openStream() : p instanceof BinaryPart b ? b.openStream()
        : InputStream.nullInputStream()) {
      return in.readNBytes(limit);
    } catch (IOException e) {
      return null; // an unreadable part matches no bytes
    }
  }

  @Override
  public String toString() {
    return descriptions.isEmpty() ? "any part" : String.join(", ", descriptions);
  }
}
