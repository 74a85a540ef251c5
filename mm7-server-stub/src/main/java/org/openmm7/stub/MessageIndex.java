package org.openmm7.stub;

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
 * whatever the store holds (a cache of {@value #CACHED_PAGES} pages of 4 KB, {@link TablePages}).
 * A slot is 16 bytes: a MessageID's 64-bit hash and the record's location; a slot's home is the
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
final class MessageIndex implements AutoCloseable {
  /** Reads the MessageID of the record at a location. */
  interface Ids {
    String idAt(long location) throws IOException;
  }

  /** The records of the log, oldest first, given to {@link MessageIndex#recovered}; for a rebuild. */
  interface Replay {
    void replay(MessageIndex index) throws IOException;
  }

  static final String FILE = "messages.tbl";
  static final int CACHED_PAGES = 128;
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
  private long size;
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

  long size() {
    return size;
  }

  /** Whether the start rebuilt the table from the log rather than use the file as it was (for tests). */
  boolean rebuilt() {
    return rebuilt;
  }

  /** The heap the table can hold, in bytes, whatever its size (for tests). */
  long heapBytes() {
    return slots.heapBytes();
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

  void put(String id, long location) throws IOException {
    long h = hash.applyAsLong(id);
    try {
      for (long i = home(h); ; i = next(i)) {
        long key = slots.key(i);
        if (key == EMPTY) {
          insert(i, h, location);
          return;
        }
        if (key == h && id.equals(ids.idAt(slots.value(i)))) {
          update(i, location);
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  /**
   * Points a MessageID at a record met at start (in log order), without reading records where it
   * can: a later record of a message ({@code ofKnownMessage}: a state change) follows its first, so
   * the one slot with its hash is its own; only when two slots hold that hash (a collision, about
   * one in 10^7 at a million), or a first record meets a used hash, are records read back.
   */
  void recovered(String id, long location, boolean ofKnownMessage) throws IOException {
    if (!ofKnownMessage) {
      put(id, location);
      return;
    }
    long h = hash.applyAsLong(id);
    long own = -1;
    for (long i = home(h); ; i = next(i)) {
      long key = slots.key(i);
      if (key == EMPTY) {
        break;
      }
      if (key == h) {
        if (own >= 0) {
          put(id, location); // two IDs with this hash: told apart by their records
          return;
        }
        own = i;
      }
    }
    if (own < 0) {
      put(id, location);
    } else {
      update(own, location);
    }
  }

  private void insert(long slot, long h, long location) throws IOException {
    slots.set(slot, h, location);
    covered = Math.max(covered, location);
    if (++size > capacity / 2) {
      grow();
    }
  }

  private void update(long slot, long location) throws IOException {
    slots.set(slot, slots.key(slot), location);
    covered = Math.max(covered, location);
  }

  private long home(long h) {
    return h >>> shift;
  }

  private long next(long slot) {
    return (slot + 1) & (capacity - 1);
  }

  /**
   * Writes the table at twice the capacity to a new file and renames it over this one. Read in
   * slot order, the entries land in the new table in nearly ascending order (a home is the hash's
   * top bits), so the pages cache absorbs the writes.
   */
  private void grow() throws IOException {
    slots.flush();
    Path next = growPath(file);
    long grown = capacity * 2;
    int grownShift = shift - 1;
    try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      sizeFile(out, grown);
      TablePages to = new TablePages(out, HEADER, CACHED_PAGES);
      for (long i = 0; i < capacity; i++) {
        long key = slots.key(i);
        if (key != EMPTY) {
          long j = key >>> grownShift;
          while (to.key(j) != EMPTY) {
            j = (j + 1) & (grown - 1);
          }
          to.set(j, key, slots.value(i));
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
