package org.openmm7.client.internal.mime;

import java.util.concurrent.ConcurrentHashMap;
import org.openmm7.client.content.ContentType;

/**
 * Content-Type values parsed once. A part's Content-Type ({@code text/xml; charset=utf-8},
 * {@code text/plain; charset=utf-8}, {@code image/jpeg}) and a bare reply's repeat from message to
 * message, and parsing one (a parameter map, lower-cased copies) was a tenth of the MIME work of a
 * 1 KB message. A multipart's value carries a boundary made anew for each message, so it is never
 * kept; nor is a long one. Bounded: when full, the cache is emptied and fills again with what
 * comes next (values that never repeat cost a parse each, as without a cache). Parsed values are
 * immutable, so one instance serves every thread.
 */
final class ContentTypes {
  /** The cache the MIME reader uses. */
  static final ContentTypes SHARED = new ContentTypes(256, 128);

  private final int maxEntries;
  private final int maxLength;
  private final ConcurrentHashMap<String, ContentType> parsed = new ConcurrentHashMap<>();

  /**
   * @param maxEntries most values kept
   * @param maxLength longest value kept, in characters
   */
  ContentTypes(int maxEntries, int maxLength) {
    this.maxEntries = maxEntries;
    this.maxLength = maxLength;
  }

  /**
   * {@link ContentType#parse(String)}, from the cache when the same value was parsed before.
   *
   * @throws IllegalArgumentException as {@link ContentType#parse(String)} (refusals are not kept)
   */
  ContentType parse(String value) {
    if (value.regionMatches(true, 0, "multipart/", 0, 10)) {
      return ContentType.parse(value); // never kept: no need to hash a value new in every message
    }
    ContentType known = parsed.get(value);
    if (known != null) {
      return known;
    }
    ContentType type = ContentType.parse(value);
    if (value.length() <= maxLength && !type.isMultipart()) {
      if (parsed.size() >= maxEntries) {
        parsed.clear();
      }
      parsed.putIfAbsent(value, type);
    }
    return type;
  }

  /** How many values are kept. */
  int size() {
    return parsed.size();
  }
}
