package org.openmm7.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.openmm7.bench.Bench;
import org.openmm7.bench.BenchMessages;
import org.openmm7.bench.BenchReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mm7 bench}: speed and scale figures (issue 5), measured side by side on this machine. */
@Command(name = "bench", header = "Measures OpenMM7 on this machine and prints a table.",
    mixinStandardHelpOptions = true, versionProvider = Mm7Command.Version.class,
    description = {"Measures OpenMM7 on this machine over loopback and prints a table:",
        "  1-2. submit throughput, client -> stub, against the same bytes over the same HTTP stacks;",
        "  3. the codec alone (JMH) against SAAJ; 4. a large attachment at 64 MB heaps; 5. stub start-up.",
        "  pushes: delivery reports held, pushed to a VASP, and a soak pushing them.",
        "The full run takes about 30 minutes; --quick (without the pushes case) under two."})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "a short run (under two minutes) for CI and quick checks")
  boolean quick;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the figures to FILE as JSON")
  Path json;

  @Option(names = "--cases", split = ",", paramLabel = "CASE",
      description = "which cases to run: submit (1 and 2), store (the stub with --store against without), soak"
          + " (the stub's memory over many submits), pushes (delivery reports held, pushed to a VASP, and a soak"
          + " pushing them), codec (3), memory (4), startup (5); default all")
  List<String> cases;

  @Option(names = "--soak-messages", paramLabel = "N",
      description = "submits in the soak case and the pushes case's soak, per variant (default 100000; 10000 with"
          + " --quick)")
  Long soakMessages;

  @Option(names = "--messages", split = ",", paramLabel = "LABEL",
      description = "only these messages: text-1k, image-100k, video-5m (default all)")
  List<String> messages;

  @Option(names = "--concurrency", split = ",", paramLabel = "N", description = "the concurrency levels (default 1,8,64)")
  List<Integer> concurrency;

  @Option(names = "--memory-size", paramLabel = "BYTES",
      description = "the attachment of the memory case (default 1 GiB; 256 MiB with --quick)")
  Long memorySize;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "where the large attachment, stores and logs go (default: a directory under java.io.tmpdir)")
  Path workDir;

  @Option(names = "--tiny", hidden = true, description = "seconds in all, JMH in-process: the harness's smoke test")
  boolean tiny;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Bench.Settings settings = tiny ? Bench.Settings.tiny() : quick ? Bench.Settings.quick() : Bench.Settings.full();
    if (cases != null) {
      Set<String> known = Set.of("submit", "store", "soak", "pushes", "codec", "memory", "startup");
      Set<String> chosen = new LinkedHashSet<>();
      for (String c : cases) {
        if (!known.contains(c)) {
          spec.commandLine().getErr().println("mm7 bench: unknown case " + c + " (known: " + known + ")");
          return 2;
        }
        chosen.add(c);
      }
      settings = settings.withCases(chosen);
    }
    if (messages != null || concurrency != null) {
      settings = settings.withMessages(messages == null ? null : messages.stream().map(BenchMessages::byLabel).toList(),
          concurrency);
    }
    if (soakMessages != null) {
      settings = settings.withSoakMessages(soakMessages);
    }
    if (memorySize != null) {
      settings = settings.withMemoryAttachmentBytes(memorySize);
    }
    Path dir = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "mm7-bench");
    out.println("mm7 bench" + (tiny ? " --tiny" : quick ? " --quick" : "") + ": cases " + settings.cases()
        + ", work directory " + dir);
    out.flush();
    ObjectNode result = new Bench(settings, dir, System.getProperty("java.class.path"), out).run();
    result.put("mode", tiny ? "tiny" : quick ? "quick" : "full");
    out.println();
    out.print(BenchReport.table(result));
    out.flush();
    if (json != null) {
      Files.write(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
      out.println("figures written to " + json);
    }
    return 0;
  }
}
