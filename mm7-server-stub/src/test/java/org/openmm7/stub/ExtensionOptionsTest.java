package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmm7.schema.Mm7Release;

/**
 * Every option of the stub's builder reaches the extension's: a method of the same name and
 * parameters that passes its value on (the stub built from the extension's options holds what the
 * stub's own builder holds after the same call, and not the default). An option added to
 * {@link Mm7StubServer.Builder} without its counterpart fails here.
 */
class ExtensionOptionsTest {

  @Test
  void everyServerOptionHasAnExtensionCounterpartThatPassesItsValueOn() throws Exception {
    List<String> missing = new ArrayList<>();
    List<String> notPassedOn = new ArrayList<>();
    int options = 0;
    for (Method option : Mm7StubServer.Builder.class.getMethods()) {
      if (option.getReturnType() != Mm7StubServer.Builder.class || Modifier.isStatic(option.getModifiers())) {
        continue;
      }
      options++;
      Method counterpart;
      try {
        counterpart = Mm7StubExtension.Builder.class.getMethod(option.getName(), option.getParameterTypes());
      } catch (NoSuchMethodException e) {
        missing.add(signature(option));
        continue;
      }
      Object[] args = argumentsChangingTheDefault(option);
      Mm7StubServer.Builder direct = Mm7StubServer.builder();
      option.invoke(direct, args);
      Mm7StubExtension.Builder viaExtension = Mm7StubExtension.newInstance();
      counterpart.invoke(viaExtension, args);
      if (!state(direct).equals(state(viaExtension.options()))) {
        notPassedOn.add(signature(option));
      }
    }
    assertTrue(options >= 30, "the builder's options were found: " + options);
    if (!missing.isEmpty() || !notPassedOn.isEmpty()) {
      fail("Mm7StubExtension.Builder lacks " + missing + "; does not pass on " + notPassedOn);
    }
  }

  @Test
  void theExtensionBuildsAStubWithItsOptions() throws Exception {
    Mm7StubExtension ext = Mm7StubExtension.newInstance().path("/mms").maxRecordedRequests(3)
        .relayServerId("mmsc-9").inbox(false).build();
    ext.beforeAll(null);
    try {
      assertEquals("/mms", ext.endpoint().getPath());
      assertEquals(3, ext.server().options().maxRecordedRequests());
      assertEquals("mmsc-9", ext.server().options().relayServerId());
      assertEquals(false, ext.server().options().inbox());
    } finally {
      ext.afterAll(null);
    }
  }

  /** Arguments for which the option leaves the builder in another state than the default. */
  private static Object[] argumentsChangingTheDefault(Method option) throws Exception {
    Map<String, Object> defaults = state(Mm7StubServer.builder());
    List<List<Object>> candidates = new ArrayList<>();
    for (int i = 0; i < option.getParameterCount(); i++) {
      candidates.add(candidates(option.getGenericParameterTypes()[i]));
    }
    for (int choice = 0; choice < 2; choice++) {
      Object[] args = new Object[option.getParameterCount()];
      for (int i = 0; i < args.length; i++) {
        List<Object> c = candidates.get(i);
        args[i] = c.get(Math.min(choice, c.size() - 1));
      }
      Mm7StubServer.Builder b = Mm7StubServer.builder();
      option.invoke(b, args);
      if (!state(b).equals(defaults)) {
        return args;
      }
    }
    throw new AssertionError("no test value changes " + signature(option) + ": add one to candidates()");
  }

  private static List<Object> candidates(Type type) {
    if (type instanceof ParameterizedType p) {
      Type element = p.getActualTypeArguments()[0];
      if (element == ReportStep.class) {
        return List.of(ReportStep.parseList("Forwarded:5s"));
      }
      if (element == Duration.class) {
        return List.of(List.of(Duration.ofMillis(7)));
      }
      if (element == Account.class) {
        return List.of(List.of(new Account("acme", "pw")));
      }
      throw new AssertionError("no test value for " + type + ": add one to candidates()");
    }
    Class<?> c = (Class<?>) type;
    if (c == boolean.class) {
      return List.of(true, false);
    }
    if (c == int.class) {
      return List.of(9, 10);
    }
    if (c == long.class) {
      return List.of(4096L, 8192L);
    }
    if (c == String.class) {
      return List.of("/x", "/y");
    }
    if (c == Duration.class) {
      return List.of(Duration.ofSeconds(7));
    }
    if (c == URI.class) {
      return List.of(URI.create("http://127.0.0.1:9/vasp"));
    }
    if (c == org.openmm7.client.Credentials.class) {
      return List.of(org.openmm7.client.Credentials.basic("u", "p"));
    }
    if (c == org.openmm7.client.TlsOptions.class) {
      try {
        return List.of(org.openmm7.client.TlsOptions.builder().sslContext(javax.net.ssl.SSLContext.getDefault()).build());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }
    if (c == Path.class) {
      return List.of(Path.of("some-dir"));
    }
    if (c == org.openmm7.client.Profile.class) {
      return List.of(org.openmm7.client.Profile.builtIn("sinch").orElseThrow());
    }
    if (c == Role.class) {
      return List.of(Role.VASP, Role.RELAY);
    }
    if (c == Mm7Release.class) {
      return List.of(Mm7Release.values()[0], Mm7Release.values()[1]);
    }
    if (c == Account[].class) {
      return List.of((Object) new Account[] {new Account("acme", "pw")});
    }
    if (c == Collection.class) {
      return List.of(List.of(new Account("acme", "pw")));
    }
    throw new AssertionError("no test value for " + type + ": add one to candidates()");
  }

  /** The builder's fields by name (what build() reads). */
  private static Map<String, Object> state(Mm7StubServer.Builder b) throws IllegalAccessException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Field f : Mm7StubServer.Builder.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      f.setAccessible(true);
      Object v = f.get(b);
      out.put(f.getName(), v instanceof Object[] a ? Arrays.asList(a) : v);
    }
    return out;
  }

  private static String signature(Method m) {
    return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
        .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
  }

}
