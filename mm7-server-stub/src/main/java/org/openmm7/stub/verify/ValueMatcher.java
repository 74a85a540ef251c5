package org.openmm7.stub.verify;

import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A condition on one value of a recorded request (a subject, a header, an address), with the words
 * a failure report shows for it. The stub has no Hamcrest dependency (its required classpath stays
 * Jetty, Jackson and SLF4J), so this small type stands in for Hamcrest's {@code Matcher}; any
 * predicate becomes one with {@link #of(String, Predicate)}.
 *
 * @param <T> the type of value tested
 */
public final class ValueMatcher<T> {
  private final String description;
  private final Predicate<? super T> test;

  private ValueMatcher(String description, Predicate<? super T> test) {
    this.description = Objects.requireNonNull(description, "description");
    this.test = Objects.requireNonNull(test, "test");
  }

  /** A matcher from a predicate, described by these words in failure reports. */
  public static <T> ValueMatcher<T> of(String description, Predicate<? super T> test) {
    return new ValueMatcher<>(description, test);
  }

  /** Equal to this value. */
  public static <T> ValueMatcher<T> equalTo(T expected) {
    return new ValueMatcher<>(quote(expected), v -> Objects.equals(v, expected));
  }

  /** A text containing this. */
  public static ValueMatcher<String> containsString(String part) {
    Objects.requireNonNull(part, "part");
    return new ValueMatcher<>("containing " + quote(part), v -> v != null && v.contains(part));
  }

  /** A text starting with this. */
  public static ValueMatcher<String> startsWith(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return new ValueMatcher<>("starting with " + quote(prefix), v -> v != null && v.startsWith(prefix));
  }

  /** A text equal to this, ignoring case. */
  public static ValueMatcher<String> equalToIgnoringCase(String expected) {
    Objects.requireNonNull(expected, "expected");
    return new ValueMatcher<>(quote(expected) + " ignoring case", v -> v != null && v.equalsIgnoreCase(expected));
  }

  /** A text this regular expression matches as a whole. */
  public static ValueMatcher<String> matching(String regex) {
    Pattern p = Pattern.compile(regex);
    return new ValueMatcher<>("matching /" + regex + "/", v -> v != null && p.matcher(v).matches());
  }

  /** Present, whatever its value. */
  public static <T> ValueMatcher<T> present() {
    return new ValueMatcher<>("present", Objects::nonNull);
  }

  /** Absent. */
  public static <T> ValueMatcher<T> absent() {
    return new ValueMatcher<>("absent", Objects::isNull);
  }

  /** Not what the other matches. */
  public static <T> ValueMatcher<T> not(ValueMatcher<T> other) {
    return new ValueMatcher<>("not " + other.description, v -> !other.matches(v));
  }

  public boolean matches(T value) {
    try {
      return test.test(value);
    } catch (RuntimeException e) {
      return false; // a predicate that cannot judge a value does not match it
    }
  }

  /** The words for this condition in a failure report, e.g. {@code containing "Hello"}. */
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }

  static String quote(Object value) {
    if (value == null) {
      return "(none)";
    }
    if (value instanceof CharSequence s) {
      return "\"" + escape(s.toString()) + "\"";
    }
    return escape(String.valueOf(value));
  }

  /** Control characters shown as escapes: a report never carries a peer's line breaks as its own. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.length() > 200 ? b.substring(0, 200) + "..." : b.toString();
  }
}
