package org.openmm7.client.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementDecl;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import jakarta.xml.bind.annotation.XmlElements;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.datatype.XMLGregorianCalendar;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.schema.Mm7Release;

/**
 * Model vs schema: every element and attribute of every operation in every release's generated
 * JAXB classes is reachable in the neutral model (org.openmm7.client.message), that is, a model
 * message with every field filled writes it, or is listed in {@link #LEFT_OUT} with the reason.
 * A release that gains an element the model lacks fails here, naming it.
 */
class ModelCoverageTest {
  /** Paths (operation/child/...@attribute) the model leaves out on purpose, with the reason. */
  static final Map<String, String> LEFT_OUT = Map.of();

  @Test
  void everyElementAndAttributeOfEveryReleaseIsInTheModelOrListedAsLeftOut() throws Exception {
    Map<String, String> missing = new TreeMap<>();
    for (Mm7Release release : Mm7Release.values()) {
      Set<String> schema = new TreeSet<>();
      Set<String> model = new TreeSet<>();
      for (Mm7Operation op : EncoderVsJaxbTest.operations(release)) {
        if (op == Mm7Operation.FAULT) {
          continue;
        }
        schema.add(op.elementName());
        walk(release, elementType(release, op.elementName()), op.elementName(), schema);
        for (int variant = 0; variant < 3; variant++) {
          Mm7Envelope e = Mm7Envelope.of("tx", release, ModelGen.full(new Random(variant), release, op, variant));
          for (String line : ModelProjection.of(e, "cid:x")) {
            String p = line.replaceFirst("(?s)=.*", "").replaceAll("\\[\\d+\\]", "").replaceFirst("^Fault/detail/", "");
            model.add(p);
            // and every element it is in
            for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
              model.add(p.substring(0, i));
            }
            if (p.contains("@")) {
              model.add(p.substring(0, p.indexOf('@')));
            }
          }
        }
      }
      // a walk that found nothing would prove nothing: SubmitReq alone has over 40 paths
      org.junit.jupiter.api.Assertions.assertTrue(schema.size() > 100, release.releaseName() + ": " + schema.size() + " paths");
      model.removeIf(p -> p.startsWith("TransactionID") || p.equals("Fault") || p.startsWith("Fault/"));
      for (String p : schema) {
        if (!model.contains(p) && !LEFT_OUT.containsKey(p)) {
          missing.merge(p, release.releaseName(), (a, b) -> a + " " + b);
        }
      }
      Set<String> unknown = new TreeSet<>(model);
      unknown.removeAll(schema);
      assertEquals(Set.of(), unknown, release.releaseName() + ": the model writes what the schema does not have");
    }
    assertEquals(Map.of(), missing, "elements and attributes the model cannot hold (and releases that have them)");
  }

  private static Class<?> elementType(Mm7Release release, String element) {
    Object factory = Jaxb.objectFactory(release);
    String name = "create" + Character.toUpperCase(element.charAt(0)) + element.substring(1);
    for (Method m : factory.getClass().getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == 1) {
        return m.getParameterTypes()[0];
      }
    }
    throw new IllegalArgumentException(element);
  }

  /** Every element and attribute path under an element of a generated class. */
  static void walk(Mm7Release release, Class<?> type, String path, Set<String> out) {
    if (!type.getName().startsWith("org.openmm7.schema.jaxb.") || type.isEnum()) {
      return;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        XmlAttribute a = f.getAnnotation(XmlAttribute.class);
        if (a != null) {
          out.add(path + "@" + (a.name().equals("##default") ? f.getName() : a.name()));
          continue;
        }
        XmlElement e = f.getAnnotation(XmlElement.class);
        XmlElements choice = f.getAnnotation(XmlElements.class);
        XmlElementRefs refs = f.getAnnotation(XmlElementRefs.class);
        if (choice != null) {
          for (XmlElement b : choice.value()) {
            walkChild(release, b.type(), path + "/" + b.name(), out);
          }
        } else if (refs != null) {
          for (XmlElementRef ref : refs.value()) {
            walkChild(release, declaredType(release, c, ref.name()), path + "/" + ref.name(), out);
          }
        } else if (e != null) {
          Class<?> t = f.getType();
          if (List.class.isAssignableFrom(t)) {
            t = (Class<?>) ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0];
          }
          walkChild(release, t, path + "/" + (e.name().equals("##default") ? f.getName() : e.name()), out);
        }
      }
    }
  }

  private static void walkChild(Mm7Release release, Class<?> type, String path, Set<String> out) {
    out.add(path);
    if (type != String.class && type != XMLGregorianCalendar.class) {
      walk(release, type, path, out);
    }
  }

  private static Class<?> declaredType(Mm7Release release, Class<?> scope, String name) {
    for (Method m : Jaxb.objectFactory(release).getClass().getMethods()) {
      XmlElementDecl d = m.getAnnotation(XmlElementDecl.class);
      if (d != null && d.name().equals(name) && d.scope() == scope) {
        return m.getParameterTypes()[0];
      }
    }
    throw new IllegalArgumentException(name + " in " + scope);
  }
}
