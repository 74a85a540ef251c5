package org.openmm7.client.message;

import java.util.List;

/** The ContentClass of a message's content (Rel-6). Open: see {@link OpenValue}. */
public final class ContentClass extends OpenValue {
  private static final Table<ContentClass> TABLE = new Table<>("ContentClass", ContentClass::new);

  public static final ContentClass TEXT = TABLE.known("text");
  public static final ContentClass IMAGE_BASIC = TABLE.known("image-basic");
  public static final ContentClass IMAGE_RICH = TABLE.known("image-rich");
  public static final ContentClass VIDEO_BASIC = TABLE.known("video-basic");
  public static final ContentClass VIDEO_RICH = TABLE.known("video-rich");
  public static final ContentClass MEGAPIXEL = TABLE.known("megapixel");
  public static final ContentClass CONTENT_BASIC = TABLE.known("content-basic");
  public static final ContentClass CONTENT_RICH = TABLE.known("content-rich");

  private ContentClass(String wireName, boolean known) {
    super(wireName, known);
  }

  /**
   * The value for a wire value: the constant when the schemas list it (matched case-insensitively,
   * surrounding whitespace ignored), else an open value spelled as given.
   *
   * @throws IllegalArgumentException if the value is empty or blank
   */
  public static ContentClass of(String value) {
    return TABLE.of(value);
  }

  /** The constant for a wire value, matched case-insensitively; {@code null} if the schemas list none. */
  public static ContentClass fromWire(String value) {
    return TABLE.fromWire(value);
  }

  /** The values the schemas list, in their order. */
  public static List<ContentClass> values() {
    return TABLE.values();
  }
}
