package org.openmm7.client.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A multipart: {@code multipart/related} (a start part and what it refers to, as in MM7 content
 * with a SMIL presentation), {@code multipart/mixed}, or any other subtype. The boundary is not
 * part of the model: the writer chooses a new random one each time, and a {@code boundary}
 * parameter given here is dropped.
 */
public final class Multipart implements MimePart {
  private final ContentType contentType;
  private final List<MimePart> parts;
  private final PartMeta meta;

  private Multipart(ContentType contentType, List<MimePart> parts, PartMeta meta) {
    this.contentType = contentType;
    this.parts = parts;
    this.meta = meta;
  }

  /**
   * {@code multipart/related} whose first part is {@code start}; sets {@code type=} to the start
   * part's media type and {@code start=<cid>}, giving the start part a new Content-ID if it has
   * none.
   */
  public static Multipart related(MimePart start, MimePart... others) {
    Objects.requireNonNull(start, "start");
    MimePart s = start.contentId().isPresent() ? start : start.withContentId(PartMeta.newContentId("start"));
    List<MimePart> all = new ArrayList<>();
    all.add(s);
    all.addAll(Arrays.asList(others));
    ContentType type =
        ContentType.of("multipart", "related")
            .withParameter("type", s.contentType().mediaType())
            .withParameter("start", "<" + s.contentId().orElseThrow() + ">");
    return of(type, all);
  }

  /** {@code multipart/mixed} of these parts. */
  public static Multipart mixed(MimePart... parts) {
    return mixed(Arrays.asList(parts));
  }

  /** {@code multipart/mixed} of these parts (the list is copied). */
  public static Multipart mixed(List<MimePart> parts) {
    return of(ContentType.of("multipart", "mixed"), parts);
  }

  /**
   * A multipart of any subtype (e.g. {@code multipart/alternative}, or as decoded). The list is
   * copied; a {@code boundary} parameter is dropped.
   *
   * @throws IllegalArgumentException if the type is not multipart or there are no parts
   */
  public static Multipart of(ContentType type, List<? extends MimePart> parts) {
    Objects.requireNonNull(type, "type");
    if (!type.isMultipart()) {
      throw new IllegalArgumentException("not a multipart type: " + type.mediaType());
    }
    List<MimePart> copy = List.copyOf(parts);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("a multipart needs at least one part");
    }
    return new Multipart(type.withoutParameter("boundary"), copy, PartMeta.EMPTY);
  }

  /** The subtype, e.g. {@code related}. */
  public String subtype() {
    return contentType.subtype();
  }

  /** The parts, in order. */
  public List<MimePart> parts() {
    return parts;
  }

  /**
   * The start part: the one whose Content-ID the {@code start} parameter names, or else the first
   * part.
   */
  public Optional<MimePart> start() {
    Optional<String> start = contentType.parameter("start");
    if (start.isPresent()) {
      String id = stripBrackets(start.get());
      for (MimePart p : parts) {
        if (p.contentId().filter(id::equals).isPresent()) {
          return Optional.of(p);
        }
      }
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(parts.get(0));
  }

  /** All non-multipart parts in the tree, depth first, in document order. */
  public List<MimePart> leaves() {
    List<MimePart> out = new ArrayList<>();
    collect(this, out);
    return List.copyOf(out);
  }

  private static void collect(Multipart m, List<MimePart> out) {
    for (MimePart p : m.parts) {
      if (p instanceof Multipart nested) {
        collect(nested, out);
      } else {
        out.add(p);
      }
    }
  }

  private static String stripBrackets(String s) {
    String t = s.trim();
    if (t.startsWith("<") && t.endsWith(">") && t.length() >= 2) {
      t = t.substring(1, t.length() - 1).trim();
    }
    return t;
  }

  @Override
  public ContentType contentType() {
    return contentType;
  }

  @Override
  public Optional<String> contentId() {
    return meta.id();
  }

  @Override
  public Optional<String> contentLocation() {
    return meta.location();
  }

  @Override
  public Map<String, String> headers() {
    return meta.headers();
  }

  @Override
  public Multipart withContentId(String contentId) {
    return new Multipart(contentType, parts, meta.withId(contentId));
  }

  @Override
  public Multipart withContentLocation(String contentLocation) {
    return new Multipart(contentType, parts, meta.withLocation(contentLocation));
  }

  @Override
  public Multipart withHeader(String name, String value) {
    return new Multipart(contentType, parts, meta.withHeader(name, value));
  }

  @Override
  public String toString() {
    return "Multipart[" + contentType + ", " + parts.size() + " parts"
        + meta.id().map(id -> ", cid " + id).orElse("") + "]";
  }
}
