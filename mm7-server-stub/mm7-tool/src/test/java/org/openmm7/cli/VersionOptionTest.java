package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mm7 -V} names the version the build made (was "development" whatever was built). */
class VersionOptionTest {
  @Test
  void printsThePomVersionAndTheRuntime() {
    String expected = System.getProperty("openmm7.expectedVersion");
    assertNotNull(expected, "the build passes the pom's version as openmm7.expectedVersion");
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new Mm7Command());
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute("-V"));
    String[] lines = out.toString().split("\\R");
    assertEquals("mm7 " + expected, lines[0]);
    assertTrue(lines[1].startsWith("Java " + Runtime.version().feature()), out.toString());
  }
}
