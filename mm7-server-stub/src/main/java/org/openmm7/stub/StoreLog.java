package org.openmm7.stub;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of records in segment files ({@code segment-<n>.log}, rolled at a size), written
 * by one thread that forces the file to disk once per batch: every record appended while the
 * previous batch was being forced goes into the next batch (group commit), and its future completes
 * only after the force that covers it. Durability costs one {@code fdatasync} per batch, not per
 * message, and no file is created, renamed or deleted per message. Zeros are written ahead of the
 * records ({@link SegmentZeroFill}) so that a record overwrites blocks the file already has and its
 * force is a pure data flush, not also a journal commit of the file's new size; a roll and a close
 * cut the zeros off, and a start takes a zero tail for the end of the log.
 *
 * <p>A frame is {@code int magic, long length, payload, int crc32c(length, payload)}. Each record
 * also has a short key (its user's {@link Keys}: for the store, the kind and MessageID), kept in
 * the {@link SegmentIndex} of its segment: in memory for the open segment, in a file beside a
 * sealed one (written when the log rolls to the next). A start reads the index files of sealed
 * segments, not their records, and reads through only the last segment and any sealed one whose
 * index is missing or does not match it (then written anew): its cost grows with the number of
 * records, not with their bytes. In a segment read through, a frame that does not check (bad
 * magic, a length beyond the file, a CRC mismatch) at the end of the last segment is a write a
 * killed process left unfinished (never acknowledged) and is cut off; anywhere else its bytes are
 * moved to {@code unreadable/} and the segment rewritten without them, so a start never fails on
 * them and the next start does not meet them again.
 */
final class StoreLog implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(StoreLog.class);
  static final int MAGIC = 0x4d4d374c; // "MM7L"
  static final int HEADER = 12;
  static final int TRAILER = 4;
  private static final int BUFFER = 64 * 1024;
  /** A batch forced together is at most this many records: a bound on one batch's latency. */
  private static final int MAX_BATCH = 1024;

  /** Where a record is: the segment's number and the frame's offset in it. */
  static long location(int segment, long offset) {
    return ((long) segment << 40) | offset;
  }

  static int segmentOf(long location) {
    return (int) (location >>> 40);
  }

  static long offsetOf(long location) {
    return location & ((1L << 40) - 1);
  }

  /** What a record carries besides its prefix: bytes of a known length written as they are read. */
  interface Body {
    Body NONE = new Body() {
      @Override
      public long length() {
        return 0;
      }

      @Override
      public void writeTo(OutputStream out) {}
    };

    long length();

    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * A record's key, kept in its segment's index, from the first bytes of its payload (all of them
   * when the record is appended; at most the prefix size when a segment is read through); null or
   * an IOException: a record that is kept but not indexed (not served).
   */
  interface Keys {
    byte[] key(long location, ByteBuffer prefix) throws IOException;
  }

  /** Called for each indexed record at open, in log order, with its key. */
  interface Visitor {
    void record(long location, byte[] key) throws IOException;
  }

  /** Walks records by their keys; false stops the walk. */
  interface KeyVisitor {
    boolean key(long location, byte[] key) throws IOException;
  }

  /** Reads a segment's good records (location, first bytes of the payload, payload length). */
  private interface FrameVisitor {
    void record(long location, ByteBuffer prefix, long payloadLength) throws IOException;
  }

  /** Where a test makes the disk fail: before a record's write, or before a batch's force. */
  interface Fault {
    Fault NONE = (step, file) -> {};

    enum Step { WRITE, FORCE }

    void before(Step step, Path file) throws IOException;
  }

  private final Path directory;
  private final long segmentSize;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile Fault fault = Fault.NONE;
  // the writer thread's own state (and the opening thread's before the writer starts)
  private FileChannel current;
  /** The open segment's identity (inode): a segment deleted or replaced under the stub is noticed. */
  private Object currentKey;
  /** The open segment was found gone: the next batch starts a new one. */
  private boolean currentLost;
  private int currentSegment;
  /** The open segment's file name (a String.format per record showed in profiles). */
  private Path currentPath;
  private long position;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
  private final CRC32C crc = new CRC32C();
  private final SegmentZeroFill zeroFill;
  private volatile boolean closed;
  private Keys keys;
  private int prefixSize;
  /** The open segment's keys of durable records, and its number; guarded by itself. */
  private final Object indexLock = new Object();
  private SegmentIndex openIndex = new SegmentIndex();
  private int openIndexSegment = 1;

  /** One record waiting for its batch. */
  private static final class Pending {
    final byte[] prefix;
    byte[] key;
    final Body body;
    final LongConsumer onDurable;
    final CompletableFuture<Long> done = new CompletableFuture<>();
    long location;

    Pending(byte[] prefix, Body body, LongConsumer onDurable) {
      this.prefix = prefix;
      this.body = body;
      this.onDurable = onDurable;
    }
  }

  private static final Pending STOP = new Pending(new byte[0], Body.NONE, l -> {});

  /** Opens (creating) the log in {@code directory}, locked against a second process; then {@link #recover}. */
  StoreLog(Path directory, long segmentSize) throws IOException {
    this(directory, segmentSize, SegmentZeroFill.AHEAD);
  }

  /** With zeros kept {@code zeroAhead} bytes ahead of the records (tests use a small distance). */
  StoreLog(Path directory, long segmentSize, long zeroAhead) throws IOException {
    this(directory, segmentSize, new SegmentZeroFill(zeroAhead));
  }

  /** With a zero fill of a test's own (its clock). */
  StoreLog(Path directory, long segmentSize, SegmentZeroFill zeroFill) throws IOException {
    this.directory = directory;
    this.segmentSize = segmentSize;
    this.zeroFill = zeroFill;
    Files.createDirectories(directory);
    this.lockChannel = FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      lockChannel.close();
      throw new IOException("the store directory " + directory.getParent() + " is in use by another stub");
    }
    this.lock = l;
    this.writer = new Thread(this::run, "mm7-stub-store-writer");
    writer.setDaemon(true);
  }

  /**
   * Gives every indexed record's key to the visitor, in log order, from the sealed segments' index
   * files and by reading through the rest (see the class comment), and starts the writer.
   *
   * @param prefixSize how many first bytes of a payload {@code keys} is given (at most) for a
   *     record read from a segment
   */
  void recover(int prefixSize, Keys keys, Visitor visitor) throws IOException {
    this.keys = keys;
    this.prefixSize = prefixSize;
    try {
      TreeMap<Integer, Path> segments = segments();
      int last = segments.isEmpty() ? 1 : segments.lastKey();
      SegmentIndex lastIndex = new SegmentIndex();
      boolean indexWritten = false;
      for (var e : segments.entrySet()) {
        int n = e.getKey();
        SegmentIndex index = n == last ? null : SegmentIndex.read(directory, n);
        if (index == null) {
          SegmentIndex read = new SegmentIndex();
          recover(n, e.getValue(), n == last, prefixSize, (location, prefix, length) -> {
            byte[] key = keyOf(location, prefix);
            if (key != null) {
              read.add(offsetOf(location), key);
            }
          });
          index = read;
          indexWritten |= n != last && writeIndex(index, n);
        }
        for (int i = 0; i < index.count(); i++) {
          visitor.record(location(n, index.offset(i)), index.key(i));
        }
        if (n == last) {
          lastIndex = index;
        }
      }
      if (indexWritten) {
        forceDirectory();
      }
      open(last);
      synchronized (indexLock) {
        openIndex = lastIndex;
      }
    } catch (IOException | RuntimeException e) {
      closed = true;
      closeQuietly();
      throw e;
    }
    zeroFill.start();
    writer.start();
  }

  /** The zeros written ahead of the open segment's records (for tests). */
  SegmentZeroFill zeroFill() {
    return zeroFill;
  }

  private byte[] keyOf(long location, ByteBuffer prefix) {
    try {
      byte[] key = keys.key(location, prefix);
      if (key != null && key.length > SegmentIndex.MAX_KEY) {
        throw new IOException("a key of " + key.length + " bytes");
      }
      return key;
    } catch (IOException | RuntimeException e) {
      // a record that checks but has no key (a later version's?): kept, not served, not fatal
      log.warn("skipped a stored record at {}:{}: {}", segmentOf(location), offsetOf(location), e.toString());
      return null;
    }
  }

  /** Writes a sealed segment's index; false when it cannot (the next start reads the segment through). */
  private boolean writeIndex(SegmentIndex index, int segment) {
    try {
      index.write(directory, segment);
      return true;
    } catch (IOException e) {
      log.warn("cannot write the index of {} (the next start reads it through): {}", segmentPath(directory, segment),
          e.toString());
      return false;
    }
  }

  void fault(Fault f) {
    this.fault = f;
  }

  private TreeMap<Integer, Path> segments() throws IOException {
    TreeMap<Integer, Path> out = new TreeMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "segment-*.log")) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        try {
          out.put(Integer.parseInt(n.substring("segment-".length(), n.length() - ".log".length())), p);
        } catch (NumberFormatException e) {
          log.warn("ignoring {}: not a segment this stub wrote", p);
        }
      }
    }
    return out;
  }

  static Path segmentPath(Path directory, int n) {
    return directory.resolve(String.format("segment-%08d.log", n));
  }

  private void open(int segment) throws IOException {
    Path p = segmentPath(directory, segment);
    boolean created = !Files.exists(p);
    current = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    currentKey = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    currentLost = false;
    currentSegment = segment;
    currentPath = p;
    position = current.size();
    current.position(position);
    synchronized (indexLock) {
      openIndex = new SegmentIndex();
      openIndexSegment = segment;
    }
    zeroFill.segment(current, position, segmentSize);
    if (created) {
      forceDirectory(); // the new file's name must survive a crash as well as its contents
    }
  }

  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException ignored) {
      // some file systems cannot open a directory for forcing
    }
  }

  // ---- appending ----

  /**
   * Appends a record; once it is on disk {@code onDurable} is called with its location (by the
   * writer, in log order) and then the future completes with it; the future completes
   * exceptionally when the record could not be written or forced (then it is not in the log).
   */
  CompletableFuture<Long> append(byte[] prefix, Body body, LongConsumer onDurable) {
    Pending p = new Pending(prefix, body, onDurable);
    try {
      p.key = keys.key(-1, ByteBuffer.wrap(prefix));
      if (p.key != null && p.key.length > SegmentIndex.MAX_KEY) {
        throw new IOException("a key of " + p.key.length + " bytes (at most " + SegmentIndex.MAX_KEY + ")");
      }
    } catch (IOException | RuntimeException e) {
      p.done.completeExceptionally(new IOException("a record without a key: " + e, e));
      return p.done;
    }
    if (closed) {
      p.done.completeExceptionally(new IOException("the store is closed"));
      return p.done;
    }
    queue.add(p);
    if (closed && queue.remove(p)) {
      p.done.completeExceptionally(new IOException("the store is closed"));
    }
    return p.done;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      boolean stop = batch.remove(STOP);
      if (!batch.isEmpty()) {
        writeBatch(batch);
      }
      batch.clear();
      if (stop) {
        break;
      }
    }
    for (Pending p; (p = queue.poll()) != null; ) {
      p.done.completeExceptionally(new IOException("the store is closed"));
    }
  }

  private void writeBatch(List<Pending> batch) {
    if (currentLost) {
      try {
        zeroFill.segment(null, 0, 0);
        current.close();
        Files.createDirectories(directory.getParent()); // not the store itself: a vanished store stays vanished
        open(currentSegment + 1);
      } catch (IOException | RuntimeException e) {
        fail(batch, new IOException("the store's directory " + directory + " cannot be written: " + e, e));
        return;
      }
    }
    List<Pending> written = new ArrayList<>(batch.size());
    long firstUnforced = position;
    for (Pending p : batch) {
      try {
        if (position >= segmentSize) {
          forceAndComplete(written, firstUnforced);
          roll();
          firstUnforced = position;
        }
      } catch (IOException e) {
        fail(batch.subList(batch.indexOf(p), batch.size()), e);
        return;
      }
      long start = position;
      try {
        fault.before(Fault.Step.WRITE, currentPath);
        writeFrame(p);
        p.location = location(currentSegment, start);
        written.add(p);
      } catch (IOException | RuntimeException e) {
        p.done.completeExceptionally(e);
        if (!cutBackTo(start)) {
          fail(batch.subList(batch.indexOf(p) + 1, batch.size()), e);
          fail(written, e);
          return;
        }
      }
    }
    forceAndComplete(written, firstUnforced);
  }

  private void forceAndComplete(List<Pending> written, long firstUnforced) {
    if (written.isEmpty()) {
      return;
    }
    zeroFill.batch(position - firstUnforced);
    try {
      fault.before(Fault.Step.FORCE, currentPath);
      current.force(false);
      requireStillThere();
    } catch (IOException | RuntimeException e) {
      // not known to be on disk: not acknowledged, and cut off so that a restart does not serve it
      cutBackTo(firstUnforced);
      fail(written, e);
      return;
    }
    synchronized (indexLock) {
      for (Pending p : written) {
        if (p.key != null) {
          openIndex.add(offsetOf(p.location), p.key);
        }
      }
    }
    for (Pending p : written) {
      try {
        p.onDurable.accept(p.location);
      } catch (RuntimeException e) {
        log.error("after storing a record: {}", e.toString());
      }
      p.done.complete(p.location);
    }
    written.clear();
  }

  /**
   * Writes to a segment file that was deleted or replaced (the store directory removed under a
   * running stub) succeed and are lost at the next start: one stat per batch tells.
   */
  private void requireStillThere() throws IOException {
    Path p = currentPath;
    Object key;
    try {
      key = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      key = null;
    }
    if (key == null || !key.equals(currentKey)) {
      currentLost = true;
      throw new IOException("the store's segment " + p + " is gone (deleted or replaced while the stub ran)");
    }
  }

  private static void fail(List<Pending> ps, Throwable e) {
    for (Pending p : ps) {
      p.done.completeExceptionally(e);
    }
    ps.clear();
  }

  /** Removes a failed write's bytes; false when even that fails (the log is then unusable until a restart). */
  private boolean cutBackTo(long start) {
    try {
      // the zeros ahead go with it: a truncate must not race a fill, and the fill starts again from here
      zeroFill.rewind(start, () -> current.truncate(start));
      current.position(start);
      position = start;
      return true;
    } catch (IOException e) {
      log.error("the store cannot cut back a failed write in {}: {}", currentPath, e.toString());
      return false;
    }
  }

  private void roll() throws IOException {
    zeroFill.segment(null, 0, 0);
    current.truncate(position); // the zeros ahead: only the last segment may end in zeros
    current.force(true);
    current.close();
    SegmentIndex sealed;
    synchronized (indexLock) {
      sealed = openIndex;
    }
    writeIndex(sealed, currentSegment);
    open(currentSegment + 1); // forces the directory: the index file's name with the new segment's
  }

  private void writeFrame(Pending p) throws IOException {
    long length = p.prefix.length + p.body.length();
    zeroFill.claim(position + HEADER + length + TRAILER);
    crc.reset();
    buffer.clear();
    buffer.putInt(MAGIC).putLong(length);
    crc.update(buffer.duplicate().flip().position(4));
    FrameOut out = new FrameOut();
    out.write(p.prefix, 0, p.prefix.length);
    p.body.writeTo(out);
    if (out.count != length) {
      throw new IOException("the request's bytes were " + out.count + ", not the announced " + length);
    }
    out.flushBuffer();
    if (buffer.remaining() < TRAILER) {
      drain();
    }
    buffer.putInt((int) crc.getValue());
    drain();
  }

  private void drain() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      position += current.write(buffer);
    }
    buffer.clear();
  }

  /** The payload into the buffer, through the CRC. */
  private final class FrameOut extends OutputStream {
    long count;
    private int crcFrom = buffer.position();

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      count += len;
      while (len > 0) {
        if (!buffer.hasRemaining()) {
          flushBuffer();
          drain();
          crcFrom = 0;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.put(b, off, n);
        off += n;
        len -= n;
      }
    }

    void flushBuffer() {
      crc.update(buffer.duplicate().flip().position(crcFrom));
      crcFrom = buffer.position();
    }
  }

  // ---- reading ----

  /** Reads {@code max} first bytes of the payload of the record at a location (for its metadata). */
  ByteBuffer readPrefix(long location, int max) throws IOException {
    // by name, not through the writer's channel, which a roll closes
    try (FileChannel ch = FileChannel.open(segmentPath(directory, segmentOf(location)), StandardOpenOption.READ)) {
      return readPrefix(ch, offsetOf(location), max);
    }
  }

  private static ByteBuffer readPrefix(FileChannel ch, long offset, int max) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(HEADER);
    readFully(ch, head, offset);
    head.flip();
    if (head.getInt() != MAGIC) {
      throw new IOException("no record at " + offset);
    }
    long length = head.getLong();
    ByteBuffer b = ByteBuffer.allocate((int) Math.min(max, length));
    readFully(ch, b, offset + HEADER);
    return b.flip();
  }

  /** The payload length of the record at a location. */
  long payloadLength(long location) throws IOException {
    try (FileChannel ch = FileChannel.open(segmentPath(directory, segmentOf(location)), StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(HEADER);
      readFully(ch, head, offsetOf(location));
      head.flip();
      if (head.getInt() != MAGIC) {
        throw new IOException("no record at " + offsetOf(location));
      }
      return head.getLong();
    }
  }

  /** The payload of the record at a location, from {@code from} to its end, to a stream. */
  void copyPayload(long location, long from, OutputStream out) throws IOException {
    try (FileChannel ch = FileChannel.open(segmentPath(directory, segmentOf(location)), StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(HEADER);
      readFully(ch, head, offsetOf(location));
      head.flip();
      if (head.getInt() != MAGIC) {
        throw new IOException("no record at " + offsetOf(location));
      }
      long end = offsetOf(location) + HEADER + head.getLong();
      ByteBuffer b = ByteBuffer.allocate(BUFFER);
      for (long pos = offsetOf(location) + HEADER + from; pos < end; ) {
        b.clear().limit((int) Math.min(BUFFER, end - pos));
        int n = ch.read(b, pos);
        if (n < 0) {
          throw new IOException("the record ends early");
        }
        out.write(b.array(), 0, n);
        pos += n;
      }
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, at);
      if (n < 0) {
        throw new IOException("the record ends early");
      }
      at += n;
    }
  }

  /**
   * Walks the durable records' keys from the newest down, starting below {@code before} (a
   * location; {@code Long.MAX_VALUE} for the newest), until the visitor says stop: the open
   * segment's from memory, a sealed one's from its index file (read through when it has none).
   */
  void keysNewestFirst(long before, KeyVisitor visitor) throws IOException {
    SegmentIndex open;
    int openSegment;
    synchronized (indexLock) {
      open = openIndex.snapshot();
      openSegment = openIndexSegment;
    }
    if (!walkDown(openSegment, open, before, visitor)) {
      return;
    }
    for (int n : segments().headMap(openSegment, false).descendingKeySet()) {
      if (n <= segmentOf(before) && !walkDown(n, sealedIndex(n), before, visitor)) {
        return;
      }
    }
  }

  private static boolean walkDown(int segment, SegmentIndex index, long before, KeyVisitor visitor)
      throws IOException {
    for (int i = index.count() - 1; i >= 0; i--) {
      long location = location(segment, index.offset(i));
      if (location < before && !visitor.key(location, index.key(i))) {
        return false;
      }
    }
    return true;
  }

  /** Walks the durable records' keys from the oldest up, until the visitor says stop. */
  void keysOldestFirst(KeyVisitor visitor) throws IOException {
    SegmentIndex open;
    int openSegment;
    synchronized (indexLock) {
      open = openIndex.snapshot();
      openSegment = openIndexSegment;
    }
    for (int n : segments().headMap(openSegment, true).keySet()) {
      SegmentIndex index = n == openSegment ? open : sealedIndex(n);
      for (int i = 0; i < index.count(); i++) {
        if (!visitor.key(location(n, index.offset(i)), index.key(i))) {
          return;
        }
      }
    }
  }

  /** A sealed segment's keys: from its index file, else by reading its records' heads (not checked again). */
  private SegmentIndex sealedIndex(int n) throws IOException {
    SegmentIndex index = SegmentIndex.read(directory, n);
    if (index != null) {
      return index;
    }
    SegmentIndex read = new SegmentIndex();
    try (FileChannel ch = FileChannel.open(segmentPath(directory, n), StandardOpenOption.READ)) {
      long size = ch.size();
      for (long pos = 0; pos + HEADER + TRAILER <= size; ) {
        ByteBuffer head = ByteBuffer.allocate(HEADER);
        readFully(ch, head, pos);
        head.flip();
        if (head.getInt() != MAGIC) {
          break;
        }
        long length = head.getLong();
        ByteBuffer prefix = ByteBuffer.allocate((int) Math.min(prefixSize, length));
        readFully(ch, prefix, pos + HEADER);
        byte[] key = keyOf(location(n, pos), prefix.flip());
        if (key != null) {
          read.add(pos, key);
        }
        pos += HEADER + length + TRAILER;
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // removed meanwhile: nothing to walk
    }
    return read;
  }

  // ---- recovery ----

  /** Reads a segment through, keeping its good records; see the class comment for the bad ones. */
  private void recover(int n, Path file, boolean last, int prefixSize, FrameVisitor visitor) throws IOException {
    List<long[]> bad = new ArrayList<>(); // [from, to) ranges
    List<long[]> good = new ArrayList<>();
    boolean zeroTail = false;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long pos = 0;
      while (pos < size) {
        long length = check(ch, pos, size);
        if (length >= 0) {
          good.add(new long[] {pos, length});
          pos += HEADER + length + TRAILER;
          continue;
        }
        if (zeroesToEnd(ch, pos, size)) {
          zeroTail = true; // written ahead of the records (SegmentZeroFill): the end of the log, not a torn write
          break;
        }
        long next = resync(ch, pos + 1, size);
        bad.add(new long[] {pos, next});
        pos = next;
      }
      if (!bad.isEmpty()) {
        long[] tail = bad.get(bad.size() - 1);
        boolean tornTail = last && tail[1] == size;
        if (tornTail) {
          bad.remove(bad.size() - 1);
        }
        for (long[] range : bad) {
          setAside(ch, file, range);
        }
        if (tornTail) {
          log.info("{}: cut off {} bytes at its end, a write that never completed (never answered)", file,
              size - tail[0]);
        }
      }
      if (bad.isEmpty()) {
        for (long[] g : good) {
          visitor.record(location(n, g[0]), prefix(ch, g[0], g[1], prefixSize), g[1]);
        }
      }
    }
    if (!bad.isEmpty()) {
      rewrite(file, good);
      // the rewritten segment's offsets are new: read it again
      recover(n, file, last, prefixSize, visitor);
    } else if (last || zeroTail) {
      long[] g = good.isEmpty() ? null : good.get(good.size() - 1);
      cutTail(file, g == null ? 0 : g[0] + HEADER + g[1] + TRAILER);
    }
  }

  /** Whether every byte from {@code pos} to {@code size} is zero. */
  private static boolean zeroesToEnd(FileChannel ch, long pos, long size) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(BUFFER);
    for (long at = pos; at < size; ) {
      b.clear().limit((int) Math.min(BUFFER, size - at));
      int r = ch.read(b, at);
      if (r < 0) {
        return true;
      }
      for (int i = 0; i < r; i++) {
        if (b.get(i) != 0) {
          return false;
        }
      }
      at += r;
    }
    return true;
  }

  private static void cutTail(Path file, long end) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (ch.size() > end) {
        ch.truncate(end);
        ch.force(true);
      }
    }
  }

  private static ByteBuffer prefix(FileChannel ch, long pos, long length, int prefixSize) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) Math.min(prefixSize, length));
    readFully(ch, b, pos + HEADER);
    return b.flip();
  }

  /** The payload length of a good frame at pos, or -1. */
  private long check(FileChannel ch, long pos, long size) throws IOException {
    if (size - pos < HEADER + TRAILER) {
      return -1;
    }
    ByteBuffer head = ByteBuffer.allocate(HEADER);
    readFully(ch, head, pos);
    head.flip();
    if (head.getInt() != MAGIC) {
      return -1;
    }
    long length = head.getLong();
    if (length < 0 || length > size - pos - HEADER - TRAILER) {
      return -1;
    }
    CRC32C c = new CRC32C();
    c.update(head.position(4));
    // the writer's buffer: a check runs only at open, before the writer starts (a direct buffer per
    // record, as before, left up to the direct memory limit waiting for a collection at a start)
    ByteBuffer b = buffer;
    long end = pos + HEADER + length;
    for (long at = pos + HEADER; at < end; ) {
      b.clear().limit((int) Math.min(BUFFER, end - at));
      int r = ch.read(b, at);
      if (r < 0) {
        return -1;
      }
      at += r;
      c.update(b.flip());
    }
    ByteBuffer t = ByteBuffer.allocate(TRAILER);
    readFully(ch, t, end);
    b.clear();
    return t.flip().getInt() == (int) c.getValue() ? length : -1;
  }

  /** The next offset from which a good frame starts, or the end. */
  private long resync(FileChannel ch, long from, long size) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(BUFFER);
    for (long base = from; base < size; base += BUFFER - 3) {
      b.clear();
      int r = ch.read(b, base);
      if (r < 4) {
        break;
      }
      b.flip();
      for (int i = 0; i + 4 <= r; i++) {
        if (b.getInt(i) == MAGIC && check(ch, base + i, size) >= 0) {
          return base + i;
        }
      }
    }
    return size;
  }

  private void setAside(FileChannel ch, Path file, long[] range) throws IOException {
    Path aside = directory.getParent().resolve(StartFiles.UNREADABLE);
    Files.createDirectories(aside);
    String name = file.getFileName() + "-at-" + range[0] + ".bad";
    Path target = aside.resolve(name);
    for (int k = 2; Files.exists(target); k++) {
      target = aside.resolve(name + "." + k);
    }
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.transferTo(range[0], range[1] - range[0], out);
      out.force(true);
    }
    log.warn("the store's {} has {} unreadable bytes at offset {} (a record that does not check: corrupt);"
        + " moved them to {} and served the rest", file, range[1] - range[0], range[0], target);
  }

  /** Writes a segment anew with only its good records (to a temporary file, forced, renamed). */
  private void rewrite(Path file, List<long[]> good) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".rewrite");
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
         FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
             StandardOpenOption.WRITE)) {
      for (long[] g : good) {
        long len = HEADER + g[1] + TRAILER;
        for (long done = 0; done < len; ) {
          done += in.transferTo(g[0] + done, len - done, out);
        }
      }
      out.force(true);
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    forceDirectory();
  }

  // ---- closing ----

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!writer.isAlive()) {
      closeQuietly();
      return;
    }
    queue.add(STOP);
    try {
      writer.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    zeroFill.close();
    if (!writer.isAlive()) {
      cutZeroTail();
    }
    closeQuietly();
  }

  /** A store closed in order ends at its last record (a kill leaves the zeros, which the next start cuts off). */
  private void cutZeroTail() {
    try {
      if (current != null && current.isOpen() && !currentLost && current.size() > position) {
        current.truncate(position);
        current.force(true);
      }
    } catch (IOException e) {
      log.warn("closing the store: {}", e.toString());
    }
  }

  private void closeQuietly() {
    zeroFill.close();
    try {
      if (current != null) {
        current.close();
      }
    } catch (IOException e) {
      log.warn("closing the store: {}", e.toString());
    }
    try {
      if (lock != null) {
        lock.release();
      }
      lockChannel.close();
    } catch (IOException e) {
      log.warn("closing the store: {}", e.toString());
    }
  }
}
