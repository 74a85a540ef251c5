package org.openmm7.stub.internal.push;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push journal: one append-only file ({@code journal.log}) of records, each the whole state of
 * one push (or a tombstone when it is forgotten), with group commit: a writer appends, then waits in
 * {@link #sync} for a force that covers its record; while one force runs the next writers append,
 * and one force covers them all (one fsync per batch of concurrent pushes, not a file, a rename and
 * two fsyncs per push). Nothing is reported durable before the force that covers it returned.
 *
 * <p>A record is {@code [length:int][crc32:int][id length:short][id][payload]}; an empty payload
 * is a tombstone. A torn tail (a write a killed process never finished) ends the reading: it is
 * cut off.
 *
 * <p><b>Compaction.</b> When the file holds more than four times as many records as live pushes,
 * a background thread rewrites it without blocking writers: it copies the live records' bytes as
 * they are (no re-encoding) from the file into {@code journal.log.<n>.tmp} and forces it while
 * appends go on to the old file; then, under the journal's lock, it copies what was appended
 * meanwhile, forces that, renames the new file over the old one and forces the directory. A kill
 * at any point leaves the old file (complete, with every append) or the new one (complete), never
 * neither; a left-over {@code .tmp} is deleted at load.
 *
 * <p><b>Tombstones are not forced on their own</b>: they are made durable by the next force of a
 * later push. A machine crash (not a killed process: its writes are in the page cache) may lose a
 * tombstone not yet forced; the forgotten push then comes back at the next start, in the state it
 * was forgotten in (delivered or given up, never sent again), and is forgotten again by the bound.
 * A duplicate in the history, never a loss: nothing but tombstones goes unforced.
 */
public final class PushJournal implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(PushJournal.class);
  public static final String FILE = "journal.log";
  private static final int HEADER = 8;
  private static final int MAX_RECORD = 256 << 20;
  /** Compaction waits until there are at least this many records (a small journal is not worth it). */
  static final int MIN_RECORDS_TO_COMPACT = 4 * 1024;
  private static final AtomicLong TMP_COUNTER = new AtomicLong();

  private final Path directory;
  private final Path file;
  /** Where a live record lies in the current file. */
  private record Slot(long at, int length) {}

  // guarded by this:
  private FileChannel channel;
  /** Bytes appended ever: a logical position that only grows, across compactions. */
  private long written;
  /** The logical position of the current file's first byte. */
  private long base;
  private long recordsSinceRewrite;
  /** The latest record of each live push, in the order of their latest records. */
  private final LinkedHashMap<String, Slot> live = new LinkedHashMap<>();
  private Thread compactor;
  private int minRecordsToCompact = MIN_RECORDS_TO_COMPACT;

  /** Held while a force runs, and while the file is switched (taken before this). */
  private final Object forceLock = new Object();
  /** Appended bytes up to here are durable. */
  private volatile long durable;
  /** How many forces {@link #sync} made (for tests: one per batch, not one per record). */
  private volatile long forces;
  /** Compactions completed (for tests and the bench). */
  private volatile long compactions;
  /** Test hook: runs in a compaction after the live records were copied and forced, before the switch. */
  volatile Runnable afterCopy = () -> { };

  PushJournal(Path directory) throws IOException {
    this.directory = directory;
    this.file = directory.resolve(FILE);
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
  }

  /** Guarded by this: the file, opened again after {@link #close} (a stopped stub started again). */
  private FileChannel open() throws IOException {
    if (channel == null) {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      channel.position(channel.size());
    }
    return channel;
  }

  /** The live records, by id, oldest first; cuts a torn tail off the file and deletes a compaction's left-over. */
  synchronized Map<String, byte[]> load() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, FILE + ".*tmp")) {
      for (Path p : ds) {
        Files.deleteIfExists(p); // a compaction a kill cut short: the old file is complete
      }
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    live.clear();
    recordsSinceRewrite = 0;
    long size = channel.size();
    long at = 0;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (at + HEADER <= size) {
      header.clear();
      readFully(channel, header, at);
      header.flip();
      int length = header.getInt();
      int crc = header.getInt();
      if (length < 2 || length > MAX_RECORD || at + HEADER + length > size) {
        break;
      }
      ByteBuffer body = ByteBuffer.allocate(length);
      readFully(channel, body, at + HEADER);
      if (crc(body.array()) != crc) {
        break;
      }
      body.flip();
      int idLength = body.getShort() & 0xffff;
      if (idLength > body.remaining()) {
        break;
      }
      byte[] id = new byte[idLength];
      body.get(id);
      byte[] payload = new byte[body.remaining()];
      body.get(payload);
      String key = new String(id, StandardCharsets.UTF_8);
      out.remove(key); // its latest state goes where it was last written
      live.remove(key);
      if (payload.length > 0) {
        out.put(key, payload);
        live.put(key, new Slot(at, HEADER + length));
      }
      at += HEADER + length;
      recordsSinceRewrite++;
    }
    if (at < size) {
      channel.truncate(at); // a torn or corrupt tail: what follows it was never acknowledged
      channel.force(true);
    }
    channel.position(at);
    base = 0;
    written = at;
    durable = at;
    return out;
  }

  /** Appends a push's state; returns the position to {@link #sync} up to. */
  long append(String id, byte[] payload) throws IOException {
    return write(id, payload);
  }

  /** Appends a tombstone: the push is forgotten (not forced on its own: see the class comment). */
  long forget(String id) throws IOException {
    return write(id, new byte[0]);
  }

  private synchronized long write(String id, byte[] payload) throws IOException {
    ByteBuffer b = record(id, payload);
    int size = b.remaining();
    FileChannel c = open();
    long at = written - base;
    while (b.hasRemaining()) {
      c.write(b);
    }
    written += size;
    recordsSinceRewrite++;
    live.remove(id);
    if (payload.length > 0) {
      live.put(id, new Slot(at, size));
    }
    if (compactor == null && recordsSinceRewrite > Math.max(4L * live.size(), minRecordsToCompact)) {
      startCompaction();
    }
    return written;
  }

  private static ByteBuffer record(String id, byte[] payload) {
    byte[] key = id.getBytes(StandardCharsets.UTF_8);
    int length = 2 + key.length + payload.length;
    ByteBuffer b = ByteBuffer.allocate(HEADER + length);
    b.putInt(length).putInt(0).putShort((short) key.length).put(key).put(payload);
    b.putInt(4, crc(b.array(), HEADER, length));
    b.flip();
    return b;
  }

  /** Returns once everything appended up to {@code position} is on disk: one force for all who wait meanwhile. */
  void sync(long position) throws IOException {
    if (durable >= position) {
      return;
    }
    synchronized (forceLock) {
      if (durable >= position) {
        return; // the force that just ran (or a compaction's switch) covered it
      }
      FileChannel c;
      long end;
      synchronized (this) {
        c = open();
        end = written;
      }
      try {
        c.force(false);
      } catch (ClosedChannelException closedMeanwhile) {
        return; // closing forced it (close forces before it closes)
      }
      forces++;
      if (!Files.isRegularFile(file)) {
        // removed or replaced under the running stub: what was written went nowhere durable
        throw new IOException("the push journal " + file + " is gone");
      }
      durable = end;
    }
  }

  // ---- compaction ----

  /** Guarded by this: a compaction on a thread of its own, so that no writer waits for the copy. */
  private void startCompaction() {
    Thread t = new Thread(() -> {
      try {
        compact();
      } catch (IOException | RuntimeException e) {
        log.warn("cannot compact the push journal {} (appending goes on to it): {}", file, e.toString());
      } finally {
        synchronized (this) {
          compactor = null;
        }
      }
    }, "mm7-stub-push-journal-compaction");
    t.setDaemon(true);
    compactor = t;
    t.start();
  }

  /**
   * Rewrites the file with only its live records, appends going on meanwhile (see the class
   * comment); returns false when the journal was closed or reopened meanwhile (nothing changed).
   */
  boolean compact() throws IOException {
    FileChannel old;
    long snapshotEnd;
    long recordsAtSnapshot;
    List<Map.Entry<String, Slot>> snapshot;
    synchronized (this) {
      if (channel == null) {
        return false;
      }
      old = channel;
      snapshotEnd = written - base;
      recordsAtSnapshot = recordsSinceRewrite;
      snapshot = new ArrayList<>(live.entrySet());
    }
    Path tmp = directory.resolve(FILE + "." + TMP_COUNTER.incrementAndGet() + ".tmp");
    boolean switched = false;
    try (FileChannel next = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      // 1. the live records as of the snapshot, bytes as they are, while writers append to the old file
      Map<String, Slot> copied = new LinkedHashMap<>();
      long to = 0;
      for (Map.Entry<String, Slot> e : snapshot) {
        Slot s = e.getValue();
        copy(old, s.at(), s.length(), next, to);
        copied.put(e.getKey(), new Slot(to, s.length()));
        to += s.length();
      }
      next.force(false);
      afterCopy.run();
      // 2. under the locks: what was appended meanwhile, then the switch
      synchronized (forceLock) {
        synchronized (this) {
          if (channel != old) {
            return false; // closed (and maybe reopened) meanwhile: the old file stays as it is
          }
          long end = written - base;
          long deltaAt = to;
          copy(old, snapshotEnd, end - snapshotEnd, next, deltaAt);
          long newSize = deltaAt + (end - snapshotEnd);
          next.force(false);
          replaceJournalWith(tmp);
          switched = true;
          forceDirectory();
          // the index in the new file: records appended meanwhile moved by the same offset
          LinkedHashMap<String, Slot> moved = new LinkedHashMap<>();
          for (Map.Entry<String, Slot> e : live.entrySet()) {
            Slot s = e.getValue();
            moved.put(e.getKey(), s.at() >= snapshotEnd ? new Slot(s.at() - snapshotEnd + deltaAt, s.length())
                : copied.get(e.getKey()));
          }
          live.clear();
          live.putAll(moved);
          FileChannel reopened = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
          reopened.position(newSize);
          channel = reopened;
          old.close();
          base = written - newSize;
          recordsSinceRewrite = snapshot.size() + (recordsSinceRewrite - recordsAtSnapshot);
          durable = written; // all of it is in the new file, forced
          compactions++;
          return true;
        }
      }
    } catch (ClosedChannelException closedMeanwhile) {
      return false;
    } finally {
      if (!switched) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Copies {@code length} bytes at {@code from} in one file to {@code to} in another. */
  private static void copy(FileChannel source, long from, long length, FileChannel target, long to)
      throws IOException {
    long done = 0;
    while (done < length) {
      long n = source.transferTo(from + done, length - done, target.position(to + done));
      if (n <= 0) {
        throw new IOException("the push journal ended early while it was compacted");
      }
      done += n;
    }
  }

  /**
   * Replaces the file with these records at once (the legacy files moved in at load; tests):
   * written, forced, renamed over it, the directory forced; what was appended before is durable
   * in the new file when this returns.
   */
  void rewrite(Collection<Map.Entry<String, byte[]>> records) throws IOException {
    synchronized (forceLock) {
      synchronized (this) {
        Path tmp = directory.resolve(FILE + "." + TMP_COUNTER.incrementAndGet() + ".tmp");
        FileChannel old = open();
        boolean switched = false;
        FileChannel next = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
          LinkedHashMap<String, Slot> slots = new LinkedHashMap<>();
          long at = 0;
          for (Map.Entry<String, byte[]> e : records) {
            ByteBuffer b = record(e.getKey(), e.getValue());
            int size = b.remaining();
            while (b.hasRemaining()) {
              next.write(b);
            }
            slots.remove(e.getKey());
            if (e.getValue().length > 0) {
              slots.put(e.getKey(), new Slot(at, size));
            }
            at += size;
          }
          next.force(true);
          replaceJournalWith(tmp);
          switched = true;
          forceDirectory();
          old.close();
          channel = next;
          live.clear();
          live.putAll(slots);
          base = written - at; // positions go on growing from where they were: no waiter's is lost
          recordsSinceRewrite = records.size();
          durable = written;
        } finally {
          if (!switched) {
            next.close();
            Files.deleteIfExists(tmp);
          }
        }
      }
    }
  }

  /** Puts a forced copy in the journal's place: atomically where the file system can. */
  private void replaceJournalWith(Path tmp) throws IOException {
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException ignored) {
      // some file systems cannot force a directory
    }
  }

  @Override
  public void close() throws IOException {
    Thread running;
    synchronized (forceLock) {
      synchronized (this) {
        running = compactor;
        if (channel != null) {
          channel.force(false);
          durable = written;
          channel.close();
          channel = null;
        }
      }
    }
    if (running != null && running != Thread.currentThread()) {
      try {
        running.join(10_000); // it sees the file closed and gives up, deleting its copy
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer b, long at) throws IOException {
    long p = at;
    while (b.hasRemaining()) {
      int n = channel.read(b, p);
      if (n < 0) {
        throw new IOException("the push journal ended early");
      }
      p += n;
    }
  }

  private static int crc(byte[] bytes) {
    return crc(bytes, 0, bytes.length);
  }

  private static int crc(byte[] bytes, int offset, int length) {
    CRC32 c = new CRC32();
    c.update(bytes, offset, length);
    return (int) c.getValue();
  }

  long forces() {
    return forces;
  }

  long compactions() {
    return compactions;
  }

  /** Appended bytes up to here are durable (for tests that cut off what a machine crash could lose). */
  long durable() {
    return durable;
  }

  /** The current file's size up to this logical position (for tests). */
  synchronized long fileOffset(long position) {
    return position - base;
  }

  /** Lowers the records a compaction waits for (tests). */
  synchronized void minRecordsToCompact(int n) {
    this.minRecordsToCompact = n;
  }

  /** For tests: the ids of the live records in the file, in the order of their latest record. */
  static List<String> liveIds(Path directory) throws IOException {
    try (PushJournal j = new PushJournal(directory)) {
      return new ArrayList<>(j.load().keySet());
    }
  }
}
