package org.openmm7.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The accepted messages, in memory and, with a directory, on disk: per message
 * {@code <MessageID>.http} (the request as received, credentials redacted), a
 * {@code <MessageID>.json} summary, and {@code <MessageID>.replace-<n>.http} for replacements.
 * Every file is written to a temporary name, forced to disk and renamed, and the directory forced,
 * before the caller answers 1000. A write that fails ({@link StoreFailure}: disk full, a read-only
 * directory) leaves nothing behind: its temporary file and the files of the same message written
 * before it are removed, and the message is not kept in memory either.
 *
 * <p>At start the directory must be writable (a file is written and removed), and every summary
 * that cannot be read (empty, truncated, corrupt) is moved to {@code unreadable/} beside it and
 * named in a warning; the others are served. Temporary files of writes a killed stub left are removed.
 */
final class MessageStore {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MessageStore.class);

  /** A store write that failed: the message is not stored, and the caller must not answer 1000. */
  static final class StoreFailure extends IOException {
    StoreFailure(String message, IOException cause) {
      super(message, cause);
    }
  }

  /** A failure point before each write, for tests of a full or failing disk. */
  interface WriteFault {
    WriteFault NONE = file -> {};

    void beforeWrite(Path file) throws IOException;
  }

  /** Jackson is loaded only when a store directory is used: it costs a stub without one ~100 ms at start. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final Path directory;
  private final Map<String, StoredMessage> messages = new LinkedHashMap<>();
  private final String bootId;
  private final AtomicLong counter = new AtomicLong();
  private volatile WriteFault writeFault = WriteFault.NONE;

  MessageStore(Path directory) throws IOException {
    this.directory = directory;
    // tells this run's IDs from an earlier run's: unique, not secret (a SecureRandom costs a cold start ~15 ms)
    this.bootId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    if (directory != null) {
      StartFiles.requireWritableDirectory(directory, "the store directory");
      load();
    }
  }

  void writeFault(WriteFault fault) {
    this.writeFault = fault;
  }

  private void load() throws IOException {
    List<StoredMessage> loaded = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.tmp")) {
      for (Path p : ds) {
        Files.deleteIfExists(p); // a write that never completed: its message was not answered 1000
      }
    }
    List<String> unreadable = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.json")) {
      for (Path p : ds) {
        try {
          loaded.add(read(p));
        } catch (IOException | RuntimeException e) {
          StartFiles.setAside(directory, p, e);
          String name = p.getFileName().toString();
          unreadable.add(name.substring(0, name.length() - ".json".length()) + ".");
        }
      }
    }
    if (!unreadable.isEmpty()) {
      // the request bytes of a message whose summary is set aside go with it (<id>.http, <id>.replace-<n>.http)
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.http")) {
        for (Path p : ds) {
          String name = p.getFileName().toString();
          if (unreadable.stream().anyMatch(name::startsWith)) {
            StartFiles.setAside(directory, p, new IOException("its summary is unreadable"));
          }
        }
      }
    }
    loaded.sort(java.util.Comparator.comparing(StoredMessage::receivedAt));
    for (StoredMessage m : loaded) {
      messages.put(m.messageId(), m);
    }
  }

  private static StoredMessage read(Path p) throws IOException {
    if (!Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("not a regular file");
    }
    JsonNode n = Json.MAPPER.readTree(p.toFile());
    if (n == null || !n.isObject()) {
      throw new IOException("not a JSON object (empty or truncated?)");
    }
    String id = n.path("messageId").asText("");
    if (id.isEmpty() || !p.getFileName().toString().equals(id + ".json")) {
      throw new IOException("its messageId \"" + id + "\" does not match the file name");
    }
    return new StoredMessage(id, n.hasNonNull("vaspId") ? n.get("vaspId").asText() : null,
        n.path("transactionId").asText(null), n.path("release").asText(null),
        Instant.parse(n.path("receivedAt").asText()), StoredMessage.State.valueOf(n.path("state").asText()),
        n.path("replacements").asInt());
  }

  Path directory() {
    return directory;
  }

  synchronized String newMessageId() {
    String id;
    do {
      id = "mm7stub-" + bootId + "-" + counter.incrementAndGet();
    } while (messages.containsKey(id));
    return id;
  }

  synchronized StoredMessage get(String messageId) {
    return messageId == null ? null : messages.get(messageId);
  }

  /**
   * The request a stored message was accepted with, as received (credentials masked), or null when
   * the store has no directory, no such request, or it is larger than {@code maxBytes}.
   */
  byte[] request(String messageId, long maxBytes) throws IOException {
    if (directory == null) {
      return null;
    }
    Path file = directory.resolve(messageId + ".http");
    if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(file) > maxBytes) {
      return null;
    }
    return Files.readAllBytes(file);
  }

  synchronized List<StoredMessage> all() {
    return List.copyOf(messages.values());
  }

  /** Keeps an accepted message (durably, with a directory) before the caller answers. */
  void accept(StoredMessage m, RecordedRequest raw, Supplier<ObjectNode> decoded) throws IOException {
    ObjectNode summary = directory != null ? decoded.get() : null; // outside the lock: it may decode
    synchronized (this) {
      if (directory != null) {
        Path http = directory.resolve(m.messageId() + ".http");
        writeDurably(http, raw::writeRawTo);
        try {
          writeSummary(m, summary);
        } catch (StoreFailure e) {
          deleteQuietly(http); // all or nothing: a request without its summary would never be loaded
          throw e;
        }
      }
      messages.put(m.messageId(), m);
    }
  }

  /** Changes a message's state (durably) before the caller answers. */
  synchronized void update(StoredMessage m, RecordedRequest replacement) throws IOException {
    if (directory != null) {
      Path replaced = null;
      if (replacement != null) {
        replaced = directory.resolve(m.messageId() + ".replace-" + m.replacements() + ".http");
        writeDurably(replaced, replacement::writeRawTo);
      }
      try {
        writeSummary(m, null);
      } catch (StoreFailure e) {
        if (replaced != null) {
          deleteQuietly(replaced);
        }
        throw e;
      }
    }
    messages.put(m.messageId(), m);
  }

  private void writeSummary(StoredMessage m, ObjectNode decoded) throws IOException {
    Path file = directory.resolve(m.messageId() + ".json");
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("messageId", m.messageId());
    o.put("vaspId", m.vaspId());
    o.put("transactionId", m.transactionId());
    o.put("release", m.release());
    o.put("receivedAt", m.receivedAt().toString());
    o.put("state", m.state().name());
    o.put("replacements", m.replacements());
    if (decoded != null) {
      o.set("decoded", decoded);
    } else if (Files.exists(file)) {
      try {
        JsonNode old = Json.MAPPER.readTree(file.toFile()).get("decoded");
        if (old != null) {
          o.set("decoded", old);
        }
      } catch (IOException e) {
        throw new StoreFailure("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    writeDurably(file, out -> out.write(bytes));
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.warn("cannot remove {} after a failed write: {}", p, e.toString());
    }
  }

  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private void writeDurably(Path target, Writer writer) throws StoreFailure {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        writeFault.beforeWrite(tmp);
        OutputStream out = Channels.newOutputStream(ch);
        writer.write(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new StoreFailure("cannot write " + target + ": " + e, e);
    }
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException ignored) {
      // some file systems cannot open a directory for forcing; the rename is still done
    }
  }
}
