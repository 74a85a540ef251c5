package org.openmm7.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java example in README.md is a whole compilation unit, imports included, and compiles
 * against the modules as they are built: an example cannot rot when an API changes.
 */
class ReadmeExamplesTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern TYPE_NAME = Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?(?:class|record|interface)\\s+(\\w+)");

  @TempDir
  Path dir;

  private static Path readme() {
    // the corpus is <root>/src/corpus; the README is at the root
    Path corpus = Path.of(System.getProperty("openmm7.corpus", "../src/corpus"));
    return corpus.resolve("../../README.md").normalize();
  }

  @Test
  void everyJavaExampleCompiles() throws IOException {
    String text = Files.readString(readme());
    List<File> sources = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(text);
    int n = 0;
    while (m.find()) {
      String code = m.group(1);
      Matcher type = TYPE_NAME.matcher(code);
      assertTrue(type.find(), "README example " + (n + 1) + " declares no class: examples are whole files\n" + code);
      Path pkg = Files.createDirectories(dir.resolve("example" + n));
      Path file = pkg.resolve(type.group(1) + ".java");
      Files.writeString(file, code);
      sources.add(file.toFile());
      n++;
    }
    assertTrue(n >= 4, "the README's examples were not found (" + n + ")");

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    // surefire puts the test class path here (java.class.path may be a manifest-only jar)
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      for (File source : sources) {
        // each example on its own: they may declare the same names
        StringWriter out = new StringWriter();
        Path classes = Files.createDirectories(dir.resolve("classes-" + source.getParentFile().getName()));
        boolean ok = javac.getTask(out, files, diagnostics,
            List.of("--release", "17", "-proc:none", "-classpath", classPath, "-d", classes.toString()), null,
            files.getJavaFileObjects(source)).call();
        StringBuilder why = new StringBuilder();
        diagnostics.getDiagnostics().forEach(d -> why.append(d).append('\n'));
        assertTrue(ok, "README example " + source.getName() + " does not compile:\n" + why + out);
      }
    }
    assertFalse(sources.isEmpty());
  }
}
