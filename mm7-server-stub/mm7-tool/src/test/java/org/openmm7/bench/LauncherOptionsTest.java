package org.openmm7.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The soak measures the stub as {@code ./mm7 stub} runs it: the bench's copy of the launcher's JVM
 * options is the script's, and this JVM accepts every one of them as it is (an option the JVM
 * did not know would be ignored silently, through -XX:+IgnoreUnrecognizedVMOptions, and bound
 * nothing; the native heap's trim is known from JDK 17.0.9 on).
 */
class LauncherOptionsTest {
  private static final Path ROOT = Path.of(System.getProperty("openmm7.corpus")).resolve("../..").normalize();

  @Test
  void theBenchRunsTheStubWithTheLaunchersOptions() throws Exception {
    String script = Files.readString(ROOT.resolve("mm7"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("\\n\\s*\\*\\) default_opts=\"([^\"]*)\"").matcher(script);
    assertTrue(m.find(), "the launcher's default options for mm7 stub");
    assertEquals(List.of(m.group(1).trim().split("\\s+")), Bench.LAUNCHER_JVM_OPTIONS);
  }

  @Test
  void thisJvmKnowsEachOption() throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : Bench.LAUNCHER_JVM_OPTIONS) {
      boolean trimKnown = Runtime.version().compareTo(Runtime.Version.parse("17.0.9")) >= 0;
      if (!option.equals("-XX:+IgnoreUnrecognizedVMOptions") && (trimKnown || !option.contains("TrimNativeHeap"))) {
        cmd.add(option);
      }
    }
    cmd.add("-version");
    Process java = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    java.getInputStream().transferTo(out);
    assertTrue(java.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, java.exitValue(), cmd + ":\n" + out.toString(StandardCharsets.UTF_8));
  }
}
