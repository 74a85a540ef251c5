package org.openmm7.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The library's version, read once from {@code version.properties}, which the build writes by
 * resource filtering. A resource rather than the jar manifest, so that tests running from class
 * directories and a shaded jar report the same version.
 */
final class LibraryVersion {
  static final String VALUE = read();

  private LibraryVersion() {}

  private static String read() {
    try (InputStream in = LibraryVersion.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "").trim();
        if (!v.isEmpty() && !v.startsWith("${")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall back to the manifest
    }
    String v = LibraryVersion.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
