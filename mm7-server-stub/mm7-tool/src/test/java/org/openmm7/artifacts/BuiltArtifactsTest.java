package org.openmm7.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the published jars hold and declare (issue 13), checked over the jars the reactor built
 * before this module (found on this test's class path): the stub's jar holds no benchmark, JMH,
 * CLI or logging configuration; mm7-client and mm7-schema are named modules whose internals are
 * exported only to the stub; a sending VASP's module graph resolves without Jetty.
 */
class BuiltArtifactsTest {
  private static final Map<String, Path> JARS = jarsOnClassPath();

  private static Path jar(String artifactId) {
    Path p = JARS.get(artifactId);
    // `./mvnw test` puts target/classes on the class path instead of the jars: nothing to check then
    assumeTrue(p != null, artifactId + "'s jar is not on the class path (run `verify`, which packages it)");
    return p;
  }

  @Test
  void theStubsJarHoldsNoBenchmarkNoJmhNoCliAndNoLoggingSetup() throws IOException {
    List<String> forbidden = new ArrayList<>();
    try (JarFile jar = new JarFile(jar("mm7-server-stub").toFile())) {
      jar.stream().map(e -> e.getName()).forEach(name -> {
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.startsWith("org/openmm7/bench/") || name.startsWith("org/openmm7/cli/") || lower.contains("jmh")
            || lower.contains("benchmarklist") || name.endsWith("simplelogger.properties") || name.startsWith("picocli/")
            || name.startsWith("META-INF/services/org.slf4j") || name.startsWith("org/slf4j/")) {
          forbidden.add(name);
        }
      });
      assertTrue(jar.getEntry("org/openmm7/stub/Mm7StubServer.class") != null, "the stub itself is in it");
    }
    assertEquals(List.of(), forbidden);
  }

  @Test
  void noLibraryJarCarriesALoggingBinding() throws IOException {
    for (String artifact : List.of("mm7-schema", "mm7-client", "mm7-server-stub")) {
      try (JarFile jar = new JarFile(jar(artifact).toFile())) {
        assertEquals(List.of(), jar.stream().map(e -> e.getName())
            .filter(n -> n.startsWith("META-INF/services/org.slf4j") || n.endsWith("simplelogger.properties")
                || n.equals("logback.xml") || n.equals("logback-test.xml") || n.startsWith("log4j2"))
            .collect(Collectors.toList()), artifact);
      }
    }
  }

  @Test
  void theClientIsANamedModuleWhoseInternalsOnlyTheStubReads() {
    ModuleDescriptor client = descriptor("mm7-client");
    assertEquals("org.openmm7.client", client.name());
    assertFalse(client.isAutomatic());
    Map<String, Set<String>> exports = new TreeMap<>();
    for (Exports e : client.exports()) {
      exports.put(e.source(), e.isQualified() ? e.targets() : Set.of("*"));
    }
    // every package of the jar is either API (exported to all) or internal (to the stub only)
    for (String pkg : client.packages()) {
      Set<String> expected = pkg.startsWith("org.openmm7.client.internal") ? Set.of("org.openmm7.stub") : Set.of("*");
      assertEquals(expected, exports.get(pkg), pkg);
    }
    assertTrue(exports.containsKey("org.openmm7.client.internal.mime"), exports.toString());
    Set<String> staticRequires = client.requires().stream()
        .filter(r -> r.modifiers().contains(Requires.Modifier.STATIC)).map(Requires::name)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(Set.of("jakarta.servlet", "org.eclipse.jetty.server", "org.eclipse.jetty.ee10.servlet",
        "jakarta.xml.bind")), staticRequires, "Jetty, the Servlet API and JAXB are optional");
  }

  @Test
  void theSchemaIsANamedModuleOpenToJaxbAndTheStubHasItsAutomaticName() {
    ModuleDescriptor schema = descriptor("mm7-schema");
    assertEquals("org.openmm7.schema", schema.name());
    assertFalse(schema.isAutomatic());
    assertTrue(schema.opens().stream().anyMatch(o -> o.source().equals("org.openmm7.schema.jaxb.rel6_1_4")
        && o.targets().equals(Set.of("jakarta.xml.bind"))), schema.opens().toString());
    ModuleDescriptor stub = descriptor("mm7-server-stub");
    assertEquals("org.openmm7.stub", stub.name());
  }

  @Test
  void aSendingVaspsModuleGraphResolvesWithoutJettyAndTheInternalsStayClosedToIt() {
    // the client, the schema and the client's compile dependencies, Jetty and the Servlet API left out
    List<Path> paths = new ArrayList<>(List.of(jar("mm7-client"), jar("mm7-schema")));
    for (String dependency : List.of("httpclient5", "httpcore5", "aalto-xml", "stax2-api", "slf4j-api",
        "jakarta.xml.bind-api", "jakarta.activation-api")) {
      paths.add(jar(dependency));
    }
    ModuleFinder finder = ModuleFinder.of(paths.toArray(Path[]::new));
    Configuration vasp = Configuration.resolve(finder, List.of(ModuleLayer.boot().configuration()), ModuleFinder.of(),
        Set.of("org.openmm7.client"));
    assertTrue(vasp.findModule("org.openmm7.client").isPresent());
    assertFalse(vasp.findModule("org.eclipse.jetty.server").isPresent());

    // the API packages are exported to every module; the internals to the stub alone
    Configuration withStub = Configuration.resolve(ModuleFinder.compose(finder, ModuleFinder.of(jar("mm7-server-stub"))),
        List.of(ModuleLayer.boot().configuration()), ModuleFinder.of(), Set.of("org.openmm7.client", "org.openmm7.stub"));
    ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(withStub, ClassLoader.getPlatformClassLoader());
    Module clientModule = layer.findModule("org.openmm7.client").orElseThrow();
    Module stubModule = layer.findModule("org.openmm7.stub").orElseThrow();
    assertTrue(clientModule.isExported("org.openmm7.client.codec"));
    assertFalse(clientModule.isExported("org.openmm7.client.internal.mime"), "not exported to everybody");
    assertTrue(clientModule.isExported("org.openmm7.client.internal.mime", stubModule));
  }

  @Test
  void theClientsPomMarksJettyAndTheServletApiOptional() throws Exception {
    Path pom = Path.of(System.getProperty("openmm7.corpus")).resolve("../../mm7-client/pom.xml").normalize();
    Element project = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(pom.toFile())
        .getDocumentElement();
    NodeList dependencies = ((Element) project.getElementsByTagName("dependencies").item(0))
        .getElementsByTagName("dependency");
    int checked = 0;
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element d = (Element) dependencies.item(i);
      String group = text(d, "groupId");
      if (group.startsWith("org.eclipse.jetty") || group.equals("jakarta.servlet")) {
        boolean testScope = "test".equals(text(d, "scope"));
        assertTrue(testScope || "true".equals(text(d, "optional")), group + ":" + text(d, "artifactId") + " is optional");
        checked++;
      }
    }
    assertTrue(checked >= 2, "the Jetty and Servlet dependencies were found in " + pom);
  }

  private static String text(Element parent, String tag) {
    NodeList l = parent.getElementsByTagName(tag);
    return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
  }

  private static ModuleDescriptor descriptor(String artifactId) {
    Path p = jar(artifactId);
    try {
      return ModuleFinder.of(p).findAll().iterator().next().descriptor();
    } catch (ResolutionException | java.lang.module.FindException e) {
      throw new AssertionError(artifactId + ": " + e.getMessage(), e);
    }
  }

  /** artifactId -> jar, for every jar on the test class path (version and classifier stripped). */
  private static Map<String, Path> jarsOnClassPath() {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Map<String, Path> jars = new TreeMap<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName().toString();
      if (!name.endsWith(".jar") || name.endsWith("-tests.jar") || !Files.isRegularFile(p)) {
        continue;
      }
      // artifactId-version.jar: the artifactId is everything before the first "-<digit>"
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.+?)-\\d.*\\.jar$").matcher(name);
      if (m.matches()) {
        jars.putIfAbsent(m.group(1), p);
      }
    }
    return jars;
  }
}
