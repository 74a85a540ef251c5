package org.openmm7.client.internal.soap;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openmm7.schema.ContentModel;
import org.openmm7.schema.Mm7Release;

/**
 * A release's content models as a tree of element names: checking a message's children steps
 * from an element's node to its child's by name, instead of building the child's path string
 * ("SubmitReq/Recipients/To") for every element of every message and looking its model up by that
 * string. Nodes are made at their first use, once per release and path, so the tree never holds
 * more than the release's schema has paths; thread-safe.
 */
final class SchemaPaths {
  private static final Map<Mm7Release, Map<String, Node>> ROOTS = new EnumMap<>(Mm7Release.class);

  static {
    for (Mm7Release r : Mm7Release.values()) {
      ROOTS.put(r, new ConcurrentHashMap<>());
    }
  }

  private SchemaPaths() {}

  /**
   * The node of a top-level element (an operation, or the error response of a fault). Only called
   * with the names of MM7 operations, so the roots kept are bounded by the operations there are.
   */
  static Node root(Mm7Release release, String elementName) {
    Map<String, Node> roots = ROOTS.get(release);
    Node n = roots.get(elementName);
    if (n == null) { // not computeIfAbsent: a lambda is a class spun on every JVM's first message
      roots.putIfAbsent(elementName, new Node(release, elementName));
      n = roots.get(elementName);
    }
    return n;
  }

  /** One path of a release's schema: its content model (null when it has none) and its children by name. */
  static final class Node {
    final String path;
    /** The release's content model for the path, or null (a simple type, or open content). */
    final ContentModel model;
    private final Mm7Release release;
    /** The nodes of the element names the model mentions, made at the first look; null before. */
    private volatile Map<String, Node> children;

    private Node(Mm7Release release, String path) {
      this.release = release;
      this.path = path;
      this.model = release.contentModel(path).orElse(null);
    }

    /** The node of a child element the model mentions, or null for a name it does not mention. */
    Node child(String name) {
      Map<String, Node> c = children;
      if (c == null) {
        Map<String, Node> made = new HashMap<>();
        if (model != null) {
          for (String n : model.elementNames()) {
            made.put(n, new Node(release, path + "/" + n));
          }
        }
        c = Map.copyOf(made);
        children = c; // two threads may both make it: the same nodes, either one serves
      }
      return c.get(name);
    }
  }
}
