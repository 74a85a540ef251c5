package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.stub.internal.store.SegmentIndex;
import org.openmm7.stub.internal.store.StoreLog;

/**
 * A restart with a store of many segments: a start reads the sealed segments' index files, not
 * their records; a missing, corrupt or stale index makes it read that segment through (and write
 * the index again); every MessageID stays cancellable; listings are pages read from the newest.
 * Segments are small here (a few messages each) so that a test has several.
 */
class StoreRestartTest {
  private static final long SEGMENT = 8 * 1024;

  @TempDir
  Path dir;

  private Path logDir() {
    return dir.resolve("messages");
  }

  private Mm7StubServer stub() throws IOException {
    return Mm7StubServer.builder().storeDirectory(dir).storeSegmentSize(SEGMENT).inbox(false).build();
  }

  private static List<String> submit(Mm7StubServer stub, int n) throws Exception {
    Path submit = StoreRobustnessTest.golden("REL-6-MM7-1-4", "SubmitReq.http");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(((SubmitResponse) Http.post(stub.endpoint(), submit).message()).messageId());
    }
    return ids;
  }

  /** The numbers of the segment files, in order. */
  private List<Integer> segments() throws IOException {
    try (Stream<Path> s = Files.list(logDir())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("segment-\\d+\\.log"))
          .map(n -> Integer.parseInt(n.substring(8, 16))).sorted().toList();
    }
  }

  /**
   * Overwrites the last bytes of every accepted request in a sealed segment (the end of its MIME
   * body: the record's checksum no longer matches) and gives the file its modification time back,
   * as if its bodies had rotted unnoticed: a start that read the segment through would set those
   * records aside; one that reads its index does not see them.
   */
  private void garbleRequests(int segment) throws IOException {
    Path file = StoreLog.segmentPath(logDir(), segment);
    SegmentIndex index = SegmentIndex.read(logDir(), segment);
    assertNotNull(index, "an index beside sealed segment " + segment);
    FileTime modified = Files.getLastModifiedTime(file);
    long size = Files.size(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      for (int i = 0; i < index.count(); i++) {
        if (index.key(i)[0] == 1) { // a message's first record, with its request
          long end = i + 1 < index.count() ? index.offset(i + 1) : size;
          ch.write(ByteBuffer.wrap(new byte[64]), end - StoreLog.TRAILER - 64);
        }
      }
    }
    Files.setLastModifiedTime(file, modified);
  }

  @Test
  void aStartReadsTheSealedSegmentsIndexesNotTheirRecordsAndEveryMessageIsCancellable() throws Exception {
    List<String> ids;
    try (Mm7StubServer first = stub().start()) {
      ids = submit(first, 30);
      assertEquals(1000, StoreRobustnessTest.cancel(first, ids.get(0)).statusCode());
      assertEquals(1000, StoreRobustnessTest.cancel(first, ids.get(15)).statusCode());
    }
    List<Integer> segments = segments();
    assertTrue(segments.size() >= 4, "several segments: " + segments);
    for (int n : segments.subList(0, segments.size() - 1)) {
      assertTrue(Files.exists(SegmentIndex.pathOf(logDir(), n)), "the index of sealed segment " + n);
      garbleRequests(n);
    }
    assertFalse(Files.exists(SegmentIndex.pathOf(logDir(), segments.get(segments.size() - 1))),
        "none beside the open segment");
    try (Mm7StubServer second = stub().start()) {
      assertEquals(30, second.storedMessageCount());
      assertFalse(Files.exists(dir.resolve(StartFiles.UNREADABLE)), "no sealed record was read, so none set aside");
      assertEquals(StoredMessage.State.CANCELLED, second.storedMessage(ids.get(0)).state());
      assertEquals(StoredMessage.State.CANCELLED, second.storedMessage(ids.get(15)).state());
      for (String id : ids) {
        if (!id.equals(ids.get(0)) && !id.equals(ids.get(15))) {
          assertEquals(StoredMessage.State.ACCEPTED, second.storedMessage(id).state(), id);
          assertEquals(1000, StoreRobustnessTest.cancel(second, id).statusCode(), "after a restart: " + id);
        }
      }
    }
    try (Mm7StubServer third = stub()) {
      for (String id : ids) {
        assertEquals(StoredMessage.State.CANCELLED, third.storedMessage(id).state(), "kept: " + id);
      }
    }
  }

  @Test
  void aMissingCorruptOrStaleIndexMakesTheStartReadThatSegmentAndWriteItAgain() throws Exception {
    List<String> ids;
    try (Mm7StubServer first = stub().start()) {
      ids = submit(first, 20);
    }
    List<Integer> segments = segments();
    assertTrue(segments.size() >= 4, "several segments: " + segments);
    int missing = segments.get(0);
    int corrupt = segments.get(1);
    int stale = segments.get(2);
    Set<String> inCorrupt = new HashSet<>();
    SegmentIndex index = SegmentIndex.read(logDir(), corrupt);
    for (int i = 0; i < index.count(); i++) {
      inCorrupt.add(new String(index.key(i), 1, index.key(i).length - 1, java.nio.charset.StandardCharsets.US_ASCII));
    }
    // bodies that no longer check in the segment whose index is corrupt: a read through sets them aside
    garbleRequests(corrupt);
    Files.delete(SegmentIndex.pathOf(logDir(), missing));
    byte[] idx = Files.readAllBytes(SegmentIndex.pathOf(logDir(), corrupt));
    idx[idx.length / 2] ^= 1;
    Files.write(SegmentIndex.pathOf(logDir(), corrupt), idx);
    Path staleFile = StoreLog.segmentPath(logDir(), stale);
    Files.setLastModifiedTime(staleFile, FileTime.fromMillis(Files.getLastModifiedTime(staleFile).toMillis() + 5000));
    try (Mm7StubServer second = stub().start()) {
      for (String id : ids) {
        if (inCorrupt.contains(id)) {
          assertNull(second.storedMessage(id), "set aside by the read through: " + id);
        } else {
          assertEquals(1000, StoreRobustnessTest.cancel(second, id).statusCode(), id);
        }
      }
      assertEquals(ids.size() - inCorrupt.size(), second.storedMessageCount());
      try (Stream<Path> aside = Files.list(dir.resolve(StartFiles.UNREADABLE))) {
        assertTrue(aside.count() >= 1, "the corrupt records of the segment read through (adjacent ones in one file)");
      }
    }
    for (int n : List.of(missing, corrupt, stale)) {
      assertNotNull(SegmentIndex.read(logDir(), n), "written again for segment " + n);
    }
  }

  @Test
  void storedMessagesArePagesNewestFirstThatNeedNotReadOldSegments() throws Exception {
    try (Mm7StubServer stub = stub().start()) {
      List<String> ids = submit(stub, 30);
      List<String> newestFirst = new ArrayList<>(ids);
      java.util.Collections.reverse(newestFirst);
      assertEquals(newestFirst.subList(0, 7), messageIds(stub.storedMessages(null, 7)));
      List<String> walked = new ArrayList<>();
      for (List<StoredMessage> page = stub.storedMessages(null, 7); !page.isEmpty();
           page = stub.storedMessages(page.get(page.size() - 1).messageId(), 7)) {
        assertTrue(page.size() <= 7);
        walked.addAll(messageIds(page));
      }
      assertEquals(newestFirst, walked, "every message once, newest first");
      List<String> forward = new ArrayList<>();
      stub.forEachStoredMessage(m -> forward.add(m.messageId()));
      assertEquals(ids, forward, "oldest first, one at a time");
      assertThrows(IllegalArgumentException.class, () -> stub.storedMessages(null, 0));
      assertThrows(IllegalArgumentException.class, () -> stub.storedMessages(null, Mm7StubServer.MAX_STORED_PAGE + 1));
      assertThrows(IllegalArgumentException.class, () -> stub.storedMessages("mm7stub-unknown-1", 5));
      // the oldest segments gone: a page of the newest does not need them (a read of the whole store would fail)
      List<Integer> segments = segments();
      for (int n : segments.subList(0, segments.size() - 3)) {
        Files.delete(StoreLog.segmentPath(logDir(), n));
      }
      assertEquals(newestFirst.subList(0, 3), messageIds(stub.storedMessages(null, 3)));
    }
  }

  @Test
  void withoutAStoreDirectoryTheListingIsPagedTheSameWay() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().maxStoredMessages(10).inbox(false).build().start()) {
      List<String> ids = submit(stub, 12);
      assertEquals(List.of(ids.get(11), ids.get(10), ids.get(9)), messageIds(stub.storedMessages(null, 3)));
      assertEquals(List.of(ids.get(8), ids.get(7)), messageIds(stub.storedMessages(ids.get(9), 2)));
      assertEquals(List.of(ids.get(3), ids.get(2)), messageIds(stub.storedMessages(ids.get(4), 5)),
          "the two oldest were forgotten");
      List<String> forward = new ArrayList<>();
      stub.forEachStoredMessage(m -> forward.add(m.messageId()));
      assertEquals(ids.subList(2, 12), forward);
    }
  }

  private static List<String> messageIds(List<StoredMessage> page) {
    return page.stream().map(StoredMessage::messageId).toList();
  }
}
