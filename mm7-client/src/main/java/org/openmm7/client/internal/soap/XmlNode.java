package org.openmm7.client.internal.soap;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed XML element: just enough of a tree for the lenient MM7 reader. The SOAP part is
 * bounded in size, so holding it as a tree is cheap, and a tree makes out-of-order and
 * wrongly-qualified children easy to read. The children are linked (first child, next sibling)
 * and the namespace declarations are one array: no list per element (a list of children per
 * element was a sixth of what the tree of a SubmitRsp allocated).
 */
final class XmlNode {
  /** An attribute: namespace ("" for none), local name, value. */
  record Attr(String namespace, String localName, String value) {}

  final String namespace; // "" when in no namespace
  final String localName;
  final String prefix;
  // empty and immutable until the reader adds to it (most elements have no attributes)
  List<Attr> attributes = List.of();
  /** The first child element, or null; the others follow through {@link #nextSibling}. */
  XmlNode firstChild;
  private XmlNode lastChild;
  /** The next element with the same parent, or null. */
  XmlNode nextSibling;
  int childCount;
  /** Namespace declarations made on this element, prefix then uri ("" for the default), for QName values. */
  private String[] namespaceDeclarations = NO_DECLARATIONS;
  private static final String[] NO_DECLARATIONS = {};
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
    child.parent = this;
    if (lastChild == null) {
      firstChild = child;
    } else {
      lastChild.nextSibling = child;
    }
    lastChild = child;
    childCount++;
  }

  boolean hasChildren() {
    return firstChild != null;
  }

  /** Sets the element's namespace declarations: {@code prefixesAndUris} holds prefix, uri, prefix, uri... */
  void setNamespaceDeclarations(String[] prefixesAndUris) {
    namespaceDeclarations = prefixesAndUris;
  }

  /** The namespace declarations made on this element, as prefix, uri pairs. */
  String[] namespaceDeclarations() {
    return namespaceDeclarations.clone();
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
    for (XmlNode c = firstChild; c != null; c = c.nextSibling) {
      if (c.localName.equals(localName)) {
        return c;
      }
    }
    return null;
  }

  List<XmlNode> children(String localName) {
    List<XmlNode> out = new ArrayList<>(2);
    for (XmlNode c = firstChild; c != null; c = c.nextSibling) {
      if (c.localName.equals(localName)) {
        out.add(c);
      }
    }
    return out;
  }

  /** An attribute by local name, preferring the unqualified one; null if absent. */
  Attr attribute(String localName) {
    Attr qualified = null;
    // by index: an iterator over the shared empty list (most elements) or an ArrayList was made per call
    for (int i = 0, n = attributes.size(); i < n; i++) {
      Attr a = attributes.get(i);
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
      String[] d = n.namespaceDeclarations;
      for (int i = 0; i < d.length; i += 2) {
        if (d[i].equals(prefix)) {
          return d[i + 1];
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
