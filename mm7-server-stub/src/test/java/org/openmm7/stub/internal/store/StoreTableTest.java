package org.openmm7.stub.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.stub.Http;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.StoreRobustnessTest;
import org.openmm7.stub.StoredMessage;

/**
 * The store's table of message locations ({@value MessageIndex#FILE}) across restarts: a clean
 * close lets the next start use it as it is; a kill, a damaged or missing file, or a table that
 * names a record the log does not hold makes the start rebuild it from the log; records added
 * after the table's covered point are added. Every message is found at its latest record.
 */
class StoreTableTest {
  private static final long SEGMENT = 16 * 1024;

  @TempDir
  Path dir;

  private MessageStore open() throws IOException {
    return new MessageStore(dir, 0, SEGMENT);
  }

  private Path table() {
    return dir.resolve(MessageIndex.FILE);
  }

  private static StoredMessage message(String id) {
    return new StoredMessage(id, "vasp", "tx-" + id, "REL-6-MM7-1-4", Instant.ofEpochSecond(1_700_000_000),
        StoredMessage.State.ACCEPTED, 0);
  }

  /** Stores {@code n} messages and cancels every third, then every ninth a second time (replaced). */
  private static List<String> fill(MessageStore store, String prefix, int n) throws IOException {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = prefix + i;
      store.accept(message(id), null, null);
      ids.add(id);
    }
    for (int i = 0; i < n; i += 3) {
      store.update(store.get(ids.get(i)).withState(StoredMessage.State.CANCELLED), null);
    }
    for (int i = 0; i < n; i += 9) {
      store.update(store.get(ids.get(i)).replaced(), null);
    }
    return ids;
  }

  private static void assertAllAtTheirLatest(MessageStore store, List<String> ids) {
    assertEquals(ids.size(), store.count());
    for (int i = 0; i < ids.size(); i++) {
      StoredMessage m = store.get(ids.get(i));
      assertNotNull(m, ids.get(i));
      assertEquals(i % 3 == 0 ? StoredMessage.State.CANCELLED : StoredMessage.State.ACCEPTED, m.state(), ids.get(i));
      assertEquals(i % 9 == 0 ? 1 : 0, m.replacements(), ids.get(i));
    }
    assertFalse(store.contains("never-stored"));
  }

  private void setHeaderInt(int at, int value) throws IOException {
    try (FileChannel ch = FileChannel.open(table(), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(4).putInt(0, value), at);
    }
  }

  @Test
  void aCleanRestartUsesTheTableAsItIs() throws Exception {
    List<String> ids;
    try (MessageStore store = open()) {
      assertTrue(store.index().rebuilt(), "a new store starts an empty table");
      ids = fill(store, "m-", 800);
    }
    assertTrue(Files.size(table()) > 800 * 16, "the table is a file in the store directory");
    try (MessageStore store = open()) {
      assertFalse(store.index().rebuilt(), "closed cleanly: not rebuilt");
      assertAllAtTheirLatest(store, ids);
      store.update(store.get(ids.get(1)).withState(StoredMessage.State.CANCELLED), null);
    }
    try (MessageStore store = open()) {
      assertFalse(store.index().rebuilt());
      assertEquals(StoredMessage.State.CANCELLED, store.get(ids.get(1)).state(), "a change after a restart is kept");
    }
  }

  @Test
  void afterAKillTheTableIsRebuiltFromTheLog() throws Exception {
    List<String> ids;
    try (MessageStore store = open()) {
      ids = fill(store, "k-", 500);
    }
    setHeaderInt(32, 0); // what a kill leaves: the header as the start marked it, open
    try (MessageStore store = open()) {
      assertTrue(store.index().rebuilt(), "a table not closed cleanly is not trusted");
      assertAllAtTheirLatest(store, ids);
    }
    try (MessageStore store = open()) {
      assertFalse(store.index().rebuilt(), "the rebuilt table, closed cleanly, is used");
      assertAllAtTheirLatest(store, ids);
    }
  }

  @Test
  void aDamagedCutOrMissingTableIsRebuilt() throws Exception {
    List<String> ids;
    try (MessageStore store = open()) {
      ids = fill(store, "d-", 400);
    }
    setHeaderInt(0, 0x12345678); // not a table
    try (MessageStore store = open()) {
      assertTrue(store.index().rebuilt(), "a bad magic");
      assertAllAtTheirLatest(store, ids);
    }
    try (FileChannel ch = FileChannel.open(table(), StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() / 2);
    }
    try (MessageStore store = open()) {
      assertTrue(store.index().rebuilt(), "a table cut short");
      assertAllAtTheirLatest(store, ids);
    }
    Files.delete(table()); // a store written by a build before the table
    try (MessageStore store = open()) {
      assertTrue(store.index().rebuilt(), "no table");
      assertAllAtTheirLatest(store, ids);
    }
    assertTrue(Files.exists(table()));
  }

  /**
   * A kill while the table was being doubled leaves {@code messages.tbl.grow} beside the table it
   * was to replace: the next start removes it (it held up to twice the table's bytes, never used)
   * and uses or rebuilds the table as it finds it.
   */
  @Test
  void aDoubledTableLeftHalfWrittenByAKillIsRemovedAtStart() throws Exception {
    List<String> ids;
    try (MessageStore store = open()) {
      ids = fill(store, "g-", 300);
    }
    Path grow = MessageIndex.growPath(table());
    Files.write(grow, new byte[64 * 1024]); // what a kill in the middle of a doubling leaves
    try (MessageStore store = open()) {
      assertFalse(Files.exists(grow), "the half-written doubling is removed at start");
      assertFalse(store.index().rebuilt(), "the table it was to replace is used as it was closed");
      assertAllAtTheirLatest(store, ids);
    }
    setHeaderInt(32, 0); // and after a kill that also left the table open
    Files.write(grow, new byte[64 * 1024]);
    try (MessageStore store = open()) {
      assertFalse(Files.exists(grow));
      assertTrue(store.index().rebuilt());
      assertAllAtTheirLatest(store, ids);
    }
  }

  /**
   * After a kill, the table is rebuilt from the log in bulk: the records' keys read from the
   * segments' indexes, the entries merged into the file in slot order every {@value
   * MessageIndex#RECENT} (the table of before read and wrote a page per record: two calls each).
   * More messages than one merge holds, with later records (cancels); every message at its latest.
   */
  @Test
  void aRebuildAfterAKillCostsTheFileFarLessThanACallPerRecord() throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/io")), "Linux only");
    int threads = 32;
    int each = 1_100; // more than one merge's worth
    try (MessageStore store = new MessageStore(dir, 0, 4L * 1024 * 1024)) {
      List<Thread> writers = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < threads; t++) {
        int from = t * each;
        Thread writer = new Thread(() -> {
          try {
            for (int i = from; i < from + each; i++) {
              store.accept(message("r-" + i), null, null);
              if (i % 50 == 0) {
                store.update(store.get("r-" + i).withState(StoredMessage.State.CANCELLED), null);
              }
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        }, "table-writer-" + t);
        writer.start();
        writers.add(writer);
      }
      for (Thread w : writers) {
        w.join();
      }
      assertEquals(List.of(), failures);
    }
    int records = threads * each + (threads * each + 49) / 50;
    long before = MessageIndexTest.fileCalls();
    try (MessageStore store = new MessageStore(dir, 0, 4L * 1024 * 1024)) {
      assertFalse(store.index().rebuilt());
    }
    long clean = MessageIndexTest.fileCalls() - before; // the log's own: its last segment read through
    setHeaderInt(32, 0); // a kill
    before = MessageIndexTest.fileCalls();
    try (MessageStore store = new MessageStore(dir, 0, 4L * 1024 * 1024)) {
      long calls = MessageIndexTest.fileCalls() - before - clean;
      assertTrue(store.index().rebuilt());
      assertTrue(calls < records / 10, calls + " read and write calls more than a clean start to rebuild from "
          + records + " records");
      assertEquals(threads * each, store.count());
      for (int i = 0; i < threads * each; i++) {
        StoredMessage m = store.get("r-" + i);
        assertNotNull(m, "r-" + i);
        assertEquals(i % 50 == 0 ? StoredMessage.State.CANCELLED : StoredMessage.State.ACCEPTED, m.state(), "r-" + i);
      }
    }
  }

  /** A table closed before more records were written (by a build that does not keep it): those are added at start. */
  @Test
  void recordsAfterTheTablesCoveredPointAreAddedAtStart() throws Exception {
    List<String> ids;
    try (MessageStore store = open()) {
      ids = new ArrayList<>(fill(store, "a-", 300));
    }
    Path older = Files.copy(table(), dir.resolve("older.tbl"));
    try (MessageStore store = open()) {
      ids.addAll(fill(store, "b-", 300));
      store.update(store.get("a-1").withState(StoredMessage.State.CANCELLED), null);
      store.update(store.get("a-1").withState(StoredMessage.State.ACCEPTED), null);
    }
    Files.copy(older, table(), StandardCopyOption.REPLACE_EXISTING);
    try (MessageStore store = open()) {
      assertFalse(store.index().rebuilt(), "the older table is good up to its covered point");
      assertEquals(600, store.count());
      assertEquals(StoredMessage.State.ACCEPTED, store.get("a-1").state(), "a message changed after the point: at its latest");
      for (int i = 0; i < 300; i++) {
        StoredMessage m = store.get("b-" + i);
        assertNotNull(m, "b-" + i);
        assertEquals(i % 3 == 0 ? StoredMessage.State.CANCELLED : StoredMessage.State.ACCEPTED, m.state());
        assertEquals(i % 9 == 0 ? 1 : 0, m.replacements());
      }
      for (int i = 2; i < 300; i++) {
        assertEquals(i % 3 == 0 ? StoredMessage.State.CANCELLED : StoredMessage.State.ACCEPTED,
            store.get("a-" + i).state(), "a-" + i);
      }
    }
  }

  /** A table that names a record the log does not hold (a log replaced under it) is rebuilt, not trusted. */
  @Test
  void aTableForAnotherLogIsRebuilt() throws Exception {
    Path other = Files.createDirectory(dir.resolve("other"));
    try (MessageStore store = new MessageStore(other, 0, SEGMENT)) {
      fill(store, "o-", 600);
    }
    List<String> ids;
    try (MessageStore store = open()) {
      ids = fill(store, "s-", 100);
    }
    Files.copy(other.resolve(MessageIndex.FILE), table(), StandardCopyOption.REPLACE_EXISTING);
    try (MessageStore store = open()) {
      assertTrue(store.index().rebuilt());
      assertAllAtTheirLatest(store, ids);
      assertFalse(store.contains("o-599"));
    }
  }

  /** The words: a cancel of any stored MessageID still works after a restart (here after a clean one). */
  @Test
  void aStoredMessageIsCancellableAfterARestartThatUsedTheTable() throws Exception {
    List<String> ids = new ArrayList<>();
    Path submit = StoreRobustnessTest.golden("REL-6-MM7-1-4", "SubmitReq.http");
    try (Mm7StubServer first = Mm7StubServer.builder().storeDirectory(dir).inbox(false).build().start()) {
      for (int i = 0; i < 40; i++) {
        ids.add(((SubmitResponse) Http.post(first.endpoint(), submit).message()).messageId());
      }
    }
    try (Mm7StubServer second = Mm7StubServer.builder().storeDirectory(dir).inbox(false).build().start()) {
      for (String id : ids) {
        assertEquals(1000, StoreRobustnessTest.cancel(second, id).statusCode(), id);
      }
    }
    try (MessageStore store = open()) {
      assertFalse(store.index().rebuilt(), "the stub closed the table cleanly");
      for (String id : ids) {
        assertEquals(StoredMessage.State.CANCELLED, store.get(id).state(), id);
      }
    }
  }
}
