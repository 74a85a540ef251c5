package org.openmm7.client.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * A value of an enumerated MM7 element that a peer may extend (MMStatus, Priority, MessageClass,
 * ...). Open, like {@link Mm7Status}: the values the schemas list are constants of the subclass,
 * and its {@code of(String)} accepts any other value a peer sends (a newer release's, a vendor's),
 * so that a message carrying one is read rather than refused. Compare with {@code equals};
 * {@link #isKnown()} tells a listed value from another.
 */
public abstract sealed class OpenValue permits Address.AddressCoding, ChargedParty, ContentClass, MessageClass, MessageStatus,
    Priority {
  private final String wireName;
  private final boolean known;

  OpenValue(String wireName, boolean known) {
    this.wireName = wireName;
    this.known = known;
  }

  /** The value as the schema spells it (or as the peer sent it, for a value the schemas do not list). */
  public final String wireName() {
    return wireName;
  }

  /** Whether a schema lists this value. */
  public final boolean isKnown() {
    return known;
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((OpenValue) o).wireName.equals(wireName);
  }

  @Override
  public final int hashCode() {
    return wireName.hashCode();
  }

  @Override
  public final String toString() {
    return wireName;
  }

  /** The listed values of one type, and the lookups every open value type offers. */
  static final class Table<T extends OpenValue> {
    private final String element;
    private final BiFunction<String, Boolean, T> make;
    private final Map<String, T> known = new ConcurrentHashMap<>();
    private final List<T> values = new ArrayList<>();

    Table(String element, BiFunction<String, Boolean, T> make) {
      this.element = element;
      this.make = make;
    }

    /** A listed value (called by the constants' initialisers, in the schemas' order). */
    T known(String wireName) {
      T v = make.apply(wireName, true);
      known.put(wireName.toLowerCase(Locale.ROOT), v);
      values.add(v);
      return v;
    }

    T of(String value) {
      String v = Objects.requireNonNull(value, "value").trim();
      if (v.isEmpty()) {
        throw new IllegalArgumentException("an empty " + element);
      }
      T k = known.get(v.toLowerCase(Locale.ROOT));
      return k != null ? k : make.apply(v, false);
    }

    T fromWire(String value) {
      return known.get(value.trim().toLowerCase(Locale.ROOT));
    }

    List<T> values() {
      return Collections.unmodifiableList(values);
    }
  }
}
