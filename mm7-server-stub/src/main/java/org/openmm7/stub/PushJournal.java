package org.openmm7.stub;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The push journal: one append-only file ({@code journal.log}) of records, each the whole state of
 * one push (or a tombstone when it is forgotten), with group commit: a writer appends, then waits in
 * {@link #sync} for a force that covers its record; while one force runs the next writers append,
 * and one force covers them all (one fsync per batch of concurrent pushes, not a file, a rename and
 * two fsyncs per push). Nothing is reported durable before the force that covers it returned.
 *
 * <p>A record is {@code [length:int][crc32:int][id length:short][id][payload]}; an empty payload
 * is a tombstone. A torn tail (a write a killed process never finished) ends the reading: it is
 * cut off. The file is rewritten with only the live records when it holds many more dead ones.
 */
final class PushJournal implements Closeable {
  static final String FILE = "journal.log";
  private static final int HEADER = 8;
  private static final int MAX_RECORD = 256 << 20;

  private final Path directory;
  private final Path file;
  /** Guarded by this: the open file, bytes appended ever (a logical position), records since the last rewrite. */
  private FileChannel channel;
  private long written;
  private long recordsSinceRewrite;
  /** Held while a force runs, and while the file is rewritten (taken before this). */
  private final Object forceLock = new Object();
  /** Appended bytes up to here are durable. */
  private volatile long durable;
  /** How many forces {@link #sync} made (for tests: one per batch, not one per record). */
  private volatile long forces;

  PushJournal(Path directory) throws IOException {
    this.directory = directory;
    this.file = directory.resolve(FILE);
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
  }

  /** Guarded by this: the file, opened again after {@link #close} (a stopped stub started again). */
  private FileChannel open() throws IOException {
    if (channel == null) {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      channel.position(channel.size());
    }
    return channel;
  }

  /** The live records, by id, oldest first; cuts a torn tail off the file. */
  synchronized Map<String, byte[]> load() throws IOException {
    Map<String, byte[]> live = new LinkedHashMap<>();
    long size = channel.size();
    long at = 0;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (at + HEADER <= size) {
      header.clear();
      readFully(header, at);
      header.flip();
      int length = header.getInt();
      int crc = header.getInt();
      if (length < 2 || length > MAX_RECORD || at + HEADER + length > size) {
        break;
      }
      ByteBuffer body = ByteBuffer.allocate(length);
      readFully(body, at + HEADER);
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
      live.remove(key); // its latest state goes where it was last written
      if (payload.length > 0) {
        live.put(key, payload);
      }
      at += HEADER + length;
      recordsSinceRewrite++;
    }
    if (at < size) {
      channel.truncate(at); // a torn or corrupt tail: what follows it was never acknowledged
      channel.force(true);
    }
    channel.position(at);
    written = at;
    durable = at;
    return live;
  }

  /** Appends a push's state; returns the position to {@link #sync} up to. */
  long append(String id, byte[] payload) throws IOException {
    return write(id, payload);
  }

  /** Appends a tombstone: the push is forgotten. */
  long forget(String id) throws IOException {
    return write(id, new byte[0]);
  }

  private synchronized long write(String id, byte[] payload) throws IOException {
    byte[] key = id.getBytes(StandardCharsets.UTF_8);
    int length = 2 + key.length + payload.length;
    ByteBuffer b = ByteBuffer.allocate(HEADER + length);
    b.putInt(length).putInt(0).putShort((short) key.length).put(key).put(payload);
    b.putInt(4, crc(b.array(), HEADER, length));
    b.flip();
    FileChannel c = open();
    while (b.hasRemaining()) {
      c.write(b);
    }
    written += HEADER + length;
    recordsSinceRewrite++;
    return written;
  }

  /** Returns once everything appended up to {@code position} is on disk: one force for all who wait meanwhile. */
  void sync(long position) throws IOException {
    if (durable >= position) {
      return;
    }
    synchronized (forceLock) {
      if (durable >= position) {
        return; // the force that just ran covered it
      }
      FileChannel c;
      long end;
      synchronized (this) {
        c = open();
        end = written;
      }
      try {
        c.force(false);
      } catch (java.nio.channels.ClosedChannelException closedMeanwhile) {
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

  /** Whether the file holds many more records than live pushes: then {@link #rewrite} it. */
  synchronized boolean worthRewriting(int live) {
    return recordsSinceRewrite > 4L * Math.max(live, 1024);
  }

  /**
   * Replaces the file with these live records (written, forced, renamed over it, the directory
   * forced): what was appended before is durable in the new file when this returns.
   */
  void rewrite(Collection<Map.Entry<String, byte[]>> live) throws IOException {
    synchronized (forceLock) {
      synchronized (this) {
        Path tmp = directory.resolve(FILE + ".tmp");
        FileChannel next = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        FileChannel old = open();
        long before = written;
        try {
          channel = next;
          written = 0;
          recordsSinceRewrite = 0;
          for (Map.Entry<String, byte[]> e : live) {
            write(e.getKey(), e.getValue());
          }
          next.force(true);
          try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
          }
          forceDirectory();
        } catch (IOException | RuntimeException e) {
          channel = old; // the old file is intact: keep appending to it
          written = before;
          next.close();
          Files.deleteIfExists(tmp);
          throw e;
        }
        old.close();
        // positions go on growing from where they were, so that no waiter's position is lost
        written = before + written;
        durable = written;
      }
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
    synchronized (forceLock) {
      synchronized (this) {
        if (channel != null) {
          channel.force(false);
          durable = written;
          channel.close();
          channel = null;
        }
      }
    }
  }

  private void readFully(ByteBuffer b, long at) throws IOException {
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

  /** For tests: the ids of the live records in the file, in the order of their latest record. */
  static List<String> liveIds(Path directory) throws IOException {
    try (PushJournal j = new PushJournal(directory)) {
      return new ArrayList<>(j.load().keySet());
    }
  }
}
