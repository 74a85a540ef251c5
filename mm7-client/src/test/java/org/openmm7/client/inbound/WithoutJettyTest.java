package org.openmm7.client.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Jetty and the Servlet API are optional in mm7-client: a VASP that only sends works without them,
 * and {@link Mm7InboundServer#builder} says which artifact to add instead of failing with a
 * {@code NoClassDefFoundError}. Runs the library in a class loader built from this test's class
 * path without the Jetty and Servlet jars.
 */
class WithoutJettyTest {

  @Test
  void aSendingVaspNeedsNoJettyAndTheInboundServerNamesTheArtifactToAdd() throws Exception {
    // the relay's answer: the corpus's golden SubmitRsp, served by the JDK's own HTTP server
    String golden = Files.readString(Path.of(System.getProperty("openmm7.corpus"),
        "golden/REL-6-MM7-1-4/SubmitRsp.http"), StandardCharsets.UTF_8);
    byte[] body = golden.substring(golden.indexOf("\r\n\r\n") >= 0 ? golden.indexOf("\r\n\r\n") + 4
        : golden.indexOf("\n\n") + 2).getBytes(StandardCharsets.UTF_8);
    HttpServer relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    relay.createContext("/mm7", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    relay.start();
    try (URLClassLoader withoutJetty = new URLClassLoader(classPathWithoutJetty(), ClassLoader.getPlatformClassLoader())) {
      // the precondition: neither Jetty nor the Servlet API can be seen (else this test proves nothing)
      assertThrows(ClassNotFoundException.class, () -> Class.forName("org.eclipse.jetty.server.Server", false, withoutJetty));
      assertThrows(ClassNotFoundException.class, () -> Class.forName("jakarta.servlet.http.HttpServlet", false, withoutJetty));

      String endpoint = "http://127.0.0.1:" + relay.getAddress().getPort() + "/mm7";
      @SuppressWarnings("unchecked")
      Callable<String> scenario = (Callable<String>) withoutJetty.loadClass(WithoutJettyScenario.class.getName())
          .getConstructor(String.class, String.class).newInstance(endpoint, "golden-SubmitRsp");
      String[] result = scenario.call().split("\n", 2);

      assertEquals("msg-0001", result[0], "the submit went through HttpClient 5 without Jetty");
      String error = result[1];
      assertTrue(error.contains("org.eclipse.jetty.ee10:jetty-ee10-servlet"), error);
      assertTrue(error.contains("Mm7InboundServlet"), "names the other way, one's own container: " + error);
    } finally {
      relay.stop(0);
    }
  }

  private static URL[] classPathWithoutJetty() throws IOException {
    // surefire's test class path (java.class.path may be a manifest-only jar)
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      // wiremock-standalone bundles a Jetty and a Servlet API of its own
      if (name.startsWith("jetty-") || name.startsWith("jakarta.servlet") || name.startsWith("wiremock")) {
        continue;
      }
      urls.add(Path.of(entry).toUri().toURL());
    }
    return urls.toArray(URL[]::new);
  }
}
