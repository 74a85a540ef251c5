package org.openmm7.client.internal.soap;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.openmm7.client.codec.Findings;
import org.openmm7.client.codec.Mm7DecodeException;

/**
 * Parses a SOAP part into an {@link XmlNode} tree, safely: no DTD (a DOCTYPE is refused outright,
 * so neither entity expansion nor external entities can happen), bounded depth and element
 * count. The input is already bounded in size by the MIME reader.
 */
final class XmlTreeReader {
  static final int MAX_DEPTH = 64;
  static final int MAX_ELEMENTS = 100_000;

  private static final Pattern PROLOG_ENCODING =
      Pattern.compile("^\\s*<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

  private static final XMLInputFactory FACTORY = newFactory();

  private static XMLInputFactory newFactory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
      throw new XMLStreamException("external resources are not read: " + systemId);
    });
    return f;
  }

  private XmlTreeReader() {}

  /**
   * Parses {@code xml}. {@code labelledCharset} is the charset of the part's Content-Type, or null.
   * A prolog that contradicts the label on bytes without a byte-order mark is a finding; the label
   * wins, because the bytes are what the sender's MIME layer encoded.
   */
  static XmlNode parse(byte[] xml, Charset labelledCharset, Findings findings) throws Mm7DecodeException {
    XMLStreamReader r = null;
    try {
      Charset effective = chooseCharset(xml, labelledCharset, findings);
      if (effective != null) {
        Reader reader = new InputStreamReader(new ByteArrayInputStream(xml), effective);
        r = FACTORY.createXMLStreamReader(reader);
      } else {
        r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
      }
      return build(r);
    } catch (XMLStreamException e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ");
      throw new Mm7DecodeException("not-well-formed", "the SOAP part is not well-formed XML: " + msg,
          excerpt(xml), e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing left to release
        }
      }
    }
  }

  private static Charset chooseCharset(byte[] xml, Charset label, Findings findings) {
    boolean bom = xml.length >= 2 && ((xml[0] == (byte) 0xFE && xml[1] == (byte) 0xFF)
        || (xml[0] == (byte) 0xFF && xml[1] == (byte) 0xFE)
        || (xml.length >= 3 && xml[0] == (byte) 0xEF && xml[1] == (byte) 0xBB && xml[2] == (byte) 0xBF));
    if (bom) {
      return null; // the byte-order mark decides; let the parser read it
    }
    String declared = declaredEncoding(xml);
    if (label == null) {
      if (declared != null && declared.toLowerCase(Locale.ROOT).startsWith("utf-16") && looksAsciiCompatible(xml)) {
        findings.add("xml-encoding-mismatch", "SOAP part XML prolog",
            "the prolog declares " + declared + " but the bytes are single-byte; read as UTF-8");
        return StandardCharsets.UTF_8;
      }
      return null;
    }
    if (declared != null && !sameCharset(declared, label)) {
      findings.add("xml-encoding-mismatch", "SOAP part XML prolog",
          "the prolog declares " + declared + " but the part is labelled charset=" + label.name()
              + "; read as " + label.name());
    }
    return label;
  }

  private static boolean looksAsciiCompatible(byte[] xml) {
    return xml.length >= 2 && xml[0] == '<' && xml[1] != 0;
  }

  private static boolean sameCharset(String declared, Charset label) {
    try {
      return Charset.forName(declared).equals(label);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String declaredEncoding(byte[] xml) {
    int n = Math.min(xml.length, 200);
    String head = new String(xml, 0, n, StandardCharsets.ISO_8859_1);
    Matcher m = PROLOG_ENCODING.matcher(head);
    return m.find() ? m.group(1) : null;
  }

  private static XmlNode build(XMLStreamReader r) throws XMLStreamException, Mm7DecodeException {
    XmlNode root = null;
    XmlNode current = null;
    int depth = 0;
    int elements = 0;
    while (r.hasNext()) {
      int event = r.next();
      switch (event) {
        case XMLStreamConstants.DTD -> throw new Mm7DecodeException("doctype-forbidden",
            "the SOAP part declares a DOCTYPE; MM7 messages must not (SOAP 1.1 forbids DTDs)");
        case XMLStreamConstants.ENTITY_REFERENCE -> throw new Mm7DecodeException("doctype-forbidden",
            "the SOAP part references the entity &" + r.getLocalName() + "; which no DTD may declare");
        case XMLStreamConstants.START_ELEMENT -> {
          if (++depth > MAX_DEPTH) {
            throw new Mm7DecodeException("nesting-too-deep", "the SOAP part nests elements deeper than " + MAX_DEPTH);
          }
          if (++elements > MAX_ELEMENTS) {
            throw new Mm7DecodeException("too-many-elements", "the SOAP part has more than " + MAX_ELEMENTS + " elements");
          }
          XmlNode node = new XmlNode(r.getNamespaceURI(), r.getLocalName(), r.getPrefix());
          for (int i = 0; i < r.getNamespaceCount(); i++) {
            String p = r.getNamespacePrefix(i);
            node.namespaceDeclarations.add(new String[] {p == null ? "" : p, r.getNamespaceURI(i)});
          }
          for (int i = 0; i < r.getAttributeCount(); i++) {
            String ns = r.getAttributeNamespace(i);
            node.attributes.add(new XmlNode.Attr(ns == null ? "" : ns, r.getAttributeLocalName(i), r.getAttributeValue(i)));
          }
          if (current == null) {
            if (root != null) {
              throw new Mm7DecodeException("not-well-formed", "more than one root element");
            }
            root = node;
          } else {
            node.parent = current;
            current.children.add(node);
          }
          current = node;
        }
        case XMLStreamConstants.END_ELEMENT -> {
          depth--;
          current = current.parent;
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (current != null) {
            current.appendText(r.getText());
          }
        }
        default -> {
          // comments, processing instructions, document start/end: nothing to keep
        }
      }
    }
    if (root == null) {
      throw new Mm7DecodeException("not-well-formed", "the SOAP part has no root element");
    }
    return root;
  }

  static String excerpt(byte[] xml) {
    int n = Math.min(xml.length, 512);
    return new String(xml, 0, n, StandardCharsets.UTF_8);
  }
}
