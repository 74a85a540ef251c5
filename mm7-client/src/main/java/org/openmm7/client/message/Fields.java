package org.openmm7.client.message;

import java.util.Collection;
import java.util.List;

/** What the builder-built messages share: required-field checks, list copies, and their text form. */
final class Fields {
  private Fields() {}

  /** Throws when a required field of a message being built is not set. */
  static void require(Object value, String type, String field) {
    if (value == null) {
      throw new IllegalStateException(type + "." + field + " is required but was not set");
    }
  }

  /** An unmodifiable copy; a null element is refused with the field's name. */
  static <T> List<T> copy(List<T> values, String type, String field) {
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new IllegalStateException(type + "." + field + " holds null at index " + i);
      }
    }
    return List.copyOf(values);
  }

  /**
   * {@code Type[name=value, ...]} over the fields that are set: an absent field (null or an empty
   * list) is left out, so a message logs what it carries.
   */
  static String toString(String type, Object... namesAndValues) {
    StringBuilder sb = new StringBuilder(type).append('[');
    boolean first = true;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      Object value = namesAndValues[i + 1];
      if (value == null || value instanceof Collection<?> c && c.isEmpty()) {
        continue;
      }
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(namesAndValues[i]).append('=').append(value);
    }
    return sb.append(']').toString();
  }
}
