package org.openmm7.client.codec;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.JAXBIntrospector;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.openmm7.client.content.MimePart;
import org.openmm7.schema.Mm7Release;
import org.openmm7.schema.Mm7Schemas;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The SOAP body of an MM7 message as the JAXB object of its release, and back: for code that
 * already speaks JAXB, and for the rare element the neutral model ({@link DecodedMessage#message()})
 * does not carry. The objects are those generated from the release's XSD in
 * {@code org.openmm7.schema.jaxb.rel<release>_<major>_<minor>} (and {@code ...jaxb.soap} for a
 * Fault): a {@code jakarta.xml.bind.JAXBElement} whose name is the body element ({@code SubmitReq},
 * {@code CancelRsp}, {@code Fault}, ...) and whose value is the generated type.
 *
 * <p>Optional: only code that uses this class needs {@code org.glassfish.jaxb:jaxb-runtime} on its
 * classpath (the library declares it optional); nothing else in the library touches JAXB. It costs
 * several times the neutral decoder per message (src/docs/jaxb-view.md). Immutable and
 * thread-safe; the JAXB contexts are built once per release and shared.
 */
public final class JaxbView {
  private static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
  private static final Map<Mm7Release, JAXBContext> CONTEXTS = new ConcurrentHashMap<>();
  private static final Mm7Codec STRICT = Mm7Codec.builder().strict(true).build();

  private final boolean validating;

  private JaxbView(boolean validating) {
    this.validating = validating;
  }

  /** Reads bodies without schema validation: what JAXB does not know is skipped. */
  public static JaxbView create() {
    return new JaxbView(false);
  }

  /** Reads bodies validating them against the release's schema: any violation is a refusal. */
  public static JaxbView validating() {
    return new JaxbView(true);
  }

  /**
   * The SOAP body's element as the JAXB object of the message's release: a
   * {@code JAXBElement<SubmitReqType>} of that release for a SubmitReq, a
   * {@code JAXBElement<FaultType>} for a Fault. Elements in the namespace the message was written
   * in are read as the release's (the decoder may have taken a foreign namespace for a release).
   *
   * @throws Mm7DecodeException ({@code not-well-formed}) if the SOAP part cannot be read as the
   *     release's JAXB classes, or, when validating, is not valid against the release's schema
   */
  public Object body(DecodedMessage message) throws Mm7DecodeException {
    Mm7Release release = message.envelope().release();
    Element entry = bodyEntry(message.soapPart(), message.soapPartCharset());
    // what the decoder read as the release's (a foreign namespace, elements in none) JAXB reads so too
    String written = message.namespace() == null ? "" : message.namespace();
    toNamespace(entry, java.util.Set.of(written, ""), release.namespace());
    List<ValidationEvent> events = new ArrayList<>();
    try {
      Unmarshaller u = context(release).createUnmarshaller();
      if (validating) {
        u.setSchema(Mm7Schemas.schema(release));
      }
      u.setEventHandler(e -> {
        events.add(e);
        return true;
      });
      Object body = u.unmarshal(entry);
      if (validating && !events.isEmpty()) {
        throw new Mm7DecodeException(DecodeProblem.NOT_WELL_FORMED, "the SOAP body is not valid against "
            + release.releaseName() + ": " + describe(events));
      }
      return body;
    } catch (JAXBException e) {
      throw new Mm7DecodeException(DecodeProblem.NOT_WELL_FORMED, "JAXB cannot read the SOAP body as "
          + release.releaseName() + ": " + e, null, e);
    }
  }

  /**
   * The value of the SOAP body's element, e.g. the {@code SubmitReqType} of the message's release.
   *
   * @throws IllegalArgumentException if the body is not of that type (another operation or release)
   */
  public <T> T body(DecodedMessage message, Class<T> type) throws Mm7DecodeException {
    Object value = JAXBIntrospector.getValue(body(message));
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException("the body is a " + value.getClass().getName() + ", not a " + type.getName());
    }
    return type.cast(value);
  }

  /**
   * Encodes a JAXB body through the codec's own MIME/SwA writer: the body is marshalled validating
   * it against the release's schema, wrapped in a SOAP envelope with the TransactionID header, with
   * the content (if any) as the attachment its Content element names, then decoded back strictly;
   * a schema violation, a refusal or a violation finding of that decoder is an
   * {@link Mm7EncodeException} naming them. Content without a Content-ID takes the one the
   * Content element's {@code href} names. The content is read once for that check, so its source
   * must be reopenable to be sent after.
   *
   * @param body    a {@code JAXBElement} from the release's (or the SOAP) {@code ObjectFactory},
   *                e.g. {@code createSubmitReq(req)}
   * @param content the content the body's Content element refers to, or null
   */
  public EncodedMessage encode(Mm7Release release, String transactionId, Object body, MimePart content)
      throws Mm7EncodeException {
    if (body == null || !context(release).createJAXBIntrospector().isElement(body)) {
      throw new IllegalArgumentException("the body must be a JAXB element, e.g. ObjectFactory.createSubmitReq(..)");
    }
    Document doc = newDocument();
    doc.setXmlStandalone(true); // no standalone="no" in the declaration
    Element envelope = doc.createElementNS(SOAP_ENV, "env:Envelope");
    envelope.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:mm7", release.namespace());
    doc.appendChild(envelope);
    Element header = (Element) envelope.appendChild(doc.createElementNS(SOAP_ENV, "env:Header"));
    Element id = (Element) header.appendChild(doc.createElementNS(release.namespace(), "mm7:TransactionID"));
    id.setAttributeNS(SOAP_ENV, "env:mustUnderstand", "1");
    id.setTextContent(transactionId);
    Element bodyElement = (Element) envelope.appendChild(doc.createElementNS(SOAP_ENV, "env:Body"));
    List<ValidationEvent> events = new ArrayList<>();
    try {
      Marshaller m = context(release).createMarshaller();
      m.setSchema(Mm7Schemas.schema(release));
      m.setEventHandler(e -> {
        events.add(e);
        return true;
      });
      m.marshal(body, bodyElement);
    } catch (JAXBException e) {
      throw new Mm7EncodeException("JAXB cannot write the body in " + release.releaseName() + ": " + e);
    }
    if (!events.isEmpty()) {
      throw new Mm7EncodeException("the body is not valid against " + release.releaseName() + ": " + describe(events));
    }
    if (content != null && content.contentId().isEmpty()) {
      String href = contentHref(bodyElement);
      if (href != null && href.startsWith("cid:")) {
        content = content.withContentId(href.substring(4));
      }
    }
    EncodedMessage encoded = Mm7Codec.withParts(serialize(doc), content);
    check(encoded, release);
    return encoded;
  }

  /** Decodes what was written as a strict peer would: any refusal or violation is the sender's fault. */
  private static void check(EncodedMessage encoded, Mm7Release release) throws Mm7EncodeException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      encoded.writeTo(out);
    } catch (IOException e) {
      throw new Mm7EncodeException("cannot read the content: " + e.getMessage());
    }
    try (DecodedMessage d = STRICT.decode(encoded.contentType(), out.toByteArray())) {
      List<Finding> violations = d.findings().stream().filter(Finding::isViolation).toList();
      if (!violations.isEmpty()) {
        throw new Mm7EncodeException("a strict peer would refuse the message: " + violations);
      }
      if (d.envelope().release() != release) {
        throw new Mm7EncodeException("the message reads as " + d.envelope().release().releaseName() + ", not "
            + release.releaseName());
      }
    } catch (Mm7DecodeException e) {
      throw new Mm7EncodeException("a strict peer would refuse the message (" + e.reason() + "): " + e.getMessage());
    } catch (IOException e) {
      throw new Mm7EncodeException("the written message cannot be read back: " + e.getMessage());
    }
  }

  private static JAXBContext context(Mm7Release release) {
    return CONTEXTS.computeIfAbsent(release, r -> {
      try {
        // by package name: this class stays free of the generated types (ArchitectureTest)
        return JAXBContext.newInstance("org.openmm7.schema.jaxb.soap:" + packageOf(r), Mm7Schemas.class.getClassLoader());
      } catch (JAXBException e) {
        throw new IllegalStateException("no JAXB runtime or classes for " + r.releaseName()
            + " (is org.glassfish.jaxb:jaxb-runtime on the classpath?)", e);
      }
    });
  }

  /** The package of a release's generated classes, e.g. {@code org.openmm7.schema.jaxb.rel6_1_4}. */
  private static String packageOf(Mm7Release r) {
    String[] p = r.releaseName().split("-"); // REL, 6, MM7, 1, 4
    return "org.openmm7.schema.jaxb.rel" + p[1] + "_" + p[3] + "_" + p[4];
  }

  /**
   * Parses the SOAP part as the decoder read it: the charset label wins over the XML declaration
   * (RFC 7303), and blanks before the declaration (a deviation the decoder tolerates) are skipped.
   */
  private static Element bodyEntry(byte[] soap, Charset charset) throws Mm7DecodeException {
    Document doc;
    try {
      InputSource source;
      if (charset != null) {
        String text = new String(soap, charset);
        int from = 0;
        while (from < text.length() && (Character.isWhitespace(text.charAt(from)) || text.charAt(from) == '\uFEFF')) {
          from++;
        }
        source = new InputSource(new StringReader(text.substring(from)));
      } else {
        int from = 0;
        while (from < soap.length && (soap[from] == ' ' || soap[from] == '\t' || soap[from] == '\r' || soap[from] == '\n')) {
          from++;
        }
        source = new InputSource(new ByteArrayInputStream(soap, from, soap.length - from));
      }
      doc = builder().parse(source);
    } catch (SAXException | IOException e) {
      throw new Mm7DecodeException(DecodeProblem.NOT_WELL_FORMED, "the SOAP part cannot be parsed: " + e.getMessage(),
          null, e);
    }
    Element body = child(doc.getDocumentElement(), "Body");
    Element entry = body == null ? null : firstElement(body);
    if (entry == null) {
      throw new Mm7DecodeException(DecodeProblem.NOT_WELL_FORMED, "the SOAP envelope has no body entry");
    }
    return entry;
  }

  private static Element child(Element parent, String localName) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && SOAP_ENV.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }

  private static Element firstElement(Element parent) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        return e;
      }
    }
    return null;
  }

  /**
   * Moves the elements of some namespaces (the empty string: none) into another, in place; the
   * children of a SOAP Fault stay unqualified, as SOAP 1.1 has them.
   */
  private static void toNamespace(Element e, java.util.Set<String> from, String to) {
    String ns = e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
    Element current = e;
    boolean faultChild = e.getParentNode() instanceof Element p && SOAP_ENV.equals(p.getNamespaceURI())
        && "Fault".equals(p.getLocalName());
    if (from.contains(ns) && !ns.equals(to) && !faultChild) {
      current = (Element) e.getOwnerDocument().renameNode(e, to, e.getLocalName());
    }
    for (Node n = current.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        toNamespace(c, from, to);
      }
    }
  }

  /** The href of the operation's Content element, if it has one. */
  private static String contentHref(Element body) {
    Element op = firstElement(body);
    if (op == null) {
      return null;
    }
    for (Node n = op.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && "Content".equals(e.getLocalName())) {
        return e.getAttribute("href").strip();
      }
    }
    return null;
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      // the decoder refused DTDs already; never resolve anything external here either
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setExpandEntityReferences(false);
      return f.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Document newDocument() {
    return builder().newDocument();
  }

  private static byte[] serialize(Document doc) throws Mm7EncodeException {
    try {
      Transformer t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      t.setOutputProperty(OutputKeys.INDENT, "no");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      t.transform(new DOMSource(doc), new StreamResult(out));
      return out.toByteArray();
    } catch (TransformerException e) {
      throw new Mm7EncodeException("cannot write the SOAP envelope: " + e.getMessage());
    }
  }

  private static String describe(List<ValidationEvent> events) {
    StringBuilder sb = new StringBuilder();
    for (ValidationEvent e : events) {
      sb.append(sb.length() == 0 ? "" : "; ").append(e.getMessage());
    }
    return sb.toString();
  }
}
