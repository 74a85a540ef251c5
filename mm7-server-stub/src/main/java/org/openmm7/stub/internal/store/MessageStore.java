package org.openmm7.stub.internal.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.openmm7.client.message.Address;
import org.openmm7.stub.RecordedRequest;
import org.openmm7.stub.StartFiles;
import org.openmm7.stub.StoreStats;
import org.openmm7.stub.StoredMessage;

/**
 * The accepted messages. With a directory they are records in an append-only {@link StoreLog}
 * under {@code <directory>/messages} (each: the message's state and the request as received,
 * credentials redacted; records of older builds also carry the decoded message as JSON, skipped
 * when read; a state change or a replacement is a later record of the same
 * MessageID) found through a {@link MessageIndex}, a table in a file of the directory whose heap
 * does not grow with the store; a record is on disk, forced with the
 * others of its batch, before the caller answers 1000. Each record's key in the log's segment
 * indexes is its kind and MessageID: a start rebuilds the index from those, and a listing walks
 * them from the newest down ({@link #newestFirst}), neither reading the records' bodies. Without a directory the newest
 * {@code maxInMemory} messages are kept in memory and the oldest forgotten (and counted) beyond.
 *
 * <p>A directory of the layout before the log ({@code <MessageID>.json} and {@code .http} files) is
 * migrated at start: its messages are appended to the log, forced, and the old files removed;
 * summaries that cannot be read are moved to {@code unreadable/} as before ({@link LegacyStoreFiles}).
 */
public final class MessageStore implements AutoCloseable {
  /** A store write that failed: the message is not stored, and the caller must not answer 1000. */
  static final class StoreFailure extends IOException {
    StoreFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static final long DEFAULT_SEGMENT_SIZE = 64L * 1024 * 1024;
  private static final byte ACCEPT = 1;
  private static final byte UPDATE = 2;
  /** New records' summary: none (records of older builds carry JSON there, skipped by its length). */
  private static final byte[] NO_SUMMARY = new byte[0];
  /** Enough for any record's metadata; a longer one is read again whole. */
  private static final int PREFIX = 1024;

  private final Path directory;
  private final String bootId;
  private final AtomicLong counter = new AtomicLong();
  // without a directory: guarded by this
  private final int maxInMemory;
  private final LinkedHashMap<String, Entry> memory = new LinkedHashMap<>();
  private long forgotten;
  // with a directory
  private final StoreLog log;
  private final MessageIndex index; // guarded by itself

  /**
   * A message and what a report about it needs that the message does not say; with a directory,
   * where its first record (with the accepted request) is.
   */
  private record Entry(StoredMessage message, Address sender, long first) {
    Entry(StoredMessage message, Address sender) {
      this(message, sender, -1);
    }
  }

  public MessageStore(Path directory, int maxInMemory) throws IOException {
    this(directory, maxInMemory, DEFAULT_SEGMENT_SIZE);
  }

  public MessageStore(Path directory, int maxInMemory, long segmentSize) throws IOException {
    this.directory = directory;
    this.maxInMemory = maxInMemory;
    // tells this run's IDs from an earlier run's: unique, not secret (a SecureRandom costs a cold start ~15 ms)
    this.bootId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    if (directory == null) {
      this.log = null;
      this.index = null;
      return;
    }
    StartFiles.requireWritableDirectory(directory, "the store directory");
    this.log = new StoreLog(directory.resolve("messages"), segmentSize);
    try {
      // opened once the log's lock is held: a second stub on the directory must not touch the table
      this.index = MessageIndex.open(directory.resolve(MessageIndex.FILE), this::idAt);
    } catch (IOException | RuntimeException e) {
      log.close();
      throw e;
    }
    try {
      log.recover(PREFIX, this::keyOf, (location, key) -> {
        if (!index.covers(location)) {
          index.recovered(idOf(key), location, key[0] == UPDATE);
        }
      });
      index.started(log.rewroteAtRecovery(), table -> log.keysOldestFirst((location, key) -> {
        table.recovered(idOf(key), location, key[0] == UPDATE);
        return true;
      }));
      new LegacyStoreFiles(directory).migrate(this);
    } catch (IOException | RuntimeException e) {
      log.close();
      index.abandon();
      throw e;
    }
  }

  public void writeFault(StoreLog.Fault fault) {
    if (log != null) {
      log.fault(fault);
    }
  }

  Path directory() {
    return directory;
  }

  public String newMessageId() {
    String id;
    do {
      id = "mm7stub-" + bootId + "-" + counter.incrementAndGet();
    } while (contains(id));
    return id;
  }

  boolean contains(String id) {
    return get(id) != null;
  }

  /** A stored message, or null (also for one forgotten, and one whose record cannot be read). */
  public StoredMessage get(String messageId) {
    Entry e = entry(messageId);
    return e == null ? null : e.message();
  }

  /** The sender address of a stored submit, or null. */
  public Address sender(String messageId) {
    Entry e = entry(messageId);
    return e == null ? null : e.sender();
  }

  private Entry entry(String messageId) {
    if (messageId == null) {
      return null;
    }
    if (log == null) {
      synchronized (this) {
        return memory.get(messageId);
      }
    }
    try {
      long location;
      synchronized (index) {
        location = index.get(messageId);
      }
      return location < 0 ? null : read(location);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(MessageStore.class).warn("cannot read the stored message {}: {}",
          org.openmm7.client.internal.SafeText.escape(messageId), e.toString());
      return null;
    }
  }

  /** How many messages are stored (those in memory, without a directory). */
  public long count() {
    if (log == null) {
      synchronized (this) {
        return memory.size();
      }
    }
    synchronized (index) {
      return index.size();
    }
  }

  /** How many messages were forgotten to keep memory bounded (never, with a directory). */
  public synchronized long forgotten() {
    return forgotten;
  }

  /**
   * The stored messages accepted before {@code before} (a MessageID; null: the newest), newest
   * first, at most {@code max}: a page. With a directory it reads the segments' indexes from the
   * newest down and each listed message's latest record, never the whole store.
   *
   * @throws IllegalArgumentException when {@code before} is not a stored message
   */
  public List<StoredMessage> newestFirst(String before, int max) {
    List<StoredMessage> out = new ArrayList<>();
    if (max <= 0) {
      return out;
    }
    if (log == null) {
      List<Entry> all;
      synchronized (this) {
        all = new ArrayList<>(memory.values()); // bounded by maxInMemory
      }
      int from = all.size() - 1;
      if (before != null) {
        while (from >= 0 && !all.get(from).message().messageId().equals(before)) {
          from--;
        }
        if (from < 0) {
          throw new IllegalArgumentException("no stored message " + before);
        }
        from--;
      }
      for (int i = from; i >= 0 && out.size() < max; i--) {
        out.add(all.get(i).message());
      }
      return out;
    }
    long below = Long.MAX_VALUE;
    if (before != null) {
      Entry e = entry(before);
      if (e == null) {
        throw new IllegalArgumentException("no stored message " + before);
      }
      below = e.first();
    }
    try {
      log.keysNewestFirst(below, (location, key) -> {
        addAccepted(key, out);
        return out.size() < max;
      });
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  /** Every stored message in the order they were accepted, one at a time (the store is not read into memory). */
  public void forEach(java.util.function.Consumer<? super StoredMessage> action) {
    if (log == null) {
      List<Entry> all;
      synchronized (this) {
        all = new ArrayList<>(memory.values()); // bounded by maxInMemory
      }
      all.forEach(e -> action.accept(e.message()));
      return;
    }
    try {
      log.keysOldestFirst((location, key) -> {
        List<StoredMessage> one = new ArrayList<>(1);
        addAccepted(key, one);
        one.forEach(action);
        return true;
      });
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** For a message's first record: the message as it is now (its latest record), when it can be read. */
  private void addAccepted(byte[] key, List<StoredMessage> out) {
    if (key[0] == ACCEPT) {
      StoredMessage m = get(idOf(key));
      if (m != null) {
        out.add(m);
      }
    }
  }

  /**
   * The request a stored message was accepted with, as received (credentials masked), or null when
   * the store has no directory, no such message, or its request is larger than {@code maxBytes}.
   */
  public byte[] request(String messageId, long maxBytes) throws IOException {
    if (log == null) {
      return null;
    }
    Entry e = entry(messageId);
    if (e == null) {
      return null;
    }
    long from = requestOffset(e.first());
    long length = log.payloadLength(e.first()) - from;
    if (length > maxBytes) {
      return null;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) length);
    log.copyPayload(e.first(), from, out);
    return out.toByteArray();
  }

  /** Where in a record's payload the request's bytes start: after the metadata and the summary. */
  private long requestOffset(long location) throws IOException {
    int metaLength = readPrefixFully(location, PREFIX).getInt(0);
    int summaryLength = readPrefixFully(location, 4 + metaLength + 4).getInt(4 + metaLength);
    return 4L + metaLength + 4 + summaryLength;
  }

  /**
   * Keeps an accepted message (durably, with a directory) before the caller answers. The record
   * holds no decoded form of the message (older builds wrote it as JSON, never read back: it cost
   * every stored request a JSON tree and its serialisation); its request's bytes decode to it.
   */
  public void accept(StoredMessage m, Address sender, RecordedRequest raw) throws IOException {
    if (log == null) {
      remember(m, sender);
      return;
    }
    write(ACCEPT, m, sender, NO_SUMMARY, raw, -1);
  }

  /** Changes a message's state (durably) before the caller answers; a ReplaceReq's request is kept with it. */
  public void update(StoredMessage m, RecordedRequest replacement) throws IOException {
    if (log == null) {
      synchronized (this) {
        Entry e = memory.get(m.messageId());
        if (e != null) { // a message forgotten meanwhile stays forgotten
          memory.put(m.messageId(), new Entry(m, e.sender()));
        }
      }
      return;
    }
    Entry e = entry(m.messageId());
    if (e == null) {
      throw new StoreFailure("cannot update " + m.messageId() + ": its record cannot be read", null);
    }
    write(UPDATE, m, e.sender(), new byte[0], replacement, e.first());
  }

  private synchronized void remember(StoredMessage m, Address sender) {
    memory.put(m.messageId(), new Entry(m, sender));
    for (Iterator<String> it = memory.keySet().iterator(); memory.size() > maxInMemory && it.hasNext(); ) {
      it.next();
      it.remove();
      forgotten++;
    }
  }

  private void write(byte kind, StoredMessage m, Address sender, byte[] summary, RecordedRequest raw, long first)
      throws IOException {
    byte[] prefix = encode(kind, m, sender, summary, first);
    StoreLog.Body body = raw == null ? StoreLog.Body.NONE : new StoreLog.Body() {
      private final byte[] head = raw.head().getBytes(StandardCharsets.ISO_8859_1);

      @Override
      public long length() {
        return head.length + raw.bodySize();
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        raw.writeRawTo(out);
      }
    };
    String id = m.messageId();
    try {
      log.append(prefix, body, location -> indexed(id, location, kind == ACCEPT));
    } catch (InterruptedIOException e) {
      throw new InterruptedIOException("interrupted while storing " + id + " (not stored)");
    } catch (IOException e) {
      Throwable c = e.getCause() != null ? e.getCause() : e;
      throw new StoreFailure("cannot store " + id + ": " + c, c);
    }
  }

  /** What the durable writes cost so far (nothing without a directory). */
  public StoreStats stats() {
    return log == null ? StoreStats.NONE : log.stats();
  }

  /**
   * Points the index at a message's latest record (the writer calls it once the record is on disk);
   * {@code first}: the message's first record (accepted), else a later one.
   */
  private void indexed(String id, long location, boolean first) {
    try {
      synchronized (index) {
        index.put(id, location, first);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Appends a message of the old layout (its request bytes and replacements) as it was; for the migration. */
  void migrate(StoredMessage m, byte[] summary, List<Path> requests) throws IOException {
    long first = -1;
    for (int i = 0; i < requests.size(); i++) {
      Path request = requests.get(i);
      long length = request == null ? 0 : java.nio.file.Files.size(request);
      StoreLog.Body body = new StoreLog.Body() {
        @Override
        public long length() {
          return length;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
          if (request != null) {
            java.nio.file.Files.copy(request, out);
          }
        }
      };
      byte[] prefix = encode(i == 0 ? ACCEPT : UPDATE, m, null, i == 0 ? summary : new byte[0], first);
      try {
        boolean firstRecord = i == 0;
        long at = log.append(prefix, body, location -> indexed(m.messageId(), location, firstRecord));
        first = i == 0 ? at : first;
      } catch (IOException e) {
        throw new StoreFailure("cannot migrate " + m.messageId() + ": " + e, e);
      }
    }
  }

  /**
   * Writes the request that a stored message was accepted with, as received (a {@code .http}
   * capture: head and body, credentials redacted).
   */
  public void writeRequestTo(String messageId, OutputStream out) throws IOException {
    if (log == null) {
      throw new IOException("requests are kept only with a store directory");
    }
    Entry e = entry(messageId);
    if (e == null) {
      throw new IOException("no stored message " + messageId);
    }
    log.copyPayload(e.first(), requestOffset(e.first()), out);
  }

  // ---- the record: int metaLength, meta, int summaryLength, summary, request bytes ----
  // the summary is empty in records written since the summary was dropped; older builds (and a
  // migration of the layout before the log) wrote the decoded message as JSON there: never read,
  // only skipped by its length

  private static byte[] encode(byte kind, StoredMessage m, Address sender, byte[] summary, long first)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + summary.length);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0); // the meta's length, set below
    out.writeByte(kind);
    string(out, m.messageId());
    string(out, m.vaspId());
    string(out, m.transactionId());
    string(out, m.release());
    out.writeLong(m.receivedAt().getEpochSecond());
    out.writeInt(m.receivedAt().getNano());
    out.writeByte(m.state().ordinal());
    out.writeInt(m.replacements());
    string(out, sender == null ? null : kindOf(sender) + sender.value());
    out.writeLong(first);
    out.writeInt(summary.length);
    out.write(summary);
    byte[] b = bytes.toByteArray();
    ByteBuffer.wrap(b).putInt(0, b.length - 8 - summary.length);
    return b;
  }

  private static char kindOf(Address a) {
    return a instanceof Address.PhoneNumber ? 'n' : a instanceof Address.EmailAddress ? 'e' : 's';
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private Entry read(long location) throws IOException {
    return decode(readPrefixFully(location, PREFIX), location);
  }

  /** The first bytes of a record's payload: at least its metadata, however long. */
  private ByteBuffer readPrefixFully(long location, int atLeast) throws IOException {
    ByteBuffer p = log.readPrefix(location, Math.max(atLeast, PREFIX));
    int needed = 4 + p.getInt(0);
    return needed > p.limit() ? log.readPrefix(location, Math.max(needed, atLeast)) : p;
  }

  /**
   * A record's key in its segment's index: its kind and MessageID. From the whole encoded prefix
   * when appended (location -1); from its first bytes when a segment is read through.
   */
  private byte[] keyOf(long location, ByteBuffer prefix) throws IOException {
    if (location >= 0 && prefix.limit() >= 9 && 9 + prefix.getInt(5) > prefix.limit()) {
      prefix = readPrefixFully(location, 9 + prefix.getInt(5)); // a MessageID longer than the prefix read
    }
    if (prefix.limit() < 9) {
      throw new IOException("a record too short for a stored message");
    }
    byte kind = prefix.get(4);
    int n = prefix.getInt(5);
    if ((kind != ACCEPT && kind != UPDATE) || n < 0 || 9 + n > prefix.limit()) {
      throw new IOException("not a stored message's record");
    }
    byte[] key = new byte[1 + n];
    key[0] = kind;
    prefix.get(9, key, 1, n);
    return key;
  }

  private static String idOf(byte[] key) {
    return new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
  }

  private String idAt(long location) throws IOException {
    return read(location).message().messageId();
  }

  private Entry decode(ByteBuffer prefix, long location) throws IOException {
    if (prefix.limit() >= 4 && 4 + prefix.getInt(0) > prefix.limit()) {
      prefix = readPrefixFully(location, 4 + prefix.getInt(0));
    }
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(prefix.array(),
        prefix.arrayOffset(), prefix.limit()))) {
      in.readInt();
      in.readByte();
      String id = string(in);
      String vaspId = string(in);
      String tx = string(in);
      String release = string(in);
      Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
      StoredMessage.State state = StoredMessage.State.values()[in.readByte()];
      int replacements = in.readInt();
      String sender = string(in);
      long first = in.readLong();
      return new Entry(new StoredMessage(id, vaspId, tx, release, at, state, replacements), address(sender),
          first < 0 ? location : first);
    } catch (IOException | RuntimeException e) {
      throw new IOException("the record at " + StoreLog.segmentOf(location) + ":" + StoreLog.offsetOf(location)
          + " is not a stored message: " + e, e);
    }
  }

  private static String string(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  private static Address address(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    String v = s.substring(1);
    return switch (s.charAt(0)) {
      case 'n' -> Address.number(v);
      case 'e' -> Address.email(v);
      default -> Address.shortCode(v);
    };
  }

  @Override
  public void close() {
    if (log != null) {
      log.close();
      synchronized (index) {
        try {
          index.close();
        } catch (IOException e) {
          org.slf4j.LoggerFactory.getLogger(MessageStore.class).warn(
              "closing the message table (the next start rebuilds it from the log): {}", e.toString());
        }
      }
    }
  }

  /** The table of where each message's latest record is (for tests); null without a directory. */
  MessageIndex index() {
    return index;
  }
}
