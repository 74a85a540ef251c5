package org.openmm7.client.message;

/** The ContentClass of a message's content (Rel-6). */
public enum ContentClass {
  TEXT("text"),
  IMAGE_BASIC("image-basic"),
  IMAGE_RICH("image-rich"),
  VIDEO_BASIC("video-basic"),
  VIDEO_RICH("video-rich"),
  MEGAPIXEL("megapixel"),
  CONTENT_BASIC("content-basic"),
  CONTENT_RICH("content-rich");

  private final String wireName;

  ContentClass(String wireName) {
    this.wireName = wireName;
  }

  /** The value as the schema spells it. */
  public String wireName() {
    return wireName;
  }

  /** The constant for a wire value, matched case-insensitively; {@code null} if there is none. */
  public static ContentClass fromWire(String value) {
    String v = value.trim();
    for (ContentClass c : values()) {
      if (c.wireName.equalsIgnoreCase(v)) {
        return c;
      }
    }
    return null;
  }
}
