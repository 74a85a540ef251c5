package org.openmm7.client.oracle;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.transform.stream.StreamSource;
import org.openmm7.schema.Mm7Release;
import org.openmm7.schema.Mm7Schemas;
import org.openmm7.schema.jaxb.soap.BodyType;
import org.openmm7.schema.jaxb.soap.EnvelopeType;
import org.openmm7.schema.jaxb.soap.HeaderType;

/** JAXB over the generated classes of each release, with schema validation on both ways. */
final class Jaxb {
  private static final Map<Mm7Release, JAXBContext> CONTEXTS = new ConcurrentHashMap<>();

  private Jaxb() {}

  /** The package of a release's generated classes, e.g. {@code org.openmm7.schema.jaxb.rel6_1_4}. */
  static String packageOf(Mm7Release r) {
    String[] p = r.releaseName().split("-"); // REL, 6, MM7, 1, 4
    return "org.openmm7.schema.jaxb.rel" + p[1] + "_" + p[3] + "_" + p[4];
  }

  static JAXBContext context(Mm7Release r) {
    return CONTEXTS.computeIfAbsent(r, k -> {
      try {
        return JAXBContext.newInstance("org.openmm7.schema.jaxb.soap:" + packageOf(k), Jaxb.class.getClassLoader());
      } catch (JAXBException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** The factory of a release's generated classes. */
  static Object objectFactory(Mm7Release r) {
    try {
      return Class.forName(packageOf(r) + ".ObjectFactory").getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A SOAP envelope read by JAXB, validated against the release's schema; any validation event fails. */
  static EnvelopeType unmarshalEnvelope(Mm7Release r, byte[] xml) throws JAXBException {
    Unmarshaller u = context(r).createUnmarshaller();
    u.setSchema(Mm7Schemas.schema(r));
    List<ValidationEvent> events = new ArrayList<>();
    u.setEventHandler(e -> {
      events.add(e);
      return true;
    });
    JAXBElement<EnvelopeType> e = u.unmarshal(new StreamSource(new ByteArrayInputStream(xml)), EnvelopeType.class);
    if (!events.isEmpty()) {
      throw new AssertionError("not valid against " + r.releaseName() + ": " + describe(events));
    }
    return e.getValue();
  }

  /** Marshals an envelope (header entry, body entry) validating it against the release's schema. */
  static byte[] marshalEnvelope(Mm7Release r, Object headerEntry, Object bodyEntry, boolean formatted)
      throws JAXBException {
    EnvelopeType env = new EnvelopeType();
    HeaderType header = new HeaderType();
    header.getAny().add(headerEntry);
    env.setHeader(header);
    BodyType body = new BodyType();
    body.getAny().add(bodyEntry);
    env.setBody(body);
    Marshaller m = context(r).createMarshaller();
    m.setSchema(Mm7Schemas.schema(r));
    List<ValidationEvent> events = new ArrayList<>();
    m.setEventHandler(e -> {
      events.add(e);
      return true;
    });
    m.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, formatted);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.marshal(new org.openmm7.schema.jaxb.soap.ObjectFactory().createEnvelope(env), out);
    if (!events.isEmpty()) {
      throw new AssertionError("the generated instance is not valid against " + r.releaseName() + ": "
          + describe(events));
    }
    return out.toByteArray();
  }

  private static String describe(List<ValidationEvent> events) {
    StringBuilder sb = new StringBuilder();
    for (ValidationEvent e : events) {
      sb.append("\n  ").append(e.getMessage());
      if (e.getLocator() != null) {
        sb.append(" (line ").append(e.getLocator().getLineNumber()).append(", column ")
            .append(e.getLocator().getColumnNumber()).append(')');
      }
    }
    return sb.toString();
  }
}
