package org.openmm7.stub.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The slots of a {@link MessageIndex} table file through a small write-back cache of pages, read and
 * written with positional I/O (not mapped: mapped pages would count in the process's memory, the
 * page cache behind {@code pread} does not). The heap it holds is {@code maxPages} pages whatever
 * the table's size. Writes reach the file when a page is evicted or at {@link #flush}; nothing is
 * forced here (the log is the truth: a table not closed cleanly is rebuilt from it). Not
 * thread-safe.
 */
final class TablePages {
  static final int PAGE = 4096;
  static final int SLOT = 16;

  private static final class Page {
    final ByteBuffer bytes;
    long number;
    boolean dirty;

    Page(int size) {
      bytes = ByteBuffer.allocate(size);
    }
  }

  private final FileChannel channel;
  private final long base;
  private final int maxPages;
  private final int pageSize;
  private final int slotsPerPage;
  private final long end; // the table's last byte + 1: a large page is cut there
  private final LinkedHashMap<Long, Page> pages = new LinkedHashMap<>(16, 0.75f, true);
  private Page last; // the page of the previous access: probes stay on one page

  /** Slot 0 is at byte {@code base} of the file; pages of {@value #PAGE} bytes. */
  TablePages(FileChannel channel, long base, int maxPages) {
    this(channel, base, maxPages, PAGE, Long.MAX_VALUE);
  }

  /**
   * With pages of {@code pageSize} bytes (a multiple of {@value #PAGE}), for a table of {@code
   * slots}: a pass over the table in slot order reads and writes it in few, large calls.
   */
  TablePages(FileChannel channel, long base, int maxPages, int pageSize, long slots) {
    if (pageSize % PAGE != 0) {
      throw new IllegalArgumentException("a page of " + pageSize + " bytes");
    }
    this.channel = channel;
    this.base = base;
    this.maxPages = maxPages;
    this.pageSize = pageSize;
    this.slotsPerPage = pageSize / SLOT;
    this.end = slots == Long.MAX_VALUE ? Long.MAX_VALUE : base + slots * SLOT;
  }

  long key(long slot) throws IOException {
    return page(slot).bytes.getLong(offsetIn(slot));
  }

  long value(long slot) throws IOException {
    return page(slot).bytes.getLong(offsetIn(slot) + 8);
  }

  void set(long slot, long key, long value) throws IOException {
    Page p = page(slot);
    p.bytes.putLong(offsetIn(slot), key);
    p.bytes.putLong(offsetIn(slot) + 8, value);
    p.dirty = true;
  }

  /** Writes the changed pages to the file (not forced). */
  void flush() throws IOException {
    for (Page p : pages.values()) {
      writeBack(p);
    }
  }

  /** The heap the cache can hold, in bytes (for tests). */
  long heapBytes() {
    return (long) maxPages * pageSize;
  }

  private int offsetIn(long slot) {
    return (int) (slot % slotsPerPage) * SLOT;
  }

  private Page page(long slot) throws IOException {
    long number = slot / slotsPerPage;
    if (last != null && last.number == number) {
      return last;
    }
    Page p = pages.get(number);
    if (p == null) {
      p = pages.size() < maxPages ? new Page(pageSize) : evictEldest();
      p.number = number;
      read(p);
      pages.put(number, p);
    }
    last = p;
    return p;
  }

  private Page evictEldest() throws IOException {
    Iterator<Map.Entry<Long, Page>> it = pages.entrySet().iterator();
    Page p = it.next().getValue();
    writeBack(p);
    it.remove();
    return p;
  }

  private void read(Page p) throws IOException {
    ByteBuffer b = p.bytes.clear();
    long at = base + p.number * pageSize;
    b.limit((int) Math.min(pageSize, end - at));
    while (b.hasRemaining()) {
      int n = channel.read(b, at + b.position());
      if (n < 0) {
        break; // past the end: a table grown sparse reads as empty slots
      }
    }
    while (b.hasRemaining()) {
      b.put((byte) 0);
    }
    b.limit(pageSize);
    p.dirty = false;
  }

  private void writeBack(Page p) throws IOException {
    if (!p.dirty) {
      return;
    }
    ByteBuffer b = p.bytes.duplicate().clear();
    long at = base + p.number * pageSize;
    b.limit((int) Math.min(pageSize, end - at)); // never past the table: the file's size says its capacity
    while (b.hasRemaining()) {
      channel.write(b, at + b.position());
    }
    p.dirty = false;
  }
}
