package org.openmm7.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Cases 1 and 2 of {@code mm7 bench} in a JVM of their own (see {@link Bench}): progress on
 * stderr, the rows as JSON on stdout.
 */
public final class SubmitCase {
  private SubmitCase() {}

  /** args: the settings as JSON (a file), the work directory. */
  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    Bench.Settings settings = json.readValue(Path.of(args[0]).toFile(), Bench.Settings.class);
    PrintWriter progress = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    Bench bench = new Bench(settings, Path.of(args[1]), System.getProperty("java.class.path"), progress);
    String rows = json.writeValueAsString(bench.submitInProcess());
    System.out.println(rows);
    System.out.flush();
    // Jetty's and HttpClient's threads are daemons or stopped: nothing keeps the JVM
    System.exit(0);
  }
}
