package org.openmm7.client.content;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Content-ID, Content-Location and extra headers shared by all part kinds. */
record PartMeta(String contentId, String contentLocation, Map<String, String> headers) {
  static final PartMeta EMPTY = new PartMeta(null, null, Map.of());

  private static final Set<String> RESERVED =
      Set.of(
          "content-type",
          "content-id",
          "content-location",
          "content-transfer-encoding",
          "content-length");

  PartMeta {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  Optional<String> id() {
    return Optional.ofNullable(contentId);
  }

  Optional<String> location() {
    return Optional.ofNullable(contentLocation);
  }

  PartMeta withId(String id) {
    return new PartMeta(normaliseContentId(id), contentLocation, headers);
  }

  PartMeta withLocation(String location) {
    Objects.requireNonNull(location, "contentLocation");
    checkValue(location, "Content-Location");
    if (location.isBlank()) {
      throw new IllegalArgumentException("empty Content-Location");
    }
    return new PartMeta(contentId, location.trim(), headers);
  }

  PartMeta withHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty header name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 127 || c == ':') {
        throw new IllegalArgumentException("invalid header name: '" + name + "'");
      }
    }
    if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          name + " is not an extra header: use the part's own property");
    }
    checkValue(value, name);
    Map<String, String> copy = new LinkedHashMap<>();
    boolean replaced = false;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        if (!replaced) {
          copy.put(name, value);
          replaced = true;
        }
      } else {
        copy.put(e.getKey(), e.getValue());
      }
    }
    if (!replaced) {
      copy.put(name, value);
    }
    return new PartMeta(contentId, contentLocation, copy);
  }

  static String normaliseContentId(String id) {
    Objects.requireNonNull(id, "contentId");
    String s = id.trim();
    if (s.startsWith("<") && s.endsWith(">") && s.length() >= 2) {
      s = s.substring(1, s.length() - 1).trim();
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty Content-ID");
    }
    checkValue(s, "Content-ID");
    if (s.indexOf('<') >= 0 || s.indexOf('>') >= 0) {
      throw new IllegalArgumentException("angle bracket inside Content-ID: " + id);
    }
    return s;
  }

  /** A fresh Content-ID: {@code prefix-<uuid>@openmm7}. */
  static String newContentId(String prefix) {
    return prefix + "-" + UUID.randomUUID() + "@openmm7";
  }

  private static void checkValue(String value, String what) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("line break or NUL in " + what);
      }
    }
  }
}
