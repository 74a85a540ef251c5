package org.openmm7.client.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The package's nullability rule (see package-info), checked over every message type by reflection. */
class NullabilityRuleTest {
  private static final Set<Class<?>> BOXED = Set.of(Boolean.class, Integer.class, Long.class, Short.class,
      Byte.class, Double.class, Float.class, Character.class);

  @Test
  void aMessageWithOnlyItsRequiredFieldsHasEmptyCollectionsNotNull() throws Exception {
    for (Class<?> type : MessageFiller.builtTypes()) {
      Map<Field, Object> values = new MessageFiller(3).values(type);
      Set<String> required = required(type, values);
      Object message = MessageFiller.build(type, values, f -> required.contains(f.getName()));
      for (Method m : type.getMethods()) {
        if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
            && (Collection.class.isAssignableFrom(m.getReturnType()) || Map.class.isAssignableFrom(m.getReturnType()))) {
          assertNotNull(m.invoke(message), type.getSimpleName() + "." + m.getName() + "() is a collection: empty, never null");
        }
      }
    }
  }

  @Test
  void aRequiredFieldIsNeverABoxedPrimitive() {
    for (Class<?> type : MessageFiller.builtTypes()) {
      Map<Field, Object> values = new MessageFiller(5).values(type);
      for (String name : required(type, values)) {
        Field f = values.keySet().stream().filter(g -> g.getName().equals(name)).findFirst().orElseThrow();
        assertEquals(false, BOXED.contains(f.getType()), type.getSimpleName() + "." + name + " is required: not boxed");
      }
    }
  }

  @Test
  void messagesAndTheirValuesHoldNoOptional() {
    List<String> found = new ArrayList<>();
    List<Class<?>> types = new ArrayList<>(MessageFiller.messageTypes());
    types.addAll(List.of(Address.class, Address.PhoneNumber.class, Address.EmailAddress.class, Address.ShortCode.class,
        Recipients.class, ResponseStatus.class, ReplyCharging.class, UaCapabilities.class, RelativeOrAbsoluteTime.class,
        Mm7Status.class, OpenValue.class));
    for (Class<?> c : types) {
      for (Method m : c.getMethods()) {
        Class<?> r = m.getReturnType();
        boolean optional = r == Optional.class || r == OptionalInt.class || r == OptionalLong.class;
        if (optional && !Modifier.isStatic(m.getModifiers())) {
          found.add(c.getSimpleName() + "." + m.getName());
        }
      }
    }
    assertEquals(List.of(), found, "accessors of data carriers returning Optional (absent is null there)");
  }

  private static Set<String> required(Class<?> type, Map<Field, Object> values) {
    Set<String> required = new TreeSet<>();
    for (Field f : values.keySet()) {
      try {
        MessageFiller.build(type, values, g -> !g.equals(f));
      } catch (IllegalStateException | NullPointerException e) {
        required.add(f.getName());
      }
    }
    return required;
  }
}
