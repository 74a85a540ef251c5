package org.openmm7.client.inbound;

/**
 * Jetty and the Servlet API are optional dependencies of mm7-client (a VASP that only sends does
 * not need them): {@link Mm7InboundServer} checks for them first, so that a missing jar is one
 * clear error naming what to add rather than a {@code NoClassDefFoundError} from deep inside.
 * This class and the classes that call it name no Jetty or Servlet type, so that the JVM can load
 * them without those jars (the Jetty wiring is in {@link EmbeddedJetty}).
 */
final class JettyOnClassPath {
  static final String ARTIFACT = "org.eclipse.jetty.ee10:jetty-ee10-servlet";

  // one class of each jar the embedded server needs (jetty-ee10-servlet brings the others)
  private static final String[] NEEDED = {
    "jakarta.servlet.http.HttpServlet",
    "org.eclipse.jetty.server.Server",
    "org.eclipse.jetty.ee10.servlet.ServletContextHandler",
  };

  private JettyOnClassPath() {}

  /** @throws IllegalStateException naming the artifact to add when a needed class is missing */
  static void require() {
    ClassLoader loader = JettyOnClassPath.class.getClassLoader();
    for (String name : NEEDED) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("Mm7InboundServer runs on an embedded Jetty 12, an optional dependency of"
            + " mm7-client: add " + ARTIFACT + " (version 12.0.x; it brings jetty-server and"
            + " jakarta.servlet-api) to your dependencies, or deploy Mm7InboundServlet in your own servlet"
            + " container (missing: " + name + ")", e);
      }
    }
  }
}
