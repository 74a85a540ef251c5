package org.openmm7.client.internal.soap;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import org.openmm7.schema.Mm7Release;

/**
 * What the encoder needs of one release's schema, compiled once per release and element path
 * instead of asked per element written: a tree of {@link Node}s, one per element path reached,
 * with the children's schema order as ranks, the attribute names, the enumerated values and the
 * element's tags as bytes. The answers are the release's ({@link Mm7Release#childElements},
 * {@link Mm7Release#has}); only the lookups by concatenated path strings are gone. Nodes are made
 * on first use and never change after; thread-safe.
 */
final class EncodeSchema {
  private static final EncodeSchema[] BY_RELEASE = new EncodeSchema[Mm7Release.values().length];

  private final Mm7Release release;
  private final byte[] envelopeStart;
  private final Map<String, Node> operations = new ConcurrentHashMap<>();

  private EncodeSchema(Mm7Release release) {
    this.release = release;
    StringBuilder start = new StringBuilder(256);
    start.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .append("<env:Envelope xmlns:env=\"").append(SoapEncoder.SOAP_ENV).append("\" xmlns:mm7=\"");
    // a namespace URI is ASCII without markup characters; escaped anyway, as any attribute value
    XmlBytes ns = new XmlBytes(128);
    try {
      ns.escaped(release.namespace(), true);
    } catch (org.openmm7.client.codec.Mm7EncodeException e) {
      throw new IllegalStateException(e);
    }
    start.append(new String(ns.toArray(), StandardCharsets.UTF_8))
        .append("\"><env:Header><mm7:TransactionID env:mustUnderstand=\"1\">");
    this.envelopeStart = start.toString().getBytes(StandardCharsets.UTF_8);
  }

  static EncodeSchema of(Mm7Release release) {
    EncodeSchema s = BY_RELEASE[release.ordinal()];
    if (s == null) {
      // a race makes two equal schemas, one of which is dropped: its fields are final, so either
      // is seen whole
      s = new EncodeSchema(release);
      BY_RELEASE[release.ordinal()] = s;
    }
    return s;
  }

  Mm7Release release() {
    return release;
  }

  /** The XML declaration, the Envelope's start tag and the Header up to the TransactionID's text. */
  byte[] envelopeStart() {
    return envelopeStart;
  }

  /** The node of a global element (an operation, or one the release lacks: then it allows nothing). */
  Node root(String elementName) {
    Node n = operations.get(elementName);
    if (n == null) {
      // putIfAbsent, not computeIfAbsent and a lambda: a rare race makes a node twice, one is kept
      Node made = new Node(release, elementName, elementName);
      n = operations.putIfAbsent(elementName, made);
      if (n == null) {
        n = made;
      }
    }
    return n;
  }

  /** One element path of the release. */
  static final class Node {
    /** Elements whose schema type is xs:positiveInteger in every release. */
    private static final Set<String> POSITIVE_INTEGERS = Set.of("StatusCode", "DC", "replyChargingSize", "sequence");

    private final Mm7Release release;
    final String path;
    final String name;
    /** {@code <mm7:name} and {@code </mm7:name>}. */
    final byte[] startTag;
    final byte[] endTag;
    /** Whether the element's text must be a positive integer. */
    final boolean positiveInteger;
    /** The enumerated values of the element's text, or null when its type has no enumeration. */
    final Set<String> enumeration;
    private final Set<String> attributes;
    private final Map<String, Integer> ranks;
    private final Node[] children; // made on first use

    private Node(Mm7Release release, String path, String name) {
      this.release = release;
      this.path = path;
      this.name = name;
      this.startTag = ("<mm7:" + name).getBytes(StandardCharsets.UTF_8);
      this.endTag = ("</mm7:" + name + ">").getBytes(StandardCharsets.UTF_8);
      this.positiveInteger = POSITIVE_INTEGERS.contains(name);
      SortedSet<String> paths = release.paths();
      Set<String> values = new HashSet<>();
      for (String p : paths.subSet(path + "#", path + "#\uffff")) {
        values.add(p.substring(path.length() + 1));
      }
      this.enumeration = values.isEmpty() ? null : Set.copyOf(values);
      Set<String> attrs = new HashSet<>();
      for (String p : paths.subSet(path + "@", path + "@\uffff")) {
        int hash = p.indexOf('#', path.length() + 1);
        attrs.add(p.substring(path.length() + 1, hash < 0 ? p.length() : hash));
      }
      this.attributes = Set.copyOf(attrs);
      List<String> order = release.childElements(path);
      Map<String, Integer> r = new HashMap<>();
      for (int i = 0; i < order.size(); i++) {
        r.putIfAbsent(order.get(i), i);
      }
      this.ranks = Map.copyOf(r);
      this.children = new Node[order.size()];
    }

    boolean hasAttribute(String attributeName) {
      return attributes.contains(attributeName);
    }

    /** The child's place in the schema order, or -1 when the element has no such child. */
    int rank(String childName) {
      Integer r = ranks.get(childName);
      return r == null ? -1 : r;
    }

    /** The node of the child of this rank. */
    Node child(int rank) {
      Node c = children[rank];
      if (c == null) {
        // a race makes two equal nodes; their fields are final, so either is seen whole
        String childName = release.childElements(path).get(rank);
        c = new Node(release, path + "/" + childName, childName);
        children[rank] = c;
      }
      return c;
    }
  }
}
