package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A long-running command ({@code mm7 stub}, {@code mm7 listen}) started in the background, once it
 * printed "Press Ctrl-C": what it printed until then, and its exit status to come.
 */
record Started(String printed, CompletableFuture<Integer> exit) {
  static Started run(CommandLine cl, String... args) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    StringBuilder printed = new StringBuilder();
    Writer w = new Writer() {
      @Override
      public void write(char[] c, int off, int len) {
        synchronized (printed) {
          printed.append(c, off, len);
          if (printed.indexOf("Press Ctrl-C") >= 0) {
            started.countDown();
          }
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    cl.setOut(new PrintWriter(w, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute(args));
    boolean ok = started.await(30, TimeUnit.SECONDS);
    synchronized (printed) {
      assertTrue(ok, "started: " + printed);
      return new Started(printed.toString(), exit);
    }
  }

  /** The loopback port it said it listens on. */
  int port() {
    Matcher m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(printed);
    assertTrue(m.find(), printed);
    return Integer.parseInt(m.group(1));
  }
}
