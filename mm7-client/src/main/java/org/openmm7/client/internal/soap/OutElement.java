package org.openmm7.client.internal.soap;

import java.util.ArrayList;
import java.util.List;

/** An element to write: built from the model in any order, then ordered by the release's schema. */
final class OutElement {
  final String name;
  final List<String[]> attributes = new ArrayList<>(2);
  final List<OutElement> children = new ArrayList<>(8);
  String text;
  /** Set when ordered: the element's node of the compiled schema, and its place among its siblings. */
  EncodeSchema.Node node;
  int rank;

  OutElement(String name) {
    this.name = name;
  }

  OutElement(String name, String text) {
    this.name = name;
    this.text = text;
  }

  /** Adds a child element with text, when the value is present. */
  OutElement add(String childName, Object value) {
    if (value != null) {
      children.add(new OutElement(childName, String.valueOf(value)));
    }
    return this;
  }

  OutElement add(OutElement child) {
    if (child != null) {
      children.add(child);
    }
    return this;
  }

  OutElement attribute(String attrName, Object value) {
    if (value != null) {
      attributes.add(new String[] {attrName, String.valueOf(value)});
    }
    return this;
  }
}
