package org.openmm7.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The stub's message store alone (its {@code MessageStore}: the log and the message table, no HTTP,
 * no codec) of two builds in one JVM, for a before/after figure of the table's cost on a shared
 * machine. Each jar (an {@code mm7.jar} of any build with the segment log and {@code
 * messages.tbl}) is loaded by a class loader of its own; the store's class is found in the package
 * it has in that build ({@code org.openmm7.stub} or {@code org.openmm7.stub.internal.store}) and
 * driven by reflection. A round, per build (the order alternating each round): a new store, {@code
 * threads} threads taking a new MessageID ({@code newMessageId}, the lookup that proves it unused)
 * and accepting a record without a body until {@code records} are stored (so the table's cost is
 * as large a share as it can be), the heap after a full GC with the store open, a clean close and
 * start (timed), then what a kill leaves (the table's header marked open, as a start marks it) and
 * a start that rebuilds the table from the log (timed). Prints each round and the load average.
 *
 * <p>{@code java -Xmx256m -cp mm7.jar org.openmm7.bench.IndexAb before.jar after.jar 1000000 64 2 DIR}
 * (records, threads, rounds, a directory for the stores: on the disk being measured).
 */
public final class IndexAb {
  private static final String[] PACKAGES = {"org.openmm7.stub.internal.store", "org.openmm7.stub"};
  private static final long SEGMENT = 64L * 1024 * 1024;
  /** Where the table's header says whether it was closed cleanly (a start marks it open). */
  private static final int AT_CLEAN = 32;

  private IndexAb() {}

  /** One build's store, driven by reflection. */
  private static final class Build {
    final String name;
    final Constructor<?> store;
    final Constructor<?> message;
    final Object accepted;
    final Method newMessageId;
    final Method accept;
    final Method close;
    final Method count;

    Build(String name, Path jar) throws Exception {
      this.name = name;
      ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      String pkg = null;
      for (String p : PACKAGES) {
        try {
          Class.forName(p + ".MessageStore", false, loader);
          pkg = p;
          break;
        } catch (ClassNotFoundException e) {
          // not in this build's layout
        }
      }
      if (pkg == null) {
        throw new IllegalArgumentException(jar + " has no MessageStore");
      }
      Class<?> storeClass = Class.forName(pkg + ".MessageStore", true, loader);
      Class<?> messageClass = Class.forName("org.openmm7.stub.StoredMessage", true, loader);
      Class<?> stateClass = Class.forName("org.openmm7.stub.StoredMessage$State", true, loader);
      store = accessible(storeClass.getDeclaredConstructor(Path.class, int.class, long.class));
      message = accessible(messageClass.getDeclaredConstructor(String.class, String.class, String.class, String.class,
          Instant.class, stateClass, int.class));
      accepted = stateClass.getEnumConstants()[0];
      newMessageId = accessible(storeClass.getDeclaredMethod("newMessageId"));
      Method a = null;
      for (Method m : storeClass.getDeclaredMethods()) {
        if (m.getName().equals("accept") && m.getParameterCount() == 3) {
          a = m;
        }
      }
      accept = accessible(a);
      close = accessible(storeClass.getDeclaredMethod("close"));
      count = accessible(storeClass.getDeclaredMethod("count"));
    }

    private static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
      member.setAccessible(true);
      return member;
    }

    Object open(Path dir) throws Exception {
      return invoke(() -> store.newInstance(dir, 0, SEGMENT));
    }
  }

  private interface Call {
    Object call() throws Exception;
  }

  private static Object invoke(Call c) throws Exception {
    try {
      return c.call();
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: IndexAb before.jar after.jar [records] [threads] [rounds] [dir]");
      System.exit(2);
    }
    PrintStream out = System.out;
    int records = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    Path base = args.length > 5 ? Path.of(args[5]) : Files.createTempDirectory("mm7-index-ab");
    Build[] builds = {new Build("before", Path.of(args[0])), new Build("after", Path.of(args[1]))};
    out.printf("MessageStore alone, %,d records without bodies, %d threads, %d rounds (%s)%n", records, threads,
        rounds, base);
    out.println("| round | build | accepts/s | heap after GC, MB | clean start, s | start after a kill (rebuild), s "
        + "| load average |");
    out.println("|---|---|---:|---:|---:|---:|---|");
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < 2; k++) {
        Build b = builds[(r + k) % 2];
        Path dir = base.resolve("round-" + r + "-" + b.name);
        round(out, r, b, dir, records, threads);
        deleteTree(dir);
      }
    }
  }

  private static void round(PrintStream out, int round, Build b, Path dir, int records, int threads)
      throws Exception {
    Files.createDirectories(dir);
    Object store = b.open(dir);
    AtomicLong left = new AtomicLong(records);
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> writers = new ArrayList<>();
    Instant at = Instant.now();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        try {
          while (left.getAndDecrement() > 0) {
            String id = (String) invoke(() -> b.newMessageId.invoke(store));
            Object m = b.message.newInstance(id, "vasp", "tx", "REL-6-MM7-1-4", at, b.accepted, 0);
            invoke(() -> b.accept.invoke(store, m, null, null));
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }, "index-ab-" + t);
      w.start();
      writers.add(w);
    }
    for (Thread w : writers) {
      w.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a store write failed", failures.get(0));
    }
    System.gc();
    double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
    invoke(() -> b.close.invoke(store));
    double clean = timedStart(b, dir, records);
    try (FileChannel ch = FileChannel.open(dir.resolve("messages.tbl"), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(4), AT_CLEAN); // what a kill leaves: the header as the start marked it, open
    }
    double rebuild = timedStart(b, dir, records);
    out.printf(Locale.ROOT, "| %d | %s | %,.0f | %.1f | %.2f | %.2f | %s |%n", round, b.name, records / seconds, heap,
        clean, rebuild, Files.readString(Path.of("/proc/loadavg")).trim());
  }

  private static double timedStart(Build b, Path dir, int records) throws Exception {
    long start = System.nanoTime();
    Object store = b.open(dir);
    double seconds = (System.nanoTime() - start) / 1e9;
    long count = (long) invoke(() -> b.count.invoke(store));
    invoke(() -> b.close.invoke(store));
    if (count != records) {
      throw new IllegalStateException(b.name + ": " + count + " messages after a start, not " + records);
    }
    return seconds;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
