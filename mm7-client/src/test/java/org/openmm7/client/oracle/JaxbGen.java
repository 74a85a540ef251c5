package org.openmm7.client.oracle;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementDecl;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import jakarta.xml.bind.annotation.XmlElements;
import jakarta.xml.bind.annotation.XmlValue;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.math.BigInteger;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.namespace.QName;
import org.openmm7.client.message.RelativeOrAbsoluteTime;
import org.openmm7.schema.Mm7Release;
import org.openmm7.schema.jaxb.soap.DetailType;
import org.openmm7.schema.jaxb.soap.FaultType;

/**
 * Random instances of a release's generated JAXB classes, filled by reflection over their
 * annotations: each optional element or attribute filled or left out (all filled and all empty
 * among the cases), every branch of a choice, repeated choices mixed in random order, boundary
 * numbers, non-ASCII text, relative and absolute times. Values stay within what the neutral
 * model can hold (an address is not blank, a status code fits an int), so that the decoder's
 * result can be compared field by field.
 */
final class JaxbGen {
  private static final DatatypeFactory DATATYPES = DatatypeFactory.newDefaultInstance();
  private static final Set<String> ADDRESS_CHOICE = Set.of("number", "rfc2822Address", "shortCode");
  static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";

  private final Random r;
  private final Mm7Release release;
  private final int fill;
  /** The Content-ID the Content element's href names, when the generated message has one. */
  String contentId;

  JaxbGen(Random r, Mm7Release release) {
    this.r = r;
    this.release = release;
    this.fill = switch (r.nextInt(4)) {
      case 0 -> 0;
      case 1 -> 100;
      default -> r.nextInt(101);
    };
  }

  /** The TransactionID header entry. */
  Object transactionId(String value) throws ReflectiveOperationException {
    Object factory = Jaxb.objectFactory(release);
    Object t = factory.getClass().getMethod("createTransactionIDType").invoke(factory);
    set(t, "value", value);
    set(t, "mustUnderstand", true);
    return factory.getClass().getMethod("createTransactionID", t.getClass()).invoke(factory, t);
  }

  /** The body entry of an operation: its element, or a Fault carrying RSErrorRsp / VASPErrorRsp (or nothing). */
  Object body(String operation) throws ReflectiveOperationException {
    if (operation.equals("Fault") || operation.equals("RSErrorRsp") || operation.equals("VASPErrorRsp")) {
      FaultType fault = new FaultType();
      fault.setFaultcode(new QName(SOAP_ENV, Gen.pick(r, "Client", "Server")));
      fault.setFaultstring(Gen.text(r));
      if (!operation.equals("Fault")) {
        DetailType detail = new DetailType();
        detail.getAny().add(element(operation));
        fault.setDetail(detail);
      }
      return new org.openmm7.schema.jaxb.soap.ObjectFactory().createFault(fault);
    }
    return element(operation);
  }

  private JAXBElement<?> element(String operation) throws ReflectiveOperationException {
    Object factory = Jaxb.objectFactory(release);
    String method = "create" + Character.toUpperCase(operation.charAt(0)) + operation.substring(1);
    for (Method m : factory.getClass().getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == 1) {
        Object value = fill(m.getParameterTypes()[0], operation);
        return (JAXBElement<?>) m.invoke(factory, value);
      }
    }
    throw new IllegalArgumentException("no element " + operation + " in " + release);
  }

  /** A JAXBElement of the element {@code name} declared in the scope of {@code scope}, with a filled value. */
  private JAXBElement<?> elementOf(Class<?> scope, String name) throws ReflectiveOperationException {
    Object factory = Jaxb.objectFactory(release);
    for (Method m : factory.getClass().getMethods()) {
      XmlElementDecl decl = m.getAnnotation(XmlElementDecl.class);
      if (decl != null && decl.name().equals(name) && decl.scope() == scope) {
        return (JAXBElement<?>) m.invoke(factory, fill(m.getParameterTypes()[0], name));
      }
    }
    throw new IllegalArgumentException("no element " + name + " in the scope of " + scope);
  }

  private Object fill(Class<?> type, String name) throws ReflectiveOperationException {
    Object o = type.getConstructor().newInstance();
    List<Field> fields = fields(type);
    boolean addressChoice = fields.stream().map(Field::getName).filter(ADDRESS_CHOICE::contains).count() == 3;
    if (addressChoice) {
      String chosen = Gen.pick(r, "number", "rfc2822Address", "shortCode");
      for (Field f : fields) {
        if (f.getName().equals(chosen)) {
          f.set(o, fill(f.getType(), f.getName()));
        }
      }
    }
    for (Field f : fields) {
      if (addressChoice && ADDRESS_CHOICE.contains(f.getName())) {
        continue;
      }
      fillField(o, f, name);
    }
    if (type.getSimpleName().equals("RecipientsType") && isEmpty(o, fields)) {
      // the model cannot tell an empty Recipients from none: keep at least one list
      for (Field f : fields) {
        if (f.getName().equals("to") || List.class.isAssignableFrom(f.getType())) {
          fillField(o, f, name, true);
          break;
        }
      }
    }
    return o;
  }

  private static boolean isEmpty(Object o, List<Field> fields) throws IllegalAccessException {
    for (Field f : fields) {
      Object v = f.get(o);
      if (v != null && !(v instanceof List<?> l && l.isEmpty())) {
        return false;
      }
    }
    return true;
  }

  private void fillField(Object o, Field f, String parent) throws ReflectiveOperationException {
    fillField(o, f, parent, false);
  }

  private void fillField(Object o, Field f, String parent, boolean force) throws ReflectiveOperationException {
    XmlElement e = f.getAnnotation(XmlElement.class);
    XmlElements choice = f.getAnnotation(XmlElements.class);
    XmlAttribute a = f.getAnnotation(XmlAttribute.class);
    boolean value = f.isAnnotationPresent(XmlValue.class);
    // a repeated choice (@XmlElements) has minOccurs 1 in every release schema; JAXB does not say so
    boolean required = force || value || choice != null || f.isAnnotationPresent(XmlElementRefs.class) || (e != null && e.required()) || (a != null && a.required());
    String name = e != null && !e.name().equals("##default") ? e.name()
        : a != null && !a.name().equals("##default") ? a.name() : f.getName();
    if (!required && !Gen.chance(r, fill)) {
      return;
    }
    if (List.class.isAssignableFrom(f.getType())) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) f.get(o);
      if (list == null) {
        list = new ArrayList<>();
        f.set(o, list);
      }
      int n = 1 + r.nextInt(4);
      XmlElementRefs refs = f.getAnnotation(XmlElementRefs.class);
      for (int i = 0; i < n; i++) {
        if (refs != null) {
          // a repeated choice of elements of one type (Recipients: To, Cc, Bcc): JAXBElements
          XmlElementRef branch = Gen.pick(r, refs.value());
          list.add(elementOf(f.getDeclaringClass(), branch.name()));
        } else if (choice != null) {
          XmlElement branch = Gen.pick(r, choice.value());
          list.add(fill(branch.type(), branch.name()));
        } else {
          Class<?> item = (Class<?>) ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0];
          Object v = value(item, name, i);
          if (!(v instanceof String) && hasField(v, "sequence")) {
            // the model keeps the order of UserAgent and DateTime, not their sequence numbers
            set(v, "sequence", BigInteger.valueOf(i + 1L));
          }
          list.add(v);
        }
      }
      return;
    }
    Object v = value(f.getType(), name, 0);
    if (required && v instanceof String text && text.isBlank()) {
      v = text + "x"; // a required identifier of blanks only is refused by the decoder (differences.md)
    }
    f.set(o, v);
  }

  /** A value of a simple or complex type; {@code index} is the position in a list (for sequence attributes). */
  private Object value(Class<?> type, String name, int index) throws ReflectiveOperationException {
    if (type == String.class) {
      return switch (name) {
        case "MM7Version" -> Gen.pick(r, release.defaultVersion(), "5.3.0", "6.8.0", "10.20.30");
        case "EarliestDeliveryTime", "ExpiryDate", "replyDeadline" -> timeText(Gen.time(r));
        case "href" -> {
          contentId = Gen.word(r) + "@" + Gen.word(r);
          yield "cid:" + contentId;
        }
        case "value", "Number", "RFC2822Address", "ShortCode" -> Gen.nonBlank(r);
        default -> Gen.text(r);
      };
    }
    if (type == Boolean.class || type == boolean.class) {
      return name.equals("mustUnderstand") || r.nextBoolean();
    }
    if (type == BigInteger.class) {
      if (name.equals("sequence")) {
        return BigInteger.valueOf(index + 1L);
      }
      return BigInteger.valueOf(name.equals("replyChargingSize") ? Gen.positiveLong(r) : Gen.positiveInt(r));
    }
    if (type == XMLGregorianCalendar.class) {
      java.time.OffsetDateTime t = Gen.dateTime(r);
      if (Gen.chance(r, 8)) {
        // the time zone of an xs:dateTime is optional (the decoder reads a local time as UTC)
        return DATATYPES.newXMLGregorianCalendar(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t));
      }
      if (Gen.chance(r, 15)) {
        // xs:dateTime has no limit on fraction digits: 10 to 12 of them, more than a nanosecond
        String lexical = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").format(t) + "."
            + String.format("%09d", t.getNano()) + (1 + r.nextInt(999)) + DateTimeFormatter.ofPattern("xxx").format(t);
        return DATATYPES.newXMLGregorianCalendar(lexical);
      }
      return DATATYPES.newXMLGregorianCalendar(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t));
    }
    if (type == Object.class) {
      return Gen.text(r); // xs:anyType (Details): text
    }
    if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      return constants[r.nextInt(constants.length)];
    }
    return fill(type, name);
  }

  private static String timeText(RelativeOrAbsoluteTime t) {
    return JaxbProjection.lexical(t);
  }

  private static List<Field> fields(Class<?> type) {
    List<Field> out = new ArrayList<>();
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      chain.add(0, c);
    }
    for (Class<?> c : chain) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          f.setAccessible(true);
          out.add(f);
        }
      }
    }
    return out;
  }

  private static boolean hasField(Object o, String field) {
    return o != null && o.getClass().getName().startsWith("org.openmm7.schema.jaxb.")
        && fields(o.getClass()).stream().anyMatch(f -> f.getName().equals(field));
  }

  private static void set(Object o, String field, Object value) throws ReflectiveOperationException {
    for (Field f : fields(o.getClass())) {
      if (f.getName().equals(field)) {
        f.set(o, value);
        return;
      }
    }
    throw new NoSuchFieldException(field);
  }
}
