package org.openmm7.stub.internal.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;
import org.openmm7.stub.StartFiles;
import org.openmm7.stub.StoreStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of records in segment files ({@code segment-<n>.log}, rolled at a size), forced
 * to disk once per batch: every record appended while a batch was being forced goes into the next
 * batch (group commit), and its append returns only after the force that covers it. Durability costs
 * one {@code fdatasync} per batch, not per message, and no file is created, renamed or deleted per
 * message.
 *
 * <p>The appending threads write and force their records themselves, with no writer thread. A
 * thread frames its record (CRC included) and claims its range at the end of the open segment under
 * a short lock: a record that fits the 64 KiB write buffer is framed whole before and written in
 * one positional write under that lock (a claimed range is then never left unwritten behind a
 * thread waiting for a core); a bigger one is written after the claim through a pooled buffer, in
 * parallel with the other threads. Either is written while a force is under way. A thread whose record is written
 * forces the file when no force is under way, for every record written by then; else its record
 * waits for the next force, which is handed to the first record written meanwhile (its thread is
 * woken to force). Records are completed in log order: a durable one is indexed, given to its
 * {@code onDurable} and answered only once every record before it is durable or failed, so that
 * whatever follows an unfinished range in the log was never answered. A failed write or force
 * fails its records and every later record of the segment still in flight, and the segment is cut
 * back to the first of them before the next claim. Rolls, cut-backs, reopening a segment and
 * starting a new one run with claims held off and nothing in flight. An interrupt of a writing
 * thread (Jetty interrupts request threads when it stops) would close the channel inside
 * {@code write} or {@code force}: the thread's interrupt status is taken off while it appends and
 * given back after; one arriving during the I/O fails the records concerned, which are cut back
 * and never acknowledged, and the segment is opened again for the next. Zeros are written ahead of the
 * records ({@link SegmentZeroFill}) so that a record overwrites blocks the file already has and its
 * force is a pure data flush, not also a journal commit of the file's new size; a roll and a close
 * cut the zeros off, and a start takes a zero tail for the end of the log.
 *
 * <p>A frame is {@code int magic, long length, payload, int crc32c(length, payload)}. Each record
 * also has a short key (its user's {@link Keys}: for the store, the kind and MessageID), kept in
 * the {@link SegmentIndex} of its segment: in memory for the open segment (the log rolls when its
 * keys reach {@link #MAX_OPEN_KEY_BYTES}, so tiny records do not make it grow with the segment), in
 * a file beside a sealed one (written when the log rolls to the next). A start reads the index files of sealed
 * segments, not their records, and reads through only the last segment and any sealed one whose
 * index is missing or does not match it (then written anew): its cost grows with the number of
 * records, not with their bytes. In a segment read through, a frame that does not check (bad
 * magic, a length beyond the file, a CRC mismatch) at the end of the last segment is a write a
 * killed process left unfinished (never acknowledged) and is cut off; so is, before the last
 * segment's last records, a range that threads writing in parallel leave when the process dies
 * (zeros, or records whose length ends them where the next range begins and whose trailer is still
 * zero: never acknowledged either, see above); anywhere else its bytes are moved to {@code
 * unreadable/} and the segment rewritten without them, so a start never fails on them and the
 * next start does not meet them again.
 */
public final class StoreLog implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(StoreLog.class);
  public static final int MAGIC = 0x4d4d374c; // "MM7L"
  public static final int HEADER = 12;
  public static final int TRAILER = 4;
  private static final int BUFFER = 64 * 1024;
  /**
   * The most the open segment's keys may cost the heap (each key's bytes and 12 bytes of offsets),
   * counted as ranges are claimed: the log rolls to a new segment at this or at the segment size,
   * whichever comes first. The open index's arrays double, so it holds at most about twice this.
   * 64 MiB of 1 KB records need ~2.5 MB; of records of ~100 bytes (a bench's), ~28 MB: they roll
   * at ~100,000 records instead.
   */
  static final long MAX_OPEN_KEY_BYTES = 4L * 1024 * 1024;
  /** How many frame buffers (of {@link #BUFFER} bytes) the appending threads share at most. */
  private static final int BUFFERS = 16;

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
  public interface Fault {
    Fault NONE = (step, file) -> {};

    enum Step { WRITE, FORCE }

    void before(Step step, Path file) throws IOException;
  }

  private final Path directory;
  private boolean rewroteAtRecovery;
  private final long segmentSize;
  private final FileChannel lockChannel;
  private final FileLock fileLock;
  /**
   * Guards the claims (the open segment's end), the records in flight and the segment's state
   * below; a repair (roll, cut back, reopen) runs with {@code repairing} set and nothing in flight.
   */
  private final Object lock = new Object();
  /** The records claimed and not yet completed, in log order; guarded by lock. */
  private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
  /** The records written and waiting for the next force, in log order; guarded by lock. */
  private final ArrayDeque<Pending> unforced = new ArrayDeque<>();
  /** A thread forces (or the forcing was handed to the first of unforced); guarded by lock. */
  private boolean forcing;
  /** A thread repairs the open segment: no claims meanwhile; guarded by lock. */
  private boolean repairing;
  /** Where the open segment is cut back before the next claim (a record failed there), or -1; guarded by lock. */
  private long cutAt = -1;
  private final BufferPool buffers = new BufferPool();
  private final StoreStats.Counters stats = new StoreStats.Counters();
  private volatile Fault fault = Fault.NONE;
  // the open segment (guarded by lock; changed only by a repair, or by the opening thread before the first append)
  private FileChannel current;
  /** An interrupt closed the open segment's channel inside a write or force: reopen it before the next use. */
  private boolean interruptClosedChannel;
  /** The open segment's identity (inode): a segment deleted or replaced under the stub is noticed. */
  private Object currentKey;
  /** The open segment was found gone: the next claim starts a new one. */
  private boolean currentLost;
  private int currentSegment;
  /** The open segment's file name (a String.format per record showed in profiles). */
  private Path currentPath;
  /** Where the next record's range starts. */
  private long position;
  /** What the open segment's keys cost the heap so far (as claimed), and where the log rolls for it. */
  private long openKeyBytes;
  private long maxOpenKeyBytes = MAX_OPEN_KEY_BYTES;
  /** For checking records at open, before the first append. */
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(BUFFER);
  private final SegmentZeroFill zeroFill;
  private volatile boolean closed;
  private Keys keys;
  private int prefixSize;
  /** The open segment's keys of durable records, and its number; guarded by itself. */
  private final Object indexLock = new Object();
  private SegmentIndex openIndex = new SegmentIndex();
  private int openIndexSegment = 1;

  /** One record from its claim to its completion, and the thread that appends it. */
  private static final class Pending {
    final byte[] prefix;
    byte[] key;
    final Body body;
    final LongConsumer onDurable;
    final Thread waiter = Thread.currentThread();
    final long appendedAt = System.nanoTime();
    // the claim (set under lock before the thread writes)
    FileChannel channel;
    int segment;
    long offset;
    long end;
    Path path;
    Object fileKey;
    /** The whole frame, made before the claim, when it fits a buffer; else written through one after it. */
    byte[] frame;
    /** The whole frame's write under the claim's lock: its failure, or whether this thread forces now. */
    Throwable writeFailure;
    boolean forceNow;
    /** An interrupt came while the thread waited for a write buffer (its own). */
    boolean interrupted;
    /** This record's thread is handed the next force. */
    volatile boolean forcing;
    // guarded by lock until completed; read by the waiter after
    boolean outcomeKnown;
    Throwable failure;
    long location;
    volatile boolean completed;

    Pending(byte[] prefix, Body body, LongConsumer onDurable) {
      this.prefix = prefix;
      this.body = body;
      this.onDurable = onDurable;
    }

    long length() {
      return end - offset;
    }

    void release() {
      completed = true;
      LockSupport.unpark(waiter);
    }
  }

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
    this.fileLock = l;
  }

  /**
   * Gives every indexed record's key to the visitor, in log order, from the sealed segments' index
   * files and by reading through the rest (see the class comment), and opens the last segment for
   * appending.
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
      openKeyBytes = lastIndex.keyBytes();
    } catch (IOException | RuntimeException e) {
      closed = true;
      closeQuietly();
      throw e;
    }
    zeroFill.start();
  }

  /**
   * Whether {@link #recover} rewrote a segment without records that did not check: the records
   * after them moved, so a table of locations made before is wrong.
   */
  boolean rewroteAtRecovery() {
    return rewroteAtRecovery;
  }

  /** The channel the records of the open segment are written and forced through (for tests). */
  FileChannel openChannel() {
    synchronized (lock) {
      return current;
    }
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

  public static Path segmentPath(Path directory, int n) {
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
    openKeyBytes = 0;
    zeroFill.segment(p, position, segmentSize);
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
   * Appends a record and returns its location once it is on disk, after {@code onDurable} was called
   * with it (in log order, by whichever thread completed it). The calling thread claims the
   * record's range, writes the record there and forces the file itself, in parallel with the other
   * appending threads; it returns once every record before its own is durable or failed as well.
   *
   * @throws IOException when the record could not be written or forced (then it is not in the log),
   *     when an earlier record of its segment failed while it was in flight (cut back with it), or
   *     the store is closed
   * @throws InterruptedIOException when the thread was interrupted while it waited for a segment to
   *     be rolled or repaired before it could claim a range (not stored; the interrupt status is kept)
   */
  long append(byte[] prefix, Body body, LongConsumer onDurable) throws IOException {
    Pending p = new Pending(prefix, body, onDurable);
    try {
      p.key = keys.key(-1, ByteBuffer.wrap(prefix));
      if (p.key != null && p.key.length > SegmentIndex.MAX_KEY) {
        throw new IOException("a key of " + p.key.length + " bytes (at most " + SegmentIndex.MAX_KEY + ")");
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException("a record without a key: " + e, e);
    }
    long length = HEADER + prefix.length + body.length() + TRAILER;
    if (length <= BUFFER) {
      p.frame = frame(p, length); // before the claim: written under the claim's lock, in one write
    }
    // an interrupt inside write or force would close the channel for every thread: taken off meanwhile
    boolean interrupted = Thread.interrupted();
    try {
      claim(p, length);
      Throwable failure;
      boolean force;
      if (p.frame != null) {
        failure = p.writeFailure;
        force = p.forceNow;
      } else {
        failure = write(p);
        force = failure == null && written(p);
      }
      interrupted |= Thread.interrupted() | p.interrupted;
      if (failure != null) {
        outcome(List.of(p), failure);
      } else if (force) {
        forceRounds(p);
      }
      while (!p.completed) {
        interrupted |= awaitTurn(p);
        if (p.forcing) {
          p.forcing = false;
          forceRounds(p);
        }
      }
      interrupted |= Thread.interrupted();
      if (p.failure != null) {
        repairAfterFailure();
      }
      if (failure instanceof Error e) {
        throw e;
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (p.failure != null) {
      throw p.failure instanceof IOException io ? new IOException(io.getMessage(), io) : new IOException(p.failure);
    }
    return p.location;
  }

  /**
   * Gives the record the next range of the open segment. A segment that must be rolled, cut back
   * after a failure or opened again is first repaired by this thread alone, once every record in
   * flight is completed; other claims wait for it.
   */
  private void claim(Pending p, long length) throws IOException {
    synchronized (lock) {
      boolean interrupted = false;
      try {
        while (!closed && repairing) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            interrupted = true;
            throw new InterruptedIOException("interrupted while the store's segment was rolled or repaired");
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      if (closed) {
        throw new IOException("the store is closed");
      }
      if (!needsRepair()) {
        assign(p, length);
        writeSmall(p);
        return;
      }
      repairing = true;
    }
    IOException failure = null;
    try {
      repairWhenIdle();
    } catch (IOException e) {
      failure = e;
    } finally {
      synchronized (lock) {
        repairing = false;
        if (failure == null && closed) {
          failure = new IOException("the store is closed");
        }
        if (failure == null) {
          assign(p, length);
          writeSmall(p);
        }
        lock.notifyAll();
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * After a failed record: cuts the segment back (or opens it again) at once when no other thread
   * does, so that nothing of it stays in the file while the log is idle; else the next claim does.
   */
  private void repairAfterFailure() {
    synchronized (lock) {
      if (closed || repairing || cutAt < 0 && !interruptClosedChannel) {
        return;
      }
      repairing = true;
    }
    try {
      repairWhenIdle();
    } catch (IOException e) {
      log.warn("the store could not repair its segment after a failed write (the next record tries again): {}",
          e.toString());
    } finally {
      synchronized (lock) {
        repairing = false;
        lock.notifyAll();
      }
    }
  }

  /** Guarded by lock: the open segment cannot take a record as it is. */
  private boolean needsRepair() {
    return cutAt >= 0 || currentLost || interruptClosedChannel || segmentFull();
  }

  /** Guarded by lock (or with claims held off): the segment takes no more records. */
  private boolean segmentFull() {
    return position >= segmentSize || openKeyBytes >= maxOpenKeyBytes;
  }

  /** The heap the open segment's keys take now (for tests). */
  long openIndexHeapBytes() {
    synchronized (indexLock) {
      return openIndex.heapBytes();
    }
  }

  /** Sets {@link #MAX_OPEN_KEY_BYTES} for this log (tests: a roll without writing megabytes). */
  void maxOpenKeyBytes(long bytes) {
    synchronized (lock) {
      maxOpenKeyBytes = bytes;
    }
  }

  /** Guarded by lock. */
  private void assign(Pending p, long length) {
    p.channel = current;
    p.segment = currentSegment;
    p.offset = position;
    p.path = currentPath;
    p.fileKey = currentKey;
    position += length;
    openKeyBytes += p.key == null ? 0 : p.key.length + 12;
    p.end = position;
    inFlight.add(p);
  }

  /**
   * With {@code repairing} set by this thread: waits until no record is in flight, then cuts back a
   * failed write, opens the segment again after an interrupt closed it, starts a new one when it was
   * lost, or rolls a full one. Interrupts are kept off this thread meanwhile (a truncate or force
   * of the channel would close it) and given back after.
   */
  private void repairWhenIdle() throws IOException {
    boolean interrupted = false;
    synchronized (lock) {
      while (!inFlight.isEmpty()) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true; // the records in flight complete by themselves: wait for them all the same
        }
      }
    }
    interrupted |= Thread.interrupted();
    try {
      repair();
    } finally {
      if (interrupted || Thread.interrupted()) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** With no record in flight and claims held off (the writer's state is this thread's alone). */
  private void repair() throws IOException {
    if (interruptClosedChannel) {
      try {
        reopenAfterInterrupt();
      } catch (IOException | RuntimeException e) {
        throw new IOException("the store's segment " + currentPath + " cannot be opened again: " + e, e);
      }
    }
    if (cutAt >= 0 && !currentLost) {
      long at = cutAt;
      try {
        // the zeros ahead go with it: a truncate must not race a fill, and the fill starts again from here
        zeroFill.rewind(at, () -> current.truncate(at));
        position = at;
      } catch (IOException e) {
        // the failed bytes stay at the end of this segment (set aside at the next start): go on in a new one
        log.error("the store cannot cut back a failed write in {}: {}", currentPath, e.toString());
        currentLost = true;
      }
    }
    cutAt = -1;
    if (currentLost) {
      try {
        zeroFill.segment(null, 0, 0);
        current.close();
        Files.createDirectories(directory.getParent()); // not the store itself: a vanished store stays vanished
        open(currentSegment + 1);
      } catch (IOException | RuntimeException e) {
        throw new IOException("the store's directory " + directory + " cannot be written: " + e, e);
      }
    }
    if (segmentFull()) {
      try {
        roll();
      } catch (IOException | RuntimeException e) {
        currentLost = true; // the next claim starts a new segment
        throw new IOException("the store cannot roll to a new segment: " + e, e);
      }
    }
  }

  /**
   * Guarded by lock, right after the claim: a frame made whole beforehand is written at once, in
   * one positional write (a few microseconds), so that it never leaves a range unwritten behind a
   * thread waiting for a core, and joins the next force (this thread forces when none is under way).
   */
  private void writeSmall(Pending p) {
    if (p.frame == null) {
      return;
    }
    p.writeFailure = write(p);
    if (p.writeFailure == null) {
      unforced.add(p);
      p.forceNow = !forcing;
      forcing = true;
    }
  }

  /** Writes the record in its range; the failure, or null. */
  private Throwable write(Pending p) {
    try {
      // outside the claims' lock: a claim waits while the fill writes a slice of zeros
      zeroFill.claim(p.end);
      fault.before(Fault.Step.WRITE, p.path);
      if (p.frame != null) {
        ByteBuffer b = ByteBuffer.wrap(p.frame);
        for (long at = p.offset; b.hasRemaining(); ) {
          at += p.channel.write(b, at);
        }
      } else {
        writeFrame(p);
      }
      return null;
    } catch (Throwable e) { // an Error too: the record must complete, or every later one would wait for it
      return e;
    }
  }

  /**
   * The record is written: it waits for the next force. True when no force is under way, so that
   * this thread forces now (for every record written by then).
   */
  private boolean written(Pending p) {
    synchronized (lock) {
      unforced.add(p);
      if (forcing) {
        return false;
      }
      forcing = true;
      return true;
    }
  }

  /**
   * Forces the file for every record written and not yet forced (the caller's among them), records
   * their outcome, then hands the forcing to the first record written meanwhile (its thread is
   * woken to force the next round) or stops, and only then wakes the threads whose records it
   * completed. Writes go on in the other threads while a force runs: a round covers every record
   * whose write ended before it began.
   */
  private void forceRounds(Pending own) {
    List<Pending> round;
    synchronized (lock) {
      round = new ArrayList<>(unforced);
      unforced.clear();
    }
    Throwable failure = null;
    long forceStart = System.nanoTime();
    if (!round.isEmpty()) {
      Pending first = round.get(0); // every record in flight is in the open segment: one channel
      long bytes = 0;
      for (Pending q : round) {
        bytes += q.length();
      }
      zeroFill.batch(bytes);
      try {
        fault.before(Fault.Step.FORCE, first.path);
        first.channel.force(false);
        requireStillThere(first);
      } catch (Throwable e) {
        failure = e;
      }
    }
    long forceNanos = System.nanoTime() - forceStart;
    if (failure == null && !round.isEmpty()) {
      stats.batch(round.size(), forceNanos);
    }
    Pending next = null;
    List<Pending> completed;
    synchronized (lock) {
      completed = outcomeLocked(round, failure);
      if (unforced.isEmpty()) {
        forcing = false;
      } else {
        next = unforced.peek();
        next.forcing = true;
      }
    }
    if (next != null) {
      LockSupport.unpark(next.waiter);
    }
    release(completed, own);
  }

  /**
   * Records the outcome of records (written and forced, or failed), then completes every record
   * from the oldest in flight on whose outcome is known, in log order, and wakes their threads.
   */
  private void outcome(List<Pending> ps, Throwable failure) {
    List<Pending> completed;
    synchronized (lock) {
      completed = outcomeLocked(ps, failure);
    }
    release(completed, null);
  }

  private static void release(List<Pending> completed, Pending own) {
    for (Pending q : completed) {
      if (q != own) {
        q.release();
      } else {
        q.completed = true;
      }
    }
  }

  /**
   * Guarded by lock: a durable record is indexed, given to its {@code onDurable} and acknowledged
   * in log order; one at or after a failed record of its segment fails with it (that segment is
   * cut back there before the next claim).
   */
  private List<Pending> outcomeLocked(List<Pending> ps, Throwable failure) {
    for (Pending p : ps) {
      if (failure != null) {
        p.failure = failure;
        if (failure instanceof ClosedChannelException) { // by an interrupt, this thread's or another's
          interruptClosedChannel = true;
        }
        if (!currentLost && p.segment == currentSegment && (cutAt < 0 || p.offset < cutAt)) {
          cutAt = p.offset;
        }
      }
      p.outcomeKnown = true;
    }
    List<Pending> completed = new ArrayList<>();
    for (Pending q; (q = inFlight.peek()) != null && q.outcomeKnown; ) {
      inFlight.poll();
      if (q.failure == null && q.segment == currentSegment && (currentLost || cutAt >= 0 && q.offset > cutAt)) {
        q.failure = new IOException("an earlier record in the store failed while this one was written (cut back"
            + " with it)");
      }
      if (q.failure == null) {
        durable(q);
      }
      completed.add(q);
    }
    if (inFlight.isEmpty()) {
      lock.notifyAll(); // a repair or a close waits for this
    }
    return completed;
  }

  /** Guarded by lock, in log order: the record is on disk. */
  private void durable(Pending q) {
    q.location = location(q.segment, q.offset);
    if (q.key != null) {
      synchronized (indexLock) {
        openIndex.add(q.offset, q.key);
      }
    }
    try {
      q.onDurable.accept(q.location);
    } catch (RuntimeException e) {
      log.error("after storing a record: {}", e.toString());
    }
    stats.waited(System.nanoTime() - q.appendedAt);
  }

  /**
   * Waits until the record is completed or its thread is handed the next force; true when the
   * thread was interrupted meanwhile (the wait is for forces already under way: it ends by itself).
   */
  private static boolean awaitTurn(Pending p) {
    boolean interrupted = false;
    while (!p.completed && !p.forcing) {
      LockSupport.park(p);
      if (Thread.interrupted()) {
        interrupted = true;
      }
    }
    return interrupted;
  }

  /** How many records are in flight: claimed and not yet completed (for tests). */
  int queuedRecords() {
    synchronized (lock) {
      return inFlight.size();
    }
  }

  /** How many records are written and wait for a force (for tests). */
  int unforcedRecords() {
    synchronized (lock) {
      return unforced.size();
    }
  }

  /** What the store's appends waited for, counted since it opened. */
  StoreStats stats() {
    return stats.snapshot();
  }

  /**
   * Opens the segment again after an interrupt closed its channel (the caller keeps the interrupt
   * off its thread meanwhile); what the interrupted records wrote is cut back and never acknowledged.
   */
  private void reopenAfterInterrupt() throws IOException {
    interruptClosedChannel = false;
    log.warn("the store's segment {} was closed by an interrupt of a thread writing it; opened it again",
        currentPath);
    current = FileChannel.open(currentPath, StandardOpenOption.WRITE, StandardOpenOption.READ);
    Object key = Files.readAttributes(currentPath, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    if (key == null || !key.equals(currentKey)) {
      currentLost = true;
    }
    zeroFill.segment(currentPath, position, segmentSize);
  }

  /**
   * Writes to a segment file that was deleted or replaced (the store directory removed under a
   * running stub) succeed and are lost at the next start: one stat per force tells.
   */
  private void requireStillThere(Pending p) throws IOException {
    Object key;
    try {
      key = Files.readAttributes(p.path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      key = null;
    }
    if (key == null || !key.equals(p.fileKey)) {
      synchronized (lock) {
        if (p.segment == currentSegment) {
          currentLost = true;
        }
      }
      throw new IOException("the store's segment " + p.path + " is gone (deleted or replaced while the stub ran)");
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

  /** A frame that fits a buffer, whole: header, payload and CRC, in the appending thread. */
  private static byte[] frame(Pending p, long length) throws IOException {
    byte[] f = new byte[(int) length];
    ByteBuffer b = ByteBuffer.wrap(f);
    long payload = length - HEADER - TRAILER;
    b.putInt(MAGIC).putLong(payload).put(p.prefix);
    OutputStream out = new OutputStream() {
      @Override
      public void write(int x) throws IOException {
        write(new byte[] {(byte) x}, 0, 1);
      }

      @Override
      public void write(byte[] x, int off, int len) throws IOException {
        if (len > b.remaining() - TRAILER) {
          throw new IOException("the request's bytes were more than the announced " + (payload - p.prefix.length));
        }
        b.put(x, off, len);
      }
    };
    p.body.writeTo(out);
    if (b.position() != length - TRAILER) {
      throw new IOException("the request's bytes were " + (b.position() - HEADER - p.prefix.length) + ", not the announced "
          + (payload - p.prefix.length));
    }
    CRC32C crc = new CRC32C();
    crc.update(f, 4, (int) (8 + payload));
    b.putInt((int) crc.getValue());
    return f;
  }

  /** The frame into the record's range, through a buffer of the pool, the CRC taken on the way. */
  private void writeFrame(Pending p) throws IOException {
    ByteBuffer buffer = buffers.take(p);
    try {
      long length = p.prefix.length + p.body.length();
      CRC32C crc = new CRC32C();
      buffer.clear();
      buffer.putInt(MAGIC).putLong(length);
      crc.update(buffer.duplicate().flip().position(4));
      FrameOut out = new FrameOut(p.channel, p.offset, buffer, crc);
      out.write(p.prefix, 0, p.prefix.length);
      p.body.writeTo(out);
      if (out.count != length) {
        throw new IOException("the request's bytes were " + out.count + ", not the announced " + length);
      }
      out.flushBuffer();
      if (buffer.remaining() < TRAILER) {
        out.drain();
      }
      buffer.putInt((int) crc.getValue());
      out.drain();
      if (out.at != p.offset + p.length()) {
        throw new IOException("a frame of " + (out.at - p.offset) + " bytes, not " + p.length());
      }
    } finally {
      buffers.give(buffer);
    }
  }

  /** The payload into a buffer, through the CRC, written at its place in the segment. */
  private static final class FrameOut extends OutputStream {
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final CRC32C crc;
    long at;
    long count;
    private int crcFrom;

    FrameOut(FileChannel channel, long at, ByteBuffer buffer, CRC32C crc) {
      this.channel = channel;
      this.at = at;
      this.buffer = buffer;
      this.crc = crc;
      this.crcFrom = buffer.position();
    }

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

    void drain() throws IOException {
      buffer.flip();
      while (buffer.hasRemaining()) {
        at += channel.write(buffer, at);
      }
      buffer.clear();
      crcFrom = 0;
    }
  }

  /**
   * The direct buffers the appending threads write their frames through: at most {@link #BUFFERS}
   * of them (a thread beyond waits for one: it holds it only while it copies, not while it forces).
   */
  private static final class BufferPool {
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private int created;

    /** A buffer; an interrupt meanwhile is noted on the record (its thread must not be interrupted while it writes). */
    synchronized ByteBuffer take(Pending p) {
      while (free.isEmpty() && created >= BUFFERS) {
        try {
          wait();
        } catch (InterruptedException e) {
          p.interrupted = true; // a buffer is given back within a copy's time
        }
      }
      if (!free.isEmpty()) {
        return free.pop();
      }
      created++;
      return ByteBuffer.allocateDirect(BUFFER);
    }

    synchronized void give(ByteBuffer b) {
      free.push(b);
      notify();
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
        int unfinished = 0;
        for (long[] range : bad) {
          if (last && unfinishedWrites(ch, range)) {
            unfinished++; // the records in flight when a process was killed: never answered, not corrupt
          } else {
            setAside(ch, file, range);
          }
        }
        if (unfinished > 0) {
          log.info("{}: left out {} ranges of writes that never completed (never answered) before its last records",
              file, unfinished);
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
      rewroteAtRecovery = true;
      rewrite(file, good);
      // the rewritten segment's offsets are new: read it again
      recover(n, file, last, prefixSize, visitor);
    } else if (last || zeroTail) {
      long[] g = good.isEmpty() ? null : good.get(good.size() - 1);
      cutTail(file, g == null ? 0 : g[0] + HEADER + g[1] + TRAILER);
    }
  }

  /**
   * Whether a range of the last segment that does not check is what appending threads in flight
   * leave when the process dies: each writes its record in a range of its own, the trailer (the
   * CRC) last, so a record not yet written is zeros (written ahead, or a hole) and one written in
   * part has a header whose length ends it exactly where the next range begins, and a zero trailer.
   * Anything else (a record that ends elsewhere, a trailer that is not zero) is a corruption.
   */
  private static boolean unfinishedWrites(FileChannel ch, long[] range) throws IOException {
    long end = range[1];
    for (long pos = range[0]; pos < end; ) {
      if (zeroesToEnd(ch, pos, end)) {
        return true;
      }
      if (end - pos < HEADER + TRAILER) {
        return false;
      }
      ByteBuffer head = ByteBuffer.allocate(HEADER);
      readFully(ch, head, pos);
      head.flip();
      if (head.getInt() != MAGIC) {
        return false;
      }
      long length = head.getLong();
      if (length < 0 || length > end - pos - HEADER - TRAILER) {
        return false;
      }
      ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
      readFully(ch, trailer, pos + HEADER + length);
      if (trailer.flip().getInt() != 0) {
        return false;
      }
      pos += HEADER + length + TRAILER;
    }
    return true;
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
    // the writing buffer: a check runs only at open, before the first append (a direct buffer per
    // record, as before, left up to the direct memory limit waiting for a collection at a start)
    ByteBuffer b = readBuffer;
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

  /**
   * Refuses new records, waits (at most 30 s: a hung disk) for the records in flight and a repair
   * under way, cuts the zeros (and a failed record not yet cut back) off the open segment and closes it.
   */
  @Override
  public void close() {
    boolean idle;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      lock.notifyAll(); // claims waiting for a repair: refused
      boolean interrupted = false;
      long deadline = System.nanoTime() + 30_000_000_000L;
      for (long left; (repairing || !inFlight.isEmpty()) && (left = deadline - System.nanoTime()) > 0; ) {
        try {
          lock.wait(left / 1_000_000 + 1);
        } catch (InterruptedException e) {
          interrupted = true;
          break;
        }
      }
      idle = !repairing && inFlight.isEmpty();
      repairing = true; // nothing is claimed after this
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    zeroFill.close();
    if (idle) {
      cutZeroTail();
    }
    closeQuietly();
  }

  /** A store closed in order ends at its last record (a kill leaves the zeros, which the next start cuts off). */
  private void cutZeroTail() {
    try {
      long end = cutAt >= 0 ? cutAt : position;
      if (current != null && current.isOpen() && !currentLost && current.size() > end) {
        current.truncate(end);
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
      if (fileLock != null) {
        fileLock.release();
      }
      lockChannel.close();
    } catch (IOException e) {
      log.warn("closing the store: {}", e.toString());
    }
  }
}
