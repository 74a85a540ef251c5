package org.openmm7.client.internal.soap;

import java.util.ArrayList;
import java.util.List;

/** An element to write: built from the model in any order, then ordered by the release's schema. */
final class OutElement {
  final String name;
  // made on the first add: most elements are leaves without attributes
  List<String[]> attributes = List.of();
  List<OutElement> children = List.of();
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
      add(new OutElement(childName, String.valueOf(value)));
    }
    return this;
  }

  OutElement add(OutElement child) {
    if (child != null) {
      if (children.isEmpty()) {
        children = new ArrayList<>(8);
      }
      children.add(child);
    }
    return this;
  }

  OutElement attribute(String attrName, Object value) {
    if (value != null) {
      if (attributes.isEmpty()) {
        attributes = new ArrayList<>(3);
      }
      attributes.add(new String[] {attrName, String.valueOf(value)});
    }
    return this;
  }
}
