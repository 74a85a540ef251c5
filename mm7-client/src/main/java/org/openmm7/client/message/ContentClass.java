package org.openmm7.client.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ContentClass of a message's content (Rel-6). Open, like {@link Mm7Status}: the values the
 * schemas list are constants, and {@link #of(String)} accepts any other value a peer sends (a
 * newer release's, a vendor's), so that a message carrying one is read rather than refused. Compare
 * with {@code equals}; {@link #isKnown()} tells a listed value from another.
 */
public final class ContentClass {
  private static final Map<String, ContentClass> KNOWN = new ConcurrentHashMap<>();
  private static final List<ContentClass> VALUES = new ArrayList<>();

  public static final ContentClass TEXT = known("text");
  public static final ContentClass IMAGE_BASIC = known("image-basic");
  public static final ContentClass IMAGE_RICH = known("image-rich");
  public static final ContentClass VIDEO_BASIC = known("video-basic");
  public static final ContentClass VIDEO_RICH = known("video-rich");
  public static final ContentClass MEGAPIXEL = known("megapixel");
  public static final ContentClass CONTENT_BASIC = known("content-basic");
  public static final ContentClass CONTENT_RICH = known("content-rich");

  private final String wireName;
  private final boolean known;

  private ContentClass(String wireName, boolean known) {
    this.wireName = wireName;
    this.known = known;
  }

  private static ContentClass known(String wireName) {
    ContentClass v = new ContentClass(wireName, true);
    KNOWN.put(wireName.toLowerCase(Locale.ROOT), v);
    VALUES.add(v);
    return v;
  }

  /**
   * The value for a wire value: the constant when the schemas list it (matched case-insensitively,
   * surrounding whitespace ignored), else an open value spelled as given.
   *
   * @throws IllegalArgumentException if the value is empty or blank
   */
  public static ContentClass of(String value) {
    String v = Objects.requireNonNull(value, "value").trim();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("an empty ContentClass");
    }
    ContentClass k = KNOWN.get(v.toLowerCase(Locale.ROOT));
    return k != null ? k : new ContentClass(v, false);
  }

  /** The constant for a wire value, matched case-insensitively; {@code null} if the schemas list none. */
  public static ContentClass fromWire(String value) {
    return KNOWN.get(value.trim().toLowerCase(Locale.ROOT));
  }

  /** The values the schemas list, in their order. */
  public static List<ContentClass> values() {
    return Collections.unmodifiableList(VALUES);
  }

  /** The value as the schema spells it (or as the peer sent it, for a value the schemas do not list). */
  public String wireName() {
    return wireName;
  }

  /** Whether a schema lists this value. */
  public boolean isKnown() {
    return known;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentClass other && other.wireName.equals(wireName);
  }

  @Override
  public int hashCode() {
    return wireName.hashCode();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
