package org.openmm7.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The submit case's MM7 work of two builds in one JVM, for a before/after figure on a machine
 * shared with other work ({@link CodecAb} does the same for the codec alone). Each jar (an {@code
 * mm7.jar} of any build whose bench has the submit case's ceiling) is loaded by a class loader of
 * its own, into which {@link SubmitAbSide} is defined from this jar; each side starts a stub as the
 * submit case does, a ceiling and the four pairings of {@link #PAIRINGS}. After a warm-up of
 * everything, the pairings of both builds run in alternating turns (order rotated each round), so
 * that load from elsewhere falls on both alike. Prints per build and pairing the process CPU (the
 * compiler threads' left out, {@link CompilerThreads}) and the bytes allocated (all threads) per
 * message, then the MM7 work (client to stub less raw POST to the ceiling), its stub side (raw POST
 * to the stub less raw POST to the ceiling) and its client side (client to the ceiling less raw
 * POST to the ceiling). Allocation is what the load does not move; CPU wants a quiet machine.
 *
 * <p>{@code java -cp mm7.jar org.openmm7.bench.SubmitAb before.jar after.jar text-1k 8 60 10 1000}
 * (message, concurrency, warm-up seconds, rounds, turn milliseconds).
 */
public final class SubmitAb {
  static final String[] PAIRINGS = {"client->stub", "raw->stub", "client->ceiling", "raw->ceiling"};
  private static final String SIDE = "org.openmm7.bench.SubmitAbSide";

  private SubmitAb() {}

  /** A build's jar, with {@link SubmitAbSide} (and its nested classes) defined from this jar into the build's package. */
  private static final class BuildLoader extends URLClassLoader {
    BuildLoader(Path jar) throws IOException {
      super(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.equals(SIDE) && !name.startsWith(SIDE + "$")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c != null) {
          return c;
        }
        try (InputStream in = SubmitAb.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
          if (in == null) {
            throw new ClassNotFoundException(name);
          }
          byte[] b = in.readAllBytes();
          return defineClass(name, b, 0, b.length);
        } catch (IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: SubmitAb A.jar B.jar [message] [concurrency] [warm-up s] [rounds] [turn ms]");
      System.exit(2);
    }
    PrintStream out = System.out;
    String message = args.length > 2 ? args[2] : "text-1k";
    int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    long warmUpSeconds = args.length > 4 ? Long.parseLong(args[4]) : 60;
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 10;
    long turnMillis = args.length > 6 ? Long.parseLong(args[6]) : 1000;
    Object[] sides = new Object[2];
    Method[] run = new Method[2];
    String tmp = System.getProperty("java.io.tmpdir");
    for (int j = 0; j < 2; j++) {
      ClassLoader loader = new BuildLoader(Path.of(args[j]));
      Thread.currentThread().setContextClassLoader(loader);
      // each stub claims a spool directory of its own under the temporary directory of its build
      System.setProperty("java.io.tmpdir", Files.createTempDirectory("mm7-ab-").toString());
      Class<?> type = loader.loadClass(SIDE);
      sides[j] = type.getConstructor(String.class, int.class).newInstance(message, concurrency);
      run[j] = type.getMethod("run", int.class, long.class);
    }
    System.setProperty("java.io.tmpdir", tmp);
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long warmEnd = System.nanoTime() + warmUpSeconds * 1_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      for (int op = 0; op < PAIRINGS.length; op++) {
        for (int j = 0; j < 2; j++) {
          run[j].invoke(sides[j], op, 250L);
        }
      }
    }
    long[][] cpu = new long[2][PAIRINGS.length];
    long[][] count = new long[2][PAIRINGS.length];
    long[][] bytes = new long[2][PAIRINGS.length];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < PAIRINGS.length; k++) {
        int op = r % 2 == 0 ? k : PAIRINGS.length - 1 - k;
        for (int turn = 0; turn < 2; turn++) {
          int j = (r + k + turn) % 2;
          long b0 = mx.getTotalThreadAllocatedBytes();
          java.util.Map<String, Long> compilers = CompilerThreads.snapshot();
          long c0 = cpuNanosWithoutCompilers(compilers);
          long n = (Long) run[j].invoke(sides[j], op, turnMillis);
          cpu[j][op] += cpuNanosWithoutCompilers(compilers) - c0;
          bytes[j][op] += mx.getTotalThreadAllocatedBytes() - b0;
          count[j][op] += n;
        }
      }
    }
    double[][] us = new double[2][PAIRINGS.length];
    long[][] perMessage = new long[2][PAIRINGS.length];
    for (int j = 0; j < 2; j++) {
      for (int op = 0; op < PAIRINGS.length; op++) {
        us[j][op] = cpu[j][op] / 1e3 / count[j][op];
        perMessage[j][op] = bytes[j][op] / count[j][op];
        out.printf(Locale.ROOT, "%s %-16s %9.1f us CPU/msg %9d B/msg %9d msgs%n", j == 0 ? "A" : "B", PAIRINGS[op],
            us[j][op], perMessage[j][op], count[j][op]);
      }
    }
    for (int j = 0; j < 2; j++) {
      out.printf(Locale.ROOT, "%s MM7 work %.1f us (stub side %.1f, client side %.1f); allocated over raw HTTP %d B"
              + " (stub side %d, client side %d)%n", j == 0 ? "A" : "B", us[j][0] - us[j][3], us[j][1] - us[j][3],
          us[j][2] - us[j][3], perMessage[j][0] - perMessage[j][3], perMessage[j][1] - perMessage[j][3],
          perMessage[j][2] - perMessage[j][3]);
    }
    out.printf(Locale.ROOT, "B/A: MM7 work %.2f, stub side %.2f, client side %.2f%n",
        (us[1][0] - us[1][3]) / (us[0][0] - us[0][3]), (us[1][1] - us[1][3]) / (us[0][1] - us[0][3]),
        (us[1][2] - us[1][3]) / (us[0][2] - us[0][3]));
    out.flush();
    System.exit(0); // the sides' servers and clients: no need to stop them one by one
  }

  /** This process's CPU time less what its JIT compiler threads spent since {@code compilers} was taken. */
  private static long cpuNanosWithoutCompilers(java.util.Map<String, Long> compilers) {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
        - CompilerThreads.between(compilers, CompilerThreads.snapshot());
  }
}
