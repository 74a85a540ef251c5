package org.openmm7.client.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Test support: the hostile corpus ({@code src/corpus/hostile}, see its README). A case is a
 * {@code .http} file or a {@code .gen} descriptor expanded into a stream, with placeholders for the
 * XXE target file and the canary URL. The stub module's tests use it through mm7-client's test jar.
 */
public final class HostileCorpus {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The secrets and the canary: one per test class. */
  public static final class Traps implements AutoCloseable {
    public final String marker = "SECRET-MARKER-" + UUID.randomUUID();
    public final Path secretFile;
    public final ServerSocket canary;
    public final AtomicInteger canaryHits = new AtomicInteger();
    private final Thread acceptor;

    public Traps() throws IOException {
      secretFile = Files.createTempFile("mm7-hostile-secret-", ".txt");
      Files.writeString(secretFile, marker + "\n");
      canary = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = new Thread(() -> {
        while (!canary.isClosed()) {
          try {
            Socket s = canary.accept();
            canaryHits.incrementAndGet();
            s.close();
          } catch (IOException e) {
            return;
          }
        }
      }, "canary");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    public String canaryUrl() {
      return "http://127.0.0.1:" + canary.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      canary.close();
      Files.deleteIfExists(secretFile);
    }
  }

  /** One case: its name, its file, what it expects. */
  public record Case(String name, Path file, JsonNode expected) {
    public boolean generated() {
      return file.toString().endsWith(".gen");
    }

    public int http() {
      return expected.path("http").asInt();
    }

    /** The MM7 status expected, or null. */
    public Integer status() {
      JsonNode s = expected.path("status");
      return s.isNumber() ? s.asInt() : null;
    }

    /** The decoder reason the stub records, or null. */
    public String reason() {
      JsonNode s = expected.path("reason");
      return s.isTextual() ? s.asText() : null;
    }

    /** What the codec says of the capture: a reason, or "accepted". */
    public String codec() {
      JsonNode c = expected.path("codec");
      if (c.isTextual()) {
        return c.asText();
      }
      String r = reason();
      return r == null ? "accepted" : r;
    }

    /** The whole message with placeholders filled in, as a stream, and its length. */
    public Message open(Traps traps) throws IOException {
      if (!generated()) {
        byte[] all = substitute(Files.readAllBytes(file), traps);
        return new Message(new ByteArrayInputStream(all), all.length);
      }
      JsonNode g = JSON.readTree(file.toFile());
      List<byte[]> pieces = new ArrayList<>();
      List<Long> counts = new ArrayList<>();
      long bodyLength = 0;
      for (JsonNode seg : g.path("body")) {
        byte[] b;
        long n;
        if (seg.has("text")) {
          b = substitute(latin1(seg.get("text").asText()), traps);
          n = 1;
        } else {
          b = latin1(seg.get("repeat").asText());
          n = seg.get("count").asLong();
        }
        pieces.add(b);
        counts.add(n);
        bodyLength += b.length * n;
      }
      String headText = g.path("head").asText().replace("@CONTENT_LENGTH@", Long.toString(bodyLength));
      byte[] head = substitute(latin1(headText), traps);
      List<InputStream> streams = new ArrayList<>();
      streams.add(new ByteArrayInputStream(head));
      for (int i = 0; i < pieces.size(); i++) {
        streams.add(new Repeat(pieces.get(i), counts.get(i)));
      }
      return new Message(new SequenceInputStream(Collections.enumeration(streams)), head.length + bodyLength);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A message as a stream (read it once) and its length in bytes. */
  public record Message(InputStream stream, long length) {
    public byte[] readAll() throws IOException {
      return stream.readAllBytes();
    }
  }

  private HostileCorpus() {}

  public static Path corpus() {
    String p = System.getProperty("openmm7.corpus");
    return p != null ? Path.of(p) : Path.of("..", "src", "corpus");
  }

  public static Path directory() {
    return corpus().resolve("hostile");
  }

  public static List<Case> requests() throws IOException {
    return load(directory());
  }

  public static List<Case> responses() throws IOException {
    return load(directory().resolve("responses"));
  }

  private static List<Case> load(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".http") || p.toString().endsWith(".gen")).sorted()
          .collect(Collectors.toList());
    }
    List<Case> out = new ArrayList<>();
    for (Path f : files) {
      String fn = f.getFileName().toString();
      String name = fn.substring(0, fn.lastIndexOf('.'));
      JsonNode e = JSON.readTree(f.resolveSibling(name + ".expected.json").toFile());
      out.add(new Case(name, f, e));
    }
    return out;
  }

  static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Fills in @SECRET_FILE@ and @CANARY_URL@, then @CONTENT_LENGTH@ (of the body after the head). */
  static byte[] substitute(byte[] in, Traps traps) {
    String s = new String(in, StandardCharsets.ISO_8859_1);
    if (s.indexOf('@') < 0) {
      return in;
    }
    s = s.replace("@SECRET_FILE@", traps.secretFile.toAbsolutePath().toString().replace('\\', '/'))
        .replace("@CANARY_URL@", traps.canaryUrl());
    if (s.contains("@CONTENT_LENGTH@")) {
      int end = s.indexOf("\r\n\r\n");
      if (end >= 0) {
        int bodyLength = s.length() - end - 4;
        s = s.replace("@CONTENT_LENGTH@", Integer.toString(bodyLength));
      }
    }
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A byte array repeated count times, without holding the result. */
  static final class Repeat extends InputStream {
    private final byte[] unit;
    private long remaining;
    private int pos;

    Repeat(byte[] unit, long count) {
      this.unit = unit;
      this.remaining = unit.length == 0 ? 0 : count;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (remaining == 0) {
        return -1;
      }
      int n = 0;
      while (n < len && remaining > 0) {
        int k = Math.min(len - n, unit.length - pos);
        System.arraycopy(unit, pos, b, off + n, k);
        n += k;
        pos += k;
        if (pos == unit.length) {
          pos = 0;
          remaining--;
        }
      }
      return n;
    }
  }

  /** Whether the marker occurs in these bytes (ISO-8859-1, UTF-8 and UTF-16 all show it as ASCII or spaced). */
  public static boolean leaks(byte[] bytes, String marker) {
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    return s.contains(marker) || s.replace("\0", "").contains(marker);
  }
}
