package org.openmm7.client.internal.soap;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed XML element: just enough of a tree for the lenient MM7 reader. The SOAP part is
 * bounded in size, so holding it as a tree is cheap, and a tree makes out-of-order and
 * wrongly-qualified children easy to read.
 */
final class XmlNode {
  /** An attribute: namespace ("" for none), local name, value. */
  record Attr(String namespace, String localName, String value) {}

  final String namespace; // "" when in no namespace
  final String localName;
  final String prefix;
  // empty and immutable until the reader adds to them (most elements have no attributes, no
  // declarations, no children: three lists per element were a fifth of a decode's allocation)
  List<Attr> attributes = List.of();
  List<XmlNode> children = List.of();
  /** In-scope namespace declarations made on this element (prefix -> uri), for QName values. */
  List<String[]> namespaceDeclarations = List.of();
  XmlNode parent;
  /** The element's character content as the parser gave it: nearly always one piece (coalescing). */
  private String text;
  /** The content when it came in more than one piece (around a comment, say), else null. */
  private StringBuilder pieces;

  XmlNode(String namespace, String localName, String prefix) {
    this.namespace = namespace == null ? "" : namespace;
    this.localName = localName;
    this.prefix = prefix == null ? "" : prefix;
  }

  void addAttribute(Attr a) {
    if (attributes.isEmpty()) {
      attributes = new ArrayList<>(2);
    }
    attributes.add(a);
  }

  void addChild(XmlNode child) {
    if (children.isEmpty()) {
      children = new ArrayList<>(4);
    }
    children.add(child);
  }

  void addNamespaceDeclaration(String prefix, String uri) {
    if (namespaceDeclarations.isEmpty()) {
      namespaceDeclarations = new ArrayList<>(1);
    }
    namespaceDeclarations.add(new String[] {prefix, uri});
  }

  void appendText(String s) {
    if (pieces != null) {
      pieces.append(s);
    } else if (text == null) {
      text = s; // kept as it is: no builder, no copy for the usual single piece
    } else {
      pieces = new StringBuilder(text.length() + s.length()).append(text).append(s);
      text = null;
    }
  }

  int textLength() {
    return pieces != null ? pieces.length() : text == null ? 0 : text.length();
  }

  /** The character content of this element itself (not of its children), untrimmed. */
  String rawText() {
    if (pieces != null) {
      text = pieces.toString();
      pieces = null;
    }
    return text == null ? "" : text;
  }

  String text() {
    return rawText().trim();
  }

  boolean hasNonWhitespaceText() {
    String t = rawText();
    // as String.isBlank (asked of most elements of every message)
    for (int i = 0, n = t.length(); i < n; i++) {
      if (!Character.isWhitespace(t.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  boolean hasText() {
    return textLength() > 0;
  }

  /** The first child with this local name, in any namespace, or null. */
  XmlNode child(String localName) {
    for (XmlNode c : children) {
      if (c.localName.equals(localName)) {
        return c;
      }
    }
    return null;
  }

  List<XmlNode> children(String localName) {
    List<XmlNode> out = new ArrayList<>(2);
    for (XmlNode c : children) {
      if (c.localName.equals(localName)) {
        out.add(c);
      }
    }
    return out;
  }

  /** An attribute by local name, preferring the unqualified one; null if absent. */
  Attr attribute(String localName) {
    Attr qualified = null;
    for (Attr a : attributes) {
      if (a.localName.equals(localName)) {
        if (a.namespace.isEmpty()) {
          return a;
        }
        qualified = a;
      }
    }
    return qualified;
  }

  /** Resolves a namespace prefix in scope at this element ("" for the default namespace). */
  String resolvePrefix(String prefix) {
    for (XmlNode n = this; n != null; n = n.parent) {
      for (String[] d : n.namespaceDeclarations) {
        if (d[0].equals(prefix)) {
          return d[1];
        }
      }
    }
    return null;
  }

  String qualifiedName() {
    return prefix.isEmpty() ? localName : prefix + ":" + localName;
  }

  @Override
  public String toString() {
    return "{" + namespace + "}" + localName;
  }
}
