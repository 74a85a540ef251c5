package org.openmm7.client.oracle;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import jakarta.xml.bind.annotation.XmlElements;
import jakarta.xml.bind.annotation.XmlEnumValue;
import jakarta.xml.bind.annotation.XmlValue;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.namespace.QName;
import org.openmm7.client.message.RelativeOrAbsoluteTime;
import org.w3c.dom.Element;

/**
 * Turns an object tree JAXB unmarshalled (of any release's generated classes) into sorted lines
 * {@code path=value}, the form {@link ModelProjection} gives a model message, so that the two
 * can be compared line by line. Driven by the JAXB annotations alone: element and attribute
 * names come from {@code @XmlElement}, {@code @XmlElements}, {@code @XmlAttribute}; an item of a
 * list is {@code name[i]} with i its position in the list (so the order of a repeated choice
 * counts). Values are canonical: times as ISO date-times with offset, durations as months and
 * seconds (P1D equals PT24H, as in XML Schema), booleans and numbers as XML Schema writes them.
 */
final class JaxbProjection {
  /** Elements and attributes of the union type relativeOrAbsoluteDateType (strings in JAXB). */
  private static final Set<String> RELATIVE_OR_ABSOLUTE = Set.of("EarliestDeliveryTime", "ExpiryDate", "replyDeadline");

  private static final DatatypeFactory DATATYPES = DatatypeFactory.newDefaultInstance();

  private final List<String> lines = new ArrayList<>();

  private JaxbProjection() {}

  /** The lines of one element: {@code root} is a JAXBElement or an instance of a generated class. */
  static List<String> of(String rootName, Object root) {
    JaxbProjection p = new JaxbProjection();
    p.element(rootName, root instanceof JAXBElement<?> e ? e.getValue() : root);
    return sorted(mergeRecipientLists(p.lines));
  }

  private static final java.util.regex.Pattern RECIPIENT_LIST = java.util.regex.Pattern.compile(
      "(.*/Recipients)/(To|Cc|Bcc)\\[(\\d+)\\]/(Number|RFC2822Address|ShortCode)\\[(\\d+)\\](.*)",
      java.util.regex.Pattern.DOTALL);

  /**
   * Recipients is a repeated choice (To, Cc, To, ...) where the schema has it so; the model holds
   * one list of each kind, in which the addresses of every To element follow each other (and so
   * for Cc and Bcc). Lines {@code Recipients/To[k]/Number[i]} become {@code Recipients/To/Number[j]},
   * j counting the addresses of all To elements in document order.
   */
  static List<String> mergeRecipientLists(List<String> lines) {
    java.util.Map<String, java.util.TreeMap<Long, Integer>> positions = new java.util.HashMap<>();
    for (String l : lines) {
      java.util.regex.Matcher m = RECIPIENT_LIST.matcher(l);
      if (m.matches()) {
        long key = Long.parseLong(m.group(3)) * 1_000_000 + Long.parseLong(m.group(5));
        positions.computeIfAbsent(m.group(1) + "/" + m.group(2), k -> new java.util.TreeMap<>()).put(key, 0);
      }
    }
    positions.values().forEach(map -> {
      int j = 0;
      for (java.util.Map.Entry<Long, Integer> en : map.entrySet()) {
        en.setValue(j++);
      }
    });
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      java.util.regex.Matcher m = RECIPIENT_LIST.matcher(l);
      if (m.matches()) {
        long key = Long.parseLong(m.group(3)) * 1_000_000 + Long.parseLong(m.group(5));
        int j = positions.get(m.group(1) + "/" + m.group(2)).get(key);
        out.add(m.group(1) + "/" + m.group(2) + "/" + m.group(4) + "[" + j + "]" + m.group(6));
      } else {
        out.add(l);
      }
    }
    return out;
  }

  /** Fails with the lines only one side has, when the two projections differ. */
  static void assertSameLines(List<String> expected, List<String> actual, String what) {
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(actual);
    List<String> extra = new ArrayList<>(actual);
    extra.removeAll(expected);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new AssertionError(what + "\n  expected, not found:\n    " + String.join("\n    ", show(missing))
          + "\n  found, not expected:\n    " + String.join("\n    ", show(extra)));
    }
  }

  private static List<String> show(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t"));
    }
    return out;
  }

  static List<String> sorted(List<String> lines) {
    return new ArrayList<>(new TreeSet<>(lines));
  }

  private void element(String path, Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof JAXBElement<?> e) {
      element(path, e.getValue());
      return;
    }
    if (isSimple(value)) {
      lines.add(path + "=" + canonical(path, value));
      return;
    }
    if (value instanceof Element dom) {
      lines.add(path + "=" + dom.getTextContent());
      return;
    }
    if (!value.getClass().getName().startsWith("org.openmm7.schema.jaxb.")) {
      throw new IllegalStateException("not a generated class at " + path + ": " + value.getClass());
    }
    int before = lines.size();
    for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        f.setAccessible(true);
        Object v;
        try {
          v = f.get(value);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        field(path, f, v);
      }
    }
    if (lines.size() == before) {
      lines.add(path); // an element with nothing in it
    }
  }

  private void field(String path, Field f, Object v) {
    if (v == null) {
      return;
    }
    XmlAttribute attr = f.getAnnotation(XmlAttribute.class);
    if (attr != null) {
      String name = attr.name().equals("##default") ? f.getName() : attr.name();
      if (name.equals("displayOnly") && Boolean.FALSE.equals(v)) {
        return; // displayOnly="false" says what its absence says (TS 23.140: shown only when true)
      }
      lines.add(path + "@" + name + "=" + canonical(name, v));
      return;
    }
    if (f.isAnnotationPresent(XmlValue.class)) {
      lines.add(path + "=" + canonical(path, v));
      return;
    }
    if (f.isAnnotationPresent(XmlAnyAttribute.class)) {
      ((Map<?, ?>) v).forEach((k, val) -> lines.add(path + "@" + k + "=" + val));
      return;
    }
    if (v instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        element(path + "/" + nameOf(f, item) + "[" + i++ + "]", item);
      }
      return;
    }
    element(path + "/" + nameOf(f, v), v);
  }

  /** The element name a field's value is written as. */
  private static String nameOf(Field f, Object item) {
    if (item instanceof JAXBElement<?> e) {
      return e.getName().getLocalPart();
    }
    if (item instanceof Element dom) {
      return dom.getLocalName();
    }
    XmlElements choice = f.getAnnotation(XmlElements.class);
    if (choice != null) {
      for (XmlElement e : choice.value()) {
        if (e.type().isInstance(item)) {
          return e.name();
        }
      }
      throw new IllegalStateException("no element of " + f + " for " + item.getClass());
    }
    XmlElement e = f.getAnnotation(XmlElement.class);
    if (e != null && !e.name().equals("##default")) {
      return e.name();
    }
    if (f.isAnnotationPresent(XmlAnyElement.class) || f.isAnnotationPresent(XmlElementRef.class)
        || f.isAnnotationPresent(XmlElementRefs.class)) {
      throw new IllegalStateException("cannot name an item " + item.getClass() + " of " + f);
    }
    return f.getName();
  }

  private static boolean isSimple(Object v) {
    return v instanceof String || v instanceof Boolean || v instanceof Number || v instanceof XMLGregorianCalendar
        || v instanceof javax.xml.datatype.Duration || v instanceof Enum<?> || v instanceof QName;
  }

  /** The canonical text of a value at a path (the path tells a relative-or-absolute time from a string). */
  static String canonical(String path, Object v) {
    String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('@')) + 1);
    int bracket = name.indexOf('[');
    if (bracket >= 0) {
      name = name.substring(0, bracket);
    }
    if (v instanceof String s && RELATIVE_OR_ABSOLUTE.contains(name)) {
      return relativeOrAbsolute(s);
    }
    if (v instanceof RelativeOrAbsoluteTime t) {
      if (t instanceof RelativeOrAbsoluteTime.Absolute a) {
        return dateTime(a.time());
      }
      RelativeOrAbsoluteTime.Relative r = (RelativeOrAbsoluteTime.Relative) t;
      return duration(r.period(), r.duration());
    }
    if (v instanceof OffsetDateTime t) {
      return dateTime(t);
    }
    if (v instanceof XMLGregorianCalendar c) {
      return dateTime(c);
    }
    if (v instanceof Enum<?> e) {
      try {
        XmlEnumValue ev = e.getDeclaringClass().getField(e.name()).getAnnotation(XmlEnumValue.class);
        return ev != null ? ev.value() : e.name();
      } catch (NoSuchFieldException x) {
        throw new IllegalStateException(x);
      }
    }
    if (v instanceof QName q) {
      return q.toString();
    }
    if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
      return new BigInteger(v.toString()).toString();
    }
    return String.valueOf(v);
  }

  /** The xs:dateTime or xs:duration text of a time, written by the JDK's datatype factory. */
  static String lexical(RelativeOrAbsoluteTime t) {
    if (t instanceof RelativeOrAbsoluteTime.Absolute a) {
      return dateTime(a.time());
    }
    RelativeOrAbsoluteTime.Relative rel = (RelativeOrAbsoluteTime.Relative) t;
    Duration d = rel.duration();
    BigDecimal seconds = BigDecimal.valueOf(d.toSecondsPart()).add(BigDecimal.valueOf(d.toNanosPart(), 9));
    return DATATYPES.newDuration(true, BigInteger.valueOf(rel.period().getYears()),
        BigInteger.valueOf(rel.period().getMonths()), BigInteger.valueOf(rel.period().getDays()),
        BigInteger.valueOf(d.toHours()), BigInteger.valueOf(d.toMinutesPart()), seconds).toString();
  }

  private static String relativeOrAbsolute(String s) {
    String t = s.trim();
    if (t.startsWith("P") || t.startsWith("-P")) {
      javax.xml.datatype.Duration d = DATATYPES.newDuration(t);
      BigDecimal seconds = BigDecimal.ZERO;
      seconds = seconds.add(new BigDecimal(String.valueOf(d.getField(DatatypeConstants.DAYS) == null ? 0 : d.getField(DatatypeConstants.DAYS))).multiply(BigDecimal.valueOf(86400)));
      seconds = seconds.add(new BigDecimal(String.valueOf(d.getField(DatatypeConstants.HOURS) == null ? 0 : d.getField(DatatypeConstants.HOURS))).multiply(BigDecimal.valueOf(3600)));
      seconds = seconds.add(new BigDecimal(String.valueOf(d.getField(DatatypeConstants.MINUTES) == null ? 0 : d.getField(DatatypeConstants.MINUTES))).multiply(BigDecimal.valueOf(60)));
      Number secs = d.getField(DatatypeConstants.SECONDS);
      seconds = seconds.add(secs == null ? BigDecimal.ZERO : new BigDecimal(secs.toString()));
      BigInteger months = new BigInteger(String.valueOf(d.getField(DatatypeConstants.YEARS) == null ? 0 : d.getField(DatatypeConstants.YEARS)))
          .multiply(BigInteger.valueOf(12))
          .add(new BigInteger(String.valueOf(d.getField(DatatypeConstants.MONTHS) == null ? 0 : d.getField(DatatypeConstants.MONTHS))));
      return durationText(d.getSign() < 0, months, seconds);
    }
    return dateTime(DATATYPES.newXMLGregorianCalendar(t));
  }

  private static String duration(Period p, Duration d) {
    BigInteger months = BigInteger.valueOf(p.toTotalMonths());
    BigDecimal seconds = BigDecimal.valueOf(p.getDays()).multiply(BigDecimal.valueOf(86400))
        .add(BigDecimal.valueOf(d.getSeconds())).add(BigDecimal.valueOf(d.getNano(), 9));
    return durationText(false, months, seconds);
  }

  private static String durationText(boolean negative, BigInteger months, BigDecimal seconds) {
    BigDecimal s = seconds.stripTrailingZeros();
    return "duration(" + (negative ? "-" : "") + months + " months, " + (s.signum() == 0 ? "0" : s.toPlainString()) + " s)";
  }

  private static String dateTime(OffsetDateTime t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
  }

  private static String dateTime(XMLGregorianCalendar c) {
    if (c.getTimezone() == DatatypeConstants.FIELD_UNDEFINED) {
      return "local " + c.toXMLFormat();
    }
    BigDecimal fraction = c.getFractionalSecond();
    int nanos = fraction == null ? 0 : fraction.movePointRight(9).intValue();
    return dateTime(OffsetDateTime.of(c.getYear(), c.getMonth(), c.getDay(), c.getHour(), c.getMinute(), c.getSecond(),
        nanos, ZoneOffset.ofTotalSeconds(c.getTimezone() * 60)));
  }
}
