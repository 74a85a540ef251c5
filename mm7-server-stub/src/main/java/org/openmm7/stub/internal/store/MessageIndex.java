package org.openmm7.stub.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.ToLongFunction;

/**
 * Where each stored message's latest record is in the {@link StoreLog}: an open-addressing hash
 * table in a file of the store directory ({@value #FILE}), so that the heap it needs is the same
 * whatever the store holds ({@link #HEAP_BOUND} bytes: a cache of {@value #CACHED_PAGES} pages of
 * 4 KB for lookups, {@link TablePages}; up to {@value #RECENT} recent entries; the pages of a merge).
 *
 * <p>A new entry goes to the {@link RecentEntries}, in the heap, which a lookup consults before the
 * file; when they are {@value #RECENT}, at a clean close, and before the table grows, they are
 * merged into the file in slot order: one pass over it through pages of {@value #MERGE_PAGE} bytes,
 * each page read and written once, rather than a random page read and written back per new
 * MessageID. A rebuild from the log is the same, in bulk: a merge every {@value #RECENT} records.
 *
 * <p>A slot is 16 bytes: a MessageID's 64-bit hash and the record's location; a slot's home is the
 * hash's top bits, collisions probe on linearly, and the table is doubled (written whole to a new
 * file, renamed over the old) when it is half full: 32 to 64 bytes of disk a message. The
 * MessageID itself is in the record: a lookup reads it back and compares, so two IDs with the same
 * hash (about one chance in 10^7 at a million) are told apart and both found.
 *
 * <p>The log is the truth, and the table is not forced as it is written. Its header (magic,
 * version, capacity, count, the location of the last record it includes, and whether it was
 * closed cleanly) is written and forced at a clean close; a start trusts the table only then, and
 * only when the log still holds the record the header names; records after it (written by an
 * older build, say) are added. Otherwise (a kill, a power loss, a missing or damaged file, a store
 * of a build before the table) the table is rebuilt from the log's segment indexes. Not
 * thread-safe: the store guards it.
 */
public final class MessageIndex implements AutoCloseable {
  /** Reads the MessageID of the record at a location. */
  interface Ids {
    String idAt(long location) throws IOException;
  }

  /** The records of the log, oldest first, given to {@link MessageIndex#recovered}; for a rebuild. */
  interface Replay {
    void replay(MessageIndex index) throws IOException;
  }

  public static final String FILE = "messages.tbl";
  static final int CACHED_PAGES = 128;
  /** How many entries wait in the heap before they are merged into the file. */
  static final int RECENT = 32 * 1024;
  /** The pages a merge or a doubling passes over the file with, and how many of them it holds. */
  static final int MERGE_PAGE = 64 * 1024;
  private static final int MERGE_PAGES = 4;
  /**
   * The most heap the table holds whatever the store: the lookups' cache, the recent entries, and
   * a merge's or a doubling's pages (two sets while doubling: the old file's and the new one's).
   */
  static final long HEAP_BOUND = (long) CACHED_PAGES * TablePages.PAGE + RECENT * 2L * 17
      + 2L * MERGE_PAGES * MERGE_PAGE;
  private static final int MAGIC = 0x4d4d3754; // "MM7T"
  private static final int VERSION = 1;
  private static final int HEADER = TablePages.PAGE;
  private static final long MIN_CAPACITY = 1024;
  private static final long EMPTY = 0;
  // the header's fields
  private static final int AT_MAGIC = 0;
  private static final int AT_VERSION = 4;
  private static final int AT_CAPACITY = 8;
  private static final int AT_SIZE = 16;
  private static final int AT_COVERED = 24;
  private static final int AT_CLEAN = 32;
  private static final int FIELDS = 36;

  private final Path file;
  private final Ids ids;
  private final ToLongFunction<String> hash;
  private FileChannel channel;
  private TablePages slots;
  private long capacity;
  private int shift; // 64 - log2(capacity): a hash's top bits are its home
  private long size; // in the file
  private final RecentEntries recent = new RecentEntries(RECENT);
  private long recentNew; // the recent entries of MessageIDs not in the file (as their callers said)
  private long covered = -1; // the newest location the table includes
  private long trusted = -1; // at start: the table already holds the records up to here
  private boolean trustedSeen;
  private boolean rebuilt;
  private boolean broken; // a write failed: the table is not trusted at the next start

  private MessageIndex(Path file, Ids ids, ToLongFunction<String> hash) {
    this.file = file;
    this.ids = ids;
    this.hash = id -> {
      long h = hash.applyAsLong(id);
      return h == EMPTY ? 1 : h;
    };
  }

  /** Opens the table in {@code file} (creating it); then {@link #covers}/{@link #recovered} for the log's records, then {@link #started}. */
  static MessageIndex open(Path file, Ids ids) throws IOException {
    return open(file, ids, MessageIndex::hash);
  }

  /** With another hash function: tests make every ID collide. */
  static MessageIndex open(Path file, Ids ids, ToLongFunction<String> hash) throws IOException {
    MessageIndex index = new MessageIndex(file, ids, hash);
    // a doubling that a kill cut short: the table it replaces is still whole, the half-written one is dropped
    Files.deleteIfExists(growPath(file));
    index.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      if (!index.openClean()) {
        index.reset();
        index.rebuilt = true;
      }
    } catch (IOException | RuntimeException e) {
      index.channel.close();
      throw e;
    }
    return index;
  }

  /** The doubled table while it is written, renamed over {@code file} once whole. */
  static Path growPath(Path file) {
    return file.resolveSibling(file.getFileName() + ".grow");
  }

  static long hash(String id) {
    // FNV-1a over the UTF-8 bytes, then a finalizer that spreads the bits (FNV's low bits are weak)
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == EMPTY ? 1 : h;
  }

  /**
   * How many MessageIDs the table holds. Exact as long as what {@link #put} is told of each record
   * is true (a first record is a new MessageID's); a merge sets it right otherwise.
   */
  long size() {
    return size + recentNew;
  }

  /** How many entries wait in the heap to be merged into the file (for tests). */
  int recentSize() {
    return recent.size();
  }

  /** Whether the start rebuilt the table from the log rather than use the file as it was (for tests). */
  boolean rebuilt() {
    return rebuilt;
  }

  /** The heap the table can hold, in bytes, whatever its size (for tests): {@link #HEAP_BOUND}. */
  long heapBytes() {
    return slots.heapBytes() + recent.heapBytes() + 2L * MERGE_PAGES * MERGE_PAGE;
  }

  /** The table's capacity in slots (for tests). */
  long capacity() {
    return capacity;
  }

  /**
   * At start, for each record of the log in order: whether the table, as closed, holds it already
   * (the record is then not given to {@link #recovered}).
   */
  boolean covers(long location) {
    if (location > trusted) {
      return false;
    }
    trustedSeen |= location == trusted;
    return true;
  }

  /**
   * After the log's records were given: a table whose newest record the log does not hold (the log
   * was cut or replaced), or made before the log's start moved records ({@code logRewritten}: it set
   * aside records that did not check), is rebuilt from the log's records, which {@code replay} gives again.
   */
  void started(boolean logRewritten, Replay replay) throws IOException {
    if (trusted >= 0 && (!trustedSeen || logRewritten)) {
      org.slf4j.LoggerFactory.getLogger(MessageIndex.class).warn(
          "the message table {} does not match the log (moved or missing records): rebuilt from the log", file);
      reset();
      rebuilt = true;
      trusted = -1;
      replay.replay(this);
    }
    trusted = -1;
  }

  /** The location of a MessageID's latest record, or -1. */
  long get(String id) throws IOException {
    long h = hash.applyAsLong(id);
    int r = recentSlot(id, h);
    if (recent.hash(r) != EMPTY) {
      return recent.location(r);
    }
    for (long i = home(h); ; i = next(i)) {
      long key = slots.key(i);
      if (key == EMPTY) {
        return -1;
      }
      if (key == h) {
        long location = slots.value(i);
        if (id.equals(ids.idAt(location))) {
          return location;
        }
      }
    }
  }

  /**
   * Points a MessageID at its latest record; {@code first}: the record is the MessageID's first
   * (an accepted message), else a later one of a stored message (a state change). The entry waits
   * among the recent ones, merged into the file with them; no file is read or written here, and a
   * record is read back only when a recent entry has the same hash (a later record of a recent
   * message, or two IDs with one hash).
   */
  void put(String id, long location, boolean first) throws IOException {
    try {
      long h = hash.applyAsLong(id);
      int r = recentSlot(id, h);
      if (recent.hash(r) != EMPTY) {
        recent.relocate(r, location);
      } else {
        if (recent.full()) {
          merge(); // before the entry is added: if it fails, the recent entries stay as many, all found
          r = recentSlot(id, h);
        }
        recent.add(r, h, location, first);
        recentNew += first ? 1 : 0;
      }
      covered = Math.max(covered, location);
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  /**
   * Points a MessageID at a record met at start (in log order): {@link #put}, where a later record
   * of a message ({@code ofKnownMessage}: a state change) follows its first.
   */
  void recovered(String id, long location, boolean ofKnownMessage) throws IOException {
    put(id, location, !ofKnownMessage);
  }

  /** The recent entry of a MessageID, or the empty slot where it would go. */
  private int recentSlot(String id, long h) throws IOException {
    int i = recent.home(h);
    for (; recent.hash(i) != EMPTY; i = recent.next(i)) {
      if (recent.hash(i) == h && id.equals(ids.idAt(recent.location(i)))) {
        return i;
      }
    }
    return i;
  }

  /**
   * Merges the recent entries into the file, in slot order (after doubling the table as many times
   * as they need), then forgets them and the lookups' cached pages.
   */
  void merge() throws IOException {
    if (recent.size() == 0) {
      return;
    }
    long needed = size + recentNew;
    long grown = capacity;
    while (needed > grown / 2) {
      grown *= 2;
    }
    if (grown != capacity) {
      grow(grown);
    }
    TablePages to = new TablePages(channel, HEADER, MERGE_PAGES, MERGE_PAGE, capacity);
    recent.walk((h, location, first) -> mergeOne(to, h, location, first));
    to.flush();
    recent.clear();
    recentNew = 0;
    slots = new TablePages(channel, HEADER, CACHED_PAGES); // its pages may be older than the file's
  }

  /**
   * One recent entry into the file: a new hash takes the first empty slot of its run; a later
   * record whose hash is in the run once takes that slot (its message's, without reading a
   * record); otherwise (two IDs with one hash, about one chance in 10^7 at a million) the records
   * tell the IDs apart.
   */
  private void mergeOne(TablePages to, long h, long location, boolean first) throws IOException {
    long own = -1;
    int same = 0;
    long empty;
    for (long i = home(h); ; i = next(i)) {
      long key = to.key(i);
      if (key == EMPTY) {
        empty = i;
        break;
      }
      if (key == h) {
        own = same++ == 0 ? i : own;
      }
    }
    if (same == 1 && !first) {
      to.set(own, h, location);
      return;
    }
    if (same > 0) {
      String id = ids.idAt(location);
      for (long i = home(h); i != empty; i = next(i)) {
        if (to.key(i) == h && id.equals(ids.idAt(to.value(i)))) {
          to.set(i, h, location);
          return;
        }
      }
    }
    to.set(empty, h, location);
    size++;
  }

  private long home(long h) {
    return h >>> shift;
  }

  private long next(long slot) {
    return (slot + 1) & (capacity - 1);
  }

  /**
   * Writes the file's entries into a table of {@code grown} slots in a new file and renames it over
   * this one. Read in slot order, the entries land in the new table in nearly ascending order (a
   * home is the hash's top bits): both files are passed over once, in large pages.
   */
  private void grow(long grown) throws IOException {
    Path next = growPath(file);
    int grownShift = 64 - Long.numberOfTrailingZeros(grown);
    try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      sizeFile(out, grown);
      TablePages from = new TablePages(channel, HEADER, MERGE_PAGES, MERGE_PAGE, capacity);
      TablePages to = new TablePages(out, HEADER, MERGE_PAGES, MERGE_PAGE, grown);
      for (long i = 0; i < capacity; i++) {
        long key = from.key(i);
        if (key != EMPTY) {
          long j = key >>> grownShift;
          while (to.key(j) != EMPTY) {
            j = (j + 1) & (grown - 1);
          }
          to.set(j, key, from.value(i));
        }
      }
      to.flush();
      writeHeader(out, grown, false);
    }
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    channel.close();
    channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    use(grown);
  }

  /** An empty table of the least capacity, marked open (not trusted if the process dies). */
  private void reset() throws IOException {
    channel.truncate(0);
    sizeFile(channel, MIN_CAPACITY);
    size = 0;
    recent.clear();
    recentNew = 0;
    covered = -1;
    writeHeader(channel, MIN_CAPACITY, false);
    use(MIN_CAPACITY);
  }

  private void use(long capacity) {
    this.capacity = capacity;
    this.shift = 64 - Long.numberOfTrailingZeros(capacity);
    this.slots = new TablePages(channel, HEADER, CACHED_PAGES);
  }

  /** Reads a header written at a clean close; true when the table can be used as it is (and marks it open). */
  private boolean openClean() throws IOException {
    ByteBuffer h = ByteBuffer.allocate(FIELDS);
    while (h.hasRemaining() && channel.read(h, h.position()) >= 0) {
      // reads the header whole, or to the file's end
    }
    if (h.hasRemaining()) {
      return false; // missing (a store of an older build) or cut short
    }
    long cap = h.getLong(AT_CAPACITY);
    long count = h.getLong(AT_SIZE);
    boolean sane = h.getInt(AT_MAGIC) == MAGIC && h.getInt(AT_VERSION) == VERSION && h.getInt(AT_CLEAN) == 1
        && cap >= MIN_CAPACITY && Long.bitCount(cap) == 1 && count >= 0 && count <= cap / 2
        && channel.size() == HEADER + cap * TablePages.SLOT && (count == 0) == (h.getLong(AT_COVERED) < 0);
    if (!sane) {
      return false;
    }
    size = count;
    covered = h.getLong(AT_COVERED);
    trusted = covered;
    use(cap);
    writeHeader(channel, cap, false);
    channel.force(false); // from here until a clean close, a kill leaves a table the next start rebuilds
    return true;
  }

  private void writeHeader(FileChannel to, long capacity, boolean clean) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(FIELDS);
    h.putInt(AT_MAGIC, MAGIC).putInt(AT_VERSION, VERSION).putLong(AT_CAPACITY, capacity).putLong(AT_SIZE, size)
        .putLong(AT_COVERED, covered).putInt(AT_CLEAN, clean ? 1 : 0);
    while (h.hasRemaining()) {
      to.write(h, h.position());
    }
  }

  private static void sizeFile(FileChannel to, long capacity) throws IOException {
    // sparse: the slots not written read as zeros (empty)
    to.write(ByteBuffer.allocate(1), HEADER + capacity * TablePages.SLOT - 1);
  }

  /** Closes the file without saying it is complete (a start that failed): the next start rebuilds it. */
  void abandon() {
    broken = true;
    try {
      channel.close();
    } catch (IOException e) {
      // nothing was promised about this file
    }
  }

  /**
   * Writes the table out and, when every record met was indexed, forces it and then a header that
   * says so: the next start uses the file as it is.
   */
  @Override
  public void close() throws IOException {
    try {
      if (!broken) {
        merge();
        slots.flush();
        channel.force(false);
        writeHeader(channel, capacity, true);
        channel.force(false);
      }
    } finally {
      channel.close();
    }
  }
}
