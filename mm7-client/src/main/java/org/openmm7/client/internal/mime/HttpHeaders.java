package org.openmm7.client.internal.mime;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Header fields in the order received, with case-insensitive lookup; a name may occur more than
 * once. Used for HTTP heads and MIME part headers alike. Immutable.
 */
public final class HttpHeaders {
  private final List<Map.Entry<String, String>> entries;

  private HttpHeaders(List<Map.Entry<String, String>> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Headers from (name, value) pairs in order. */
  public static HttpHeaders of(List<Map.Entry<String, String>> entries) {
    List<Map.Entry<String, String>> copy = new ArrayList<>();
    for (Map.Entry<String, String> e : entries) {
      copy.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
    }
    return new HttpHeaders(copy);
  }

  /** Headers from pairs the caller made immutable and hands over (no copy of each pair). */
  static HttpHeaders wrap(List<Map.Entry<String, String>> immutableEntries) {
    return new HttpHeaders(immutableEntries);
  }

  /** No headers. */
  public static HttpHeaders empty() {
    return new HttpHeaders(List.of());
  }

  /** The first value of the header, case-insensitive name. */
  public Optional<String> first(String name) {
    for (Map.Entry<String, String> e : entries) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /** All values of the header, in order. */
  public List<String> all(String name) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : entries) {
      if (e.getKey().equalsIgnoreCase(name)) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  /** Whether the header is present. */
  public boolean contains(String name) {
    return first(name).isPresent();
  }

  /** The distinct names as first written, in order. */
  public Set<String> names() {
    Set<String> seen = new LinkedHashSet<>();
    Set<String> lower = new HashSet<>();
    for (Map.Entry<String, String> e : entries) {
      if (lower.add(e.getKey().toLowerCase(Locale.ROOT))) {
        seen.add(e.getKey());
      }
    }
    return seen;
  }

  /** Every field in order. */
  public List<Map.Entry<String, String>> entries() {
    return entries;
  }

  public int size() {
    return entries.size();
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
