package org.openmm7.client.message;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.openmm7.client.content.TextPart;

/**
 * Fills builder-built messages by reflection: every field of the class gets a value of its type
 * through the builder's setter of the same name, varied by a seed. A field that a message class
 * gains later is filled too, or the fill fails (no setter, or a type it cannot make): the tests
 * built on it cannot miss a field.
 */
public final class MessageFiller {
  private final Random random;

  public MessageFiller(long seed) {
    this.random = new Random(seed);
  }

  /** The message types with a {@code builder()}. */
  public static List<Class<? extends Mm7Message>> builtTypes() {
    return messageTypes().stream().filter(c -> Arrays.stream(c.getMethods())
        .anyMatch(m -> m.getName().equals("builder") && Modifier.isStatic(m.getModifiers()))).toList();
  }

  /** Every concrete type of the sealed {@link Mm7Message} hierarchy. */
  @SuppressWarnings("unchecked")
  public static List<Class<? extends Mm7Message>> messageTypes() {
    List<Class<? extends Mm7Message>> out = new ArrayList<>();
    List<Class<?>> todo = new ArrayList<>(List.of(Mm7Message.class));
    while (!todo.isEmpty()) {
      Class<?> c = todo.remove(0);
      if (c.isSealed()) {
        todo.addAll(Arrays.asList(c.getPermittedSubclasses()));
      } else {
        out.add((Class<? extends Mm7Message>) c);
      }
    }
    return out;
  }

  /** The instance fields of a message class, in declaration order, by name. */
  public static List<Field> fields(Class<?> type) {
    return Arrays.stream(type.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).toList();
  }

  /** A new builder of the type ({@code Type.builder()}). */
  public static Object builder(Class<?> type) {
    return invoke(method(type, "builder"), null);
  }

  /** The builder's setter of a field: one parameter of the field's type. */
  public static Method setter(Class<?> type, Field field) {
    Class<?> builderType = method(type, "builder").getReturnType();
    try {
      return builderType.getMethod(field.getName(), field.getType());
    } catch (NoSuchMethodException e) {
      throw new AssertionError(type.getSimpleName() + ".Builder has no " + field.getName() + "("
          + field.getType().getSimpleName() + ")", e);
    }
  }

  public static Object build(Object builder) {
    return invoke(method(builder.getClass(), "build"), builder);
  }

  /** The value of a field, read through its public accessor of the same name. */
  public static Object read(Object message, Field field) {
    return invoke(method(message.getClass(), field.getName()), message);
  }

  /** A value for every field, in declaration order. */
  public Map<Field, Object> values(Class<?> type) {
    Map<Field, Object> values = new LinkedHashMap<>();
    for (Field f : fields(type)) {
      values.put(f, value(f.getGenericType(), f.getName()));
    }
    return values;
  }

  /** A message with the given fields set through the builder. */
  public static Object build(Class<?> type, Map<Field, Object> values, Predicate<Field> include) {
    Object b = builder(type);
    values.forEach((f, v) -> {
      if (include.test(f)) {
        invoke(setter(type, f), b, v);
      }
    });
    return build(b);
  }

  /** A value of the type, varied; texts stay free of surrounding whitespace (the decoder trims most). */
  public Object value(Type type, String name) {
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      Type element = p.getActualTypeArguments()[0];
      List<Object> list = new ArrayList<>();
      for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
        list.add(value(element, name));
      }
      return list;
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class && name.equals("mmStatusExtension")) {
      // a string in the model, an enumeration in the schema
      return pick(List.of("RejectionByMMSRecipient", "RejectionByOtherRS"));
    } else if (c == String.class) {
      return text(name);
    } else if (c == Boolean.class) {
      return random.nextBoolean();
    } else if (c == Integer.class) {
      return 1 + random.nextInt(Integer.MAX_VALUE - 1);
    } else if (c == OffsetDateTime.class) {
      return dateTime();
    } else if (c == Address.class) {
      return address();
    } else if (c == Recipients.class) {
      Recipients.Builder r = Recipients.builder().to(address());
      if (random.nextBoolean()) {
        r.cc(address(), address());
      }
      if (random.nextBoolean()) {
        r.bcc(address());
      }
      return r.build();
    } else if (c == RelativeOrAbsoluteTime.class) {
      return time();
    } else if (c == ReplyCharging.class) {
      return new ReplyCharging(1L + random.nextInt(1_000_000), time());
    } else if (c == UaCapabilities.class) {
      return new UaCapabilities("http://uaprof.example/" + text(name), dateTime());
    } else if (c == org.openmm7.client.content.MimePart.class) {
      return TextPart.of("content of " + text(name)).withContentId("c" + random.nextInt(1000) + "@example");
    } else if (c == ResponseStatus.class) {
      return new ResponseStatus(status(), text("status"), random.nextBoolean() ? null : text("details"));
    } else if (c == Mm7Status.class) {
      return status();
    } else if (OpenValue.class.isAssignableFrom(c)) {
      List<?> known = (List<?>) invoke(method(c, "values"), null);
      return known.get(random.nextInt(known.size()));
    }
    throw new AssertionError("MessageFiller makes no " + type.getTypeName() + " (field " + name + "): teach it");
  }

  private String text(String name) {
    String[] pieces = {"a&b", "<x>", "\"q\"", "é", "中文", "😀", "x y", "0", "-", "."};
    StringBuilder sb = new StringBuilder(name).append('-').append(random.nextInt(1000));
    for (int i = 0, n = random.nextInt(3); i < n; i++) {
      sb.append(pieces[random.nextInt(pieces.length)]);
    }
    return sb.toString();
  }

  private OffsetDateTime dateTime() {
    return OffsetDateTime.of(1990 + random.nextInt(60), 1 + random.nextInt(12), 1 + random.nextInt(28),
        random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextBoolean() ? 0 : random.nextInt(1000) * 1_000_000,
        ZoneOffset.ofHoursMinutes(random.nextInt(25) - 12, 0));
  }

  private RelativeOrAbsoluteTime time() {
    return switch (random.nextInt(3)) {
      case 0 -> RelativeOrAbsoluteTime.at(dateTime());
      case 1 -> RelativeOrAbsoluteTime.after(Duration.ofSeconds(1 + random.nextInt(1_000_000)));
      default -> RelativeOrAbsoluteTime.after(Period.ofDays(1 + random.nextInt(400)));
    };
  }

  private Address address() {
    Address a = switch (random.nextInt(3)) {
      case 0 -> Address.number("+44" + (7_000_000_000L + random.nextInt(1_000_000_000)));
      case 1 -> Address.email("user" + random.nextInt(1000) + "@example.org");
      default -> Address.shortCode(String.valueOf(10_000 + random.nextInt(90_000)));
    };
    return a;
  }

  /** A listed status or one no table lists. */
  private Mm7Status status() {
    return Mm7Status.of(pick(List.of(1000, 1100, 2000, 2002, 3001, 4004, 4242, 9999)));
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static Method method(Class<?> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(type.getSimpleName() + " has no public " + name + "()", e);
    }
  }

  private static Object invoke(Method m, Object target, Object... args) {
    try {
      return m.invoke(target, args);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e.getCause());
    }
  }
}
