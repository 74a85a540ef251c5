package org.openmm7.stub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each stored message's latest record is in the {@link StoreLog}: a MessageID's 64-bit hash
 * and the record's location, 16 bytes a slot in two open-addressing arrays kept at most 3/4 full,
 * so between 21 and 43 bytes per message (32 MB for a million), and no object per message. The
 * MessageID itself is in the record: a lookup reads it back and compares, so two IDs with the same
 * hash (about one chance in 10^7 at a million) are told apart; the second goes to a small map.
 * Not thread-safe: the store guards it.
 */
final class MessageIndex {
  /** Reads the MessageID of the record at a location. */
  interface Ids {
    String idAt(long location) throws IOException;
  }

  private static final long EMPTY = 0;
  private final Ids ids;
  private final java.util.function.ToLongFunction<String> hash;
  private long[] keys = new long[1024];
  private long[] values = new long[1024];
  private int size;
  private final Map<String, Long> collided = new HashMap<>();

  MessageIndex(Ids ids) {
    this(ids, MessageIndex::hash);
  }

  /** With another hash function: tests make every ID collide. */
  MessageIndex(Ids ids, java.util.function.ToLongFunction<String> hash) {
    this.ids = ids;
    this.hash = id -> {
      long h = hash.applyAsLong(id);
      return h == EMPTY ? 1 : h;
    };
  }

  int size() {
    return size + collided.size();
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

  /** The location of a MessageID's latest record, or -1; a hash match whose record is another ID's is -1. */
  long get(String id) throws IOException {
    Long c = collided.isEmpty() ? null : collided.get(id);
    if (c != null) {
      return c;
    }
    int slot = slot(hash.applyAsLong(id));
    if (keys[slot] == EMPTY) {
      return -1;
    }
    return id.equals(ids.idAt(values[slot])) ? values[slot] : -1;
  }

  void put(String id, long location) throws IOException {
    long h = hash.applyAsLong(id);
    int slot = slot(h);
    if (keys[slot] == EMPTY) {
      keys[slot] = h;
      values[slot] = location;
      if (++size > keys.length / 4 * 3) {
        grow();
      }
    } else if (collided.containsKey(id) || !id.equals(ids.idAt(values[slot]))) {
      collided.put(id, location);
    } else {
      values[slot] = location;
    }
  }

  /**
   * Points a MessageID at a record met at start (in log order), without reading records where it
   * can: a later record of a message ({@code ofKnownMessage}: a state change) follows its first,
   * so a slot with its hash is its own unless the ID is among the collided, and a first record
   * that meets a used hash (a collision, about one in 10^7 at a million) is the only case read back.
   */
  void recovered(String id, long location, boolean ofKnownMessage) throws IOException {
    if (!collided.isEmpty() && collided.containsKey(id)) {
      collided.put(id, location);
      return;
    }
    long h = hash.applyAsLong(id);
    int slot = slot(h);
    if (keys[slot] != EMPTY && ofKnownMessage) {
      values[slot] = location;
      return;
    }
    put(id, location);
  }

  private int slot(long h) {
    int mask = keys.length - 1;
    for (int i = (int) h & mask; ; i = (i + 1) & mask) {
      if (keys[i] == EMPTY || keys[i] == h) {
        return i;
      }
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new long[oldValues.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int slot = slot(oldKeys[i]);
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
      }
    }
  }
}
