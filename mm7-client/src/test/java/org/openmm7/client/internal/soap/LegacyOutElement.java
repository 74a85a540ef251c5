package org.openmm7.client.internal.soap;

import java.util.ArrayList;
import java.util.List;

/** {@link LegacySoapEncoder}'s element (the old OutElement, unchanged): an element to write: built from the model in any order, then ordered by the release's schema. */
final class LegacyOutElement {
  final String name;
  final List<String[]> attributes = new ArrayList<>(2);
  final List<LegacyOutElement> children = new ArrayList<>(8);
  String text;

  LegacyOutElement(String name) {
    this.name = name;
  }

  LegacyOutElement(String name, String text) {
    this.name = name;
    this.text = text;
  }

  /** Adds a child element with text, when the value is present. */
  LegacyOutElement add(String childName, Object value) {
    if (value != null) {
      children.add(new LegacyOutElement(childName, String.valueOf(value)));
    }
    return this;
  }

  LegacyOutElement add(LegacyOutElement child) {
    if (child != null) {
      children.add(child);
    }
    return this;
  }

  LegacyOutElement attribute(String attrName, Object value) {
    if (value != null) {
      attributes.add(new String[] {attrName, String.valueOf(value)});
    }
    return this;
  }
}
