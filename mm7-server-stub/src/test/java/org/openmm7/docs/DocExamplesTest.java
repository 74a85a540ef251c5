package org.openmm7.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java example in README.md, and every whole-file one in src/docs (a block that declares a
 * class; a block without one is a fragment and is not compiled), is a compilation unit, imports
 * included, and compiles against the modules as they are built: an example cannot rot when an API
 * changes, nor when it moves from the README to a guide.
 */
class DocExamplesTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern TYPE_NAME = Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?(?:class|record|interface)\\s+(\\w+)");

  @TempDir
  Path dir;

  private static Path root() {
    // the corpus is <root>/src/corpus
    Path corpus = Path.of(System.getProperty("openmm7.corpus", "../src/corpus"));
    return corpus.resolve("../..").normalize();
  }

  @Test
  void everyReadmeExampleIsAWholeFileThatCompiles() throws IOException {
    Path readme = root().resolve("README.md");
    List<Path> sources = extract(readme, true);
    assertTrue(sources.size() >= 2, "the README's examples were not found (" + sources.size() + ")");
    compileEachAlone(sources);
  }

  @Test
  void everyWholeFileExampleInTheDocsCompiles() throws IOException {
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> docs = Files.list(root().resolve("src/docs"))) {
      for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        sources.addAll(extract(doc, false));
      }
    }
    // the guides that took the README's sending, receiving, stub and codec examples
    for (String moved : List.of("guide-sending.md", "guide-receiving.md", "stub.md", "codec.md")) {
      assertTrue(sources.stream().anyMatch(s -> s.getParent().getFileName().toString().startsWith(moved)),
          "no whole-file example found in src/docs/" + moved);
    }
    compileEachAlone(sources);
  }

  /** The doc's Java blocks as files, one directory each; {@code wholeOnly}: a fragment fails. */
  private List<Path> extract(Path doc, boolean wholeOnly) throws IOException {
    String text = Files.readString(doc);
    List<Path> sources = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(text);
    int n = 0;
    while (m.find()) {
      String code = m.group(1);
      n++;
      Matcher type = TYPE_NAME.matcher(code);
      if (!type.find()) {
        assertFalse(wholeOnly, doc.getFileName() + " example " + n + " declares no class: examples are whole files\n" + code);
        continue;
      }
      Path pkg = Files.createDirectories(dir.resolve(doc.getFileName() + "-example" + n));
      Path file = pkg.resolve(type.group(1) + ".java");
      Files.writeString(file, code);
      sources.add(file);
    }
    return sources;
  }

  private void compileEachAlone(List<Path> sources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    // surefire puts the test class path here (java.class.path may be a manifest-only jar)
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (Path source : sources) {
      // each example on its own: they may declare the same names
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
        StringWriter out = new StringWriter();
        Path classes = Files.createDirectories(dir.resolve("classes-" + source.getParent().getFileName()));
        boolean ok = javac.getTask(out, files, diagnostics,
            List.of("--release", "17", "-proc:none", "-classpath", classPath, "-d", classes.toString()), null,
            files.getJavaFileObjects(source.toFile())).call();
        StringBuilder why = new StringBuilder();
        diagnostics.getDiagnostics().forEach(d -> why.append(d).append('\n'));
        assertTrue(ok, "example " + source.getParent().getFileName() + "/" + source.getFileName()
            + " does not compile:\n" + why + out);
      }
    }
  }
}
