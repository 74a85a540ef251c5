package org.openmm7.cli;

import org.openmm7.stub.InspectView;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7DecodeException;
import picocli.CommandLine;

/**
 * Every corpus file through {@code mm7 inspect}'s decoding: its JSON must match the file's
 * {@code .expected.json} (the fields named there, and exactly the finding codes listed), or, for
 * the rejected cases, decoding must fail with the expected error code. Golden files without an
 * expected form get one written with {@code -Dopenmm7.updateGolden=true} (a run that then fails).
 */
class CorpusInspectTest {
  private static final boolean UPDATE = Boolean.getBoolean("openmm7.updateGolden");
  private static final List<String> written = new ArrayList<>();

  static Path corpus() {
    return org.openmm7.client.hostile.HostileCorpus.corpus(); // the one place that knows where it is
  }

  @TestFactory
  Stream<DynamicTest> everyCorpusFileDecodesAsExpected() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(corpus())) {
      // the hostile corpus has its own expectations and tests (HostileInspectTest)
      files = s.filter(p -> (p.toString().endsWith(".http") || p.toString().endsWith(".capture"))
              && !p.startsWith(corpus().resolve("hostile")))
          .sorted().collect(Collectors.toList());
    }
    assertTrue(files.size() > 150, "the corpus has golden files for every operation and namespace: " + files.size());
    return files.stream().map(f -> DynamicTest.dynamicTest(corpus().relativize(f).toString(), () -> check(f)));
  }

  private void check(Path file) throws Exception {
    Path expectedFile = file.resolveSibling(
        file.getFileName().toString().replaceFirst("\\.(http|capture)$", ".expected.json"));
    if (!Files.exists(expectedFile)) {
      if (UPDATE && file.startsWith(corpus().resolve("golden"))) {
        ObjectNode actual = decode(file, false);
        actual.withArray("findings").forEach(f -> ((ObjectNode) f).retain("code"));
        Files.writeString(expectedFile, InspectView.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
        synchronized (written) {
          written.add(expectedFile.toString());
        }
        return;
      }
      fail("no expected form for " + file + " (" + expectedFile.getFileName() + ")");
    }
    JsonNode expected = InspectView.JSON.readTree(expectedFile.toFile());
    boolean strict = expected.path("strict").asBoolean(false);
    if (expected.path("rejected").asBoolean(false)) {
      try {
        decode(file, strict);
        fail(file + " was accepted but must be rejected with " + expected.path("error").asText());
      } catch (Mm7DecodeException e) {
        assertEquals(expected.path("error").asText(), e.reason(), e.getMessage());
      }
      assertEquals(1, runInspect(file, strict), "mm7 inspect exits 1 on a rejected message");
      return;
    }
    ObjectNode actual = decode(file, strict);
    Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (e.getKey().equals("findings") || e.getKey().equals("strict")) {
        continue;
      }
      JsonNode got = actual.get(e.getKey());
      assertTrue(got != null && e.getValue().equals(NUMBERS_BY_VALUE, got), "field " + e.getKey() + " of "
          + file.getFileName() + ": expected " + e.getValue() + " but was " + got);
    }
    assertEquals(codes(expected.path("findings")), codes(actual.path("findings")),
        "finding codes of " + file.getFileName() + ": " + actual.path("findings"));
    assertEquals(0, runInspect(file, strict), "mm7 inspect exits 0 on an understood message");
  }

  /** Compares numbers by value (an int 335 in a file equals a long 335 decoded). */
  private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  private static TreeSet<String> codes(JsonNode findings) {
    TreeSet<String> out = new TreeSet<>();
    findings.forEach(f -> out.add(f.path("code").asText()));
    return out;
  }

  private static ObjectNode decode(Path file, boolean strict) throws IOException {
    Mm7Codec codec = Mm7Codec.builder().strict(strict).build();
    try (InputStream in = Files.newInputStream(file); DecodedMessage d = codec.decodeCapture(in)) {
      return InspectView.of(d);
    }
  }

  private static int runInspect(Path file, boolean strict) {
    CommandLine cl = new CommandLine(new Mm7Command());
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(new StringWriter()));
    return strict ? cl.execute("inspect", "--strict", file.toString()) : cl.execute("inspect", file.toString());
  }

  @AfterAll
  static void failIfWritten() {
    if (!written.isEmpty()) {
      fail("expected forms were written: " + written.size() + ", e.g. " + written.get(0) + "; review, commit, rerun");
    }
  }
}
