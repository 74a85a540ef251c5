package org.openmm7.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what {@link SubmitProfile} wrote (collapsed stacks with thread names, and each profiled
 * turn's messages, CPU and bytes) and prints, per pairing and for the differences that make the
 * MM7 work (client to stub less raw POST to the ceiling; its stub side and client side), the
 * microseconds of CPU and the bytes allocated per message by side (the thread that ran it) and
 * part of the code. A sample's part is that of the frame nearest its leaf that names one
 * ({@link #PARTS}, longest prefix first): a JDK method called by the codec counts as the codec's,
 * Jetty called by the stub as Jetty's. The samples of each turn are scaled to the CPU that turn
 * measured (the compiler threads' left out), so that every column adds up to the measured whole;
 * when the rounds measured without the profiler are there ({@code measured.txt}), to theirs (the
 * profiler's own cost left out); the scales are printed.
 *
 * <p>{@code java -cp mm7.jar org.openmm7.bench.ProfileBreakdown DIR [cpu|alloc|both]}
 */
public final class ProfileBreakdown {
  /** Class or package prefixes (dotted) and the part they belong to; the longest matching prefix wins. */
  static final Map<String, String> PARTS = new LinkedHashMap<>();

  static {
    part("XML scanner (Aalto)", "com.fasterxml.aalto", "org.codehaus.stax2");
    part("XML tree and pre-scan", "org.openmm7.client.internal.soap.XmlTreeReader",
        "org.openmm7.client.internal.soap.XmlNode", "org.openmm7.client.internal.soap.XmlText");
    part("SOAP decode: model, checks", "org.openmm7.client.internal.soap.SoapDecoder",
        "org.openmm7.client.internal.soap.SchemaPaths", "org.openmm7.client.internal.soap.ContentResolver",
        "org.openmm7.client.internal.soap.Durations", "org.openmm7.schema");
    part("SOAP encode", "org.openmm7.client.internal.soap.SoapEncoder", "org.openmm7.client.internal.soap.EncodeSchema",
        "org.openmm7.client.internal.soap.OutElement", "org.openmm7.client.internal.soap.XmlBytes",
        "org.openmm7.client.internal.ByteBuilder");
    part("MIME decode", "org.openmm7.client.internal.mime", "org.openmm7.client.content.ContentType",
        "org.openmm7.client.content.TextPart.decode");
    part("MIME encode", "org.openmm7.client.internal.mime.MimeWriter", "org.openmm7.client.internal.mime.EncodedPart",
        "org.openmm7.client.internal.mime.PartWriter", "org.openmm7.client.internal.mime.RandomIds",
        "org.openmm7.client.content.ContentType.append", "org.openmm7.client.content.TextPart.writeTo");
    part("codec entry (Mm7Codec, findings)", "org.openmm7.client.codec");
    part("model objects (messages, parts)", "org.openmm7.client.message", "org.openmm7.client.content");
    part("client glue (Mm7Client, transport)", "org.openmm7.client");
    part("HttpClient", "org.apache.hc");
    part("Jetty", "org.eclipse.jetty");
    part("stub: recording (head, recordings, awaiting)", "org.openmm7.stub.internal.http.RequestRecorder", "org.openmm7.stub.internal.http.RequestHead",
        "org.openmm7.stub.internal.http.Recordings", "org.openmm7.stub.RecordedRequest", "org.openmm7.stub.internal.http.ChunkRecording",
        "org.openmm7.stub.internal.http.Awaiting");
    part("stub: body arrival", "org.openmm7.stub.internal.http.BodyArrival", "org.openmm7.stub.internal.http.BodyBuffer");
    part("stub: decisions, reply, store off", "org.openmm7.stub.internal.http.StubDecisions", "org.openmm7.stub.Dispatcher",
        "org.openmm7.stub.StubScript", "org.openmm7.stub.internal.http.ReplyScript", "org.openmm7.stub.StubReply",
        "org.openmm7.stub.internal.store.MessageStore", "org.openmm7.stub.internal.store.MessageIndex", "org.openmm7.stub.internal.http.FaultWriter",
        "org.openmm7.stub.internal.store");
    part("stub: listeners, inbox events", "org.openmm7.stub.internal.http.StubListeners", "org.openmm7.stub.inbox");
    part("stub: exchange (Mm7Exchange, checks)", "org.openmm7.stub");
    part("bench harness (load, raw poster, ceiling)", "org.openmm7.bench");
    part("socket I/O", "sun.nio.ch", "java.net.Socket", "sun.nio.ch.NioSocketImpl", "java.net.SocketInputStream",
        "java.net.SocketOutputStream");
    part("threads: park, wake", "jdk.internal.misc.Unsafe.park", "jdk.internal.misc.Unsafe.unpark",
        "java.util.concurrent.locks.LockSupport");
  }

  private static void part(String name, String... prefixes) {
    for (String p : prefixes) {
      PARTS.put(p, name);
    }
  }

  private ProfileBreakdown() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    String which = args.length > 1 ? args[1] : "both";
    if (!which.equals("alloc")) {
      print(dir, "cpu", "us CPU per message");
    }
    if (!which.equals("cpu")) {
      print(dir, "alloc", "bytes allocated per message");
    }
  }

  private static void print(Path dir, String event, String unit) throws IOException {
    int n = SubmitProfile.FILES.length;
    List<Map<String, Double>> columns = new java.util.ArrayList<>();
    StringBuilder scales = new StringBuilder();
    for (int op = 0; op < n; op++) {
      String base = SubmitProfile.FILES[op] + "-" + event;
      String[] turn = Files.readString(dir.resolve(base + ".turn")).trim().split(" ");
      long messages = Long.parseLong(turn[0]);
      double measured = Long.parseLong(event.equals("cpu") ? turn[1] : turn[2]) / (event.equals("cpu") ? 1e3 : 1.0)
          / messages;
      double unprofiled = unprofiled(dir, SubmitProfile.FILES[op], event.equals("cpu") ? 1 : 4);
      double scaleTo = Double.isNaN(unprofiled) ? measured : unprofiled;
      Map<String, Long> weights = new TreeMap<>();
      long total = 0;
      for (String line : Files.readAllLines(dir.resolve(base + ".collapsed"))) {
        int space = line.lastIndexOf(' ');
        if (space < 0) {
          continue;
        }
        long w = Long.parseLong(line.substring(space + 1).trim());
        String[] frames = line.substring(0, space).split(";");
        String side = side(frames[0]);
        if (side.equals("jit")) {
          continue; // left out of the measured CPU too
        }
        weights.merge(side + " | " + part(frames, side), w, Long::sum);
        total += w;
      }
      Map<String, Double> column = new TreeMap<>();
      for (Map.Entry<String, Long> e : weights.entrySet()) {
        column.put(e.getKey(), scaleTo * e.getValue() / total);
      }
      columns.add(column);
      double raw = event.equals("cpu") ? total * intervalMicros(turn[3]) / 1e3 / messages : total / (double) messages;
      scales.append(String.format(Locale.ROOT, " %s %.1f/%.1f/%.1f", SubmitProfile.FILES[op], raw, measured, scaleTo));
    }
    java.util.SortedSet<String> rows = new java.util.TreeSet<>();
    columns.forEach(c -> rows.addAll(c.keySet()));
    System.out.printf(Locale.ROOT, "%n== %s (profiler/profiled turn/unprofiled rounds, scaled to the last:%s)%n", unit,
        scales);
    System.out.printf(Locale.ROOT, "%-62s %9s %9s %9s %9s | %9s %9s %9s%n", "side | part", "cl>stub", "raw>stub",
        "cl>ceil", "raw>ceil", "MM7 work", "stub side", "cl side");
    double[] sums = new double[n + 3];
    for (String row : rows) {
      double[] v = new double[n];
      for (int op = 0; op < n; op++) {
        v[op] = columns.get(op).getOrDefault(row, 0.0);
        sums[op] += v[op];
      }
      double[] d = {v[0] - v[3], v[1] - v[3], v[2] - v[3]};
      for (int k = 0; k < 3; k++) {
        sums[n + k] += d[k];
      }
      System.out.printf(Locale.ROOT, "%-62s %9.1f %9.1f %9.1f %9.1f | %9.1f %9.1f %9.1f%n", row, v[0], v[1], v[2], v[3],
          d[0], d[1], d[2]);
    }
    System.out.printf(Locale.ROOT, "%-62s %9.1f %9.1f %9.1f %9.1f | %9.1f %9.1f %9.1f%n", "total", sums[0], sums[1],
        sums[2], sums[3], sums[4], sums[5], sums[6]);
  }

  /**
   * A pairing's figure from the rounds measured without the profiler ({@code measured.txt}: field 1
   * the CPU us per message, field 4 the bytes per message), or NaN.
   */
  static double unprofiled(Path dir, String pairing, int field) throws IOException {
    Path file = dir.resolve("measured.txt");
    if (!Files.exists(file)) {
      return Double.NaN;
    }
    for (String line : Files.readAllLines(file)) {
      String[] f = line.trim().split("\\s+");
      if (f[0].equals(pairing)) {
        return Double.parseDouble(f[field]);
      }
    }
    return Double.NaN;
  }

  /** Microseconds in an async-profiler interval such as {@code 500us}, {@code 1ms} or {@code 200000} (nanoseconds). */
  static double intervalMicros(String interval) {
    if (interval.endsWith("us")) {
      return Double.parseDouble(interval.substring(0, interval.length() - 2));
    }
    if (interval.endsWith("ms")) {
      return Double.parseDouble(interval.substring(0, interval.length() - 2)) * 1e3;
    }
    return Double.parseDouble(interval) / 1e3;
  }

  /** The side of a sample, from the thread name async-profiler puts first ({@code [name tid=N]}). */
  static String side(String threadFrame) {
    String name = threadFrame.startsWith("[") ? threadFrame.substring(1) : threadFrame;
    String group = SubmitProfile.group(name);
    return switch (group) {
      case "stub", "ceiling" -> "server";
      default -> group;
    };
  }

  /** The part of a sample: that of the frame nearest the leaf that names one; else by the side. */
  static String part(String[] frames, String side) {
    for (int i = frames.length - 1; i > 0; i--) {
      String frame = frames[i];
      int suffix = frame.indexOf("_[");
      String name = (suffix > 0 ? frame.substring(0, suffix) : frame).replace('/', '.');
      String best = null;
      int bestLength = -1;
      for (Map.Entry<String, String> e : PARTS.entrySet()) {
        if (name.startsWith(e.getKey()) && e.getKey().length() > bestLength) {
          best = e.getValue();
          bestLength = e.getKey().length();
        }
      }
      if (best != null) {
        return best;
      }
    }
    return side.equals("gc") ? "collector" : "JVM, JDK (no part named)";
  }
}
