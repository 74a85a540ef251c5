package org.openmm7.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What one forced record costs the disk the store is on (issue 15): a write of {@code size} bytes
 * and {@code FileChannel.force(false)} (an {@code fdatasync}), one after the other, appended to a
 * growing file against written over a file whose blocks were written (zeros) and forced before,
 * as the store's zero fill leaves them. On ext4 the first also commits the journal (the file's
 * new size, its new blocks); the second is a flush of the data alone. Alternating rounds, as the
 * other cases. Run: {@code java -cp mm7.jar org.openmm7.bench.ForceCase [records] [size] [rounds] [dir]}.
 */
public final class ForceCase {
  private ForceCase() {}

  public static void main(String[] args) throws IOException {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 1100;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("mm7-force-case");
    Files.createDirectories(dir);
    PrintWriter out = new PrintWriter(System.out, true);
    long[] appended = new long[records * rounds];
    long[] overwritten = new long[records * rounds];
    for (int r = 0; r < rounds; r++) {
      if (r % 2 == 0) {
        append(dir, records, size, appended, r * records);
        overwrite(dir, records, size, overwritten, r * records);
      } else {
        overwrite(dir, records, size, overwritten, r * records);
        append(dir, records, size, appended, r * records);
      }
    }
    print(out, "appended to a growing file", size, appended);
    print(out, "over written zeros        ", size, overwritten);
    out.printf("load average %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
  }

  private static void append(Path dir, int records, int size, long[] times, int from) throws IOException {
    Path file = dir.resolve("appended.log");
    Files.deleteIfExists(file);
    ByteBuffer b = record(size);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < records; i++) {
        long start = System.nanoTime();
        ch.write(b.clear());
        ch.force(false);
        times[from + i] = System.nanoTime() - start;
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void overwrite(Path dir, int records, int size, long[] times, int from) throws IOException {
    Path file = dir.resolve("zeros.log");
    Files.deleteIfExists(file);
    ByteBuffer b = record(size);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
      for (long at = 0; at < (long) records * size; ) {
        at += ch.write(zeros.clear(), at);
      }
      ch.force(true);
      for (int i = 0; i < records; i++) {
        long start = System.nanoTime();
        ch.write(b.clear(), (long) i * size);
        ch.force(false);
        times[from + i] = System.nanoTime() - start;
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static ByteBuffer record(int size) {
    ByteBuffer b = ByteBuffer.allocateDirect(size);
    while (b.hasRemaining()) {
      b.put((byte) 0x5a);
    }
    return b;
  }

  private static void print(PrintWriter out, String what, int size, long[] times) {
    long[] t = times.clone();
    Arrays.sort(t);
    double sum = 0;
    for (long x : t) {
      sum += x;
    }
    out.printf("  %s %7d B: mean %7.3f ms  p50 %7.3f  p99 %7.3f  (%d records)%n", what, size, sum / t.length / 1e6,
        t[t.length / 2] / 1e6, t[(int) (t.length * 0.99)] / 1e6, t.length);
  }
}
