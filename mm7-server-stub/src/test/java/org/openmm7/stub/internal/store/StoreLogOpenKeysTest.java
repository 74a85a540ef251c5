package org.openmm7.stub.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open segment's keys are kept in the heap until it is sealed: the log rolls to a new segment
 * when they reach a bound, not only at the segment's size, so that tiny records (a 64 MiB segment
 * holds ~600,000 of ~100 bytes: ~28 MB of keys) do not make it grow with the segment. Every record
 * is still found, in order, before and after a restart.
 */
class StoreLogOpenKeysTest {
  private static final long BOUND = 8 * 1024;

  @TempDir
  Path dir;

  private StoreLog open(List<String> seen) throws Exception {
    StoreLog log = new StoreLog(dir.resolve("messages"), 64L * 1024 * 1024, 64 * 1024);
    log.recover(64, (location, prefix) -> {
      byte[] key = new byte[prefix.remaining()];
      prefix.get(key);
      return key;
    }, (location, key) -> seen.add(new String(key, StandardCharsets.UTF_8)));
    log.maxOpenKeyBytes(BOUND);
    return log;
  }

  private long segments() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("messages"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".log")).count();
    }
  }

  @Test
  void theOpenSegmentsKeysAreBoundedByARollNotByTheSegmentSize() throws Exception {
    List<String> written = new ArrayList<>();
    long most = 0;
    try (StoreLog log = open(new ArrayList<>())) {
      for (int i = 0; i < 1500; i++) {
        String key = String.format("key-%05d", i);
        StoreLogTest.append(log, key, new byte[0]);
        written.add(key);
        most = Math.max(most, log.openIndexHeapBytes());
      }
      assertTrue(most <= 3 * BOUND, "the open segment's keys took " + most + " bytes at most");
      assertTrue(segments() >= 3, segments() + " segments of 64 MiB for 1,500 tiny records: rolled at the keys' bound");
      List<String> walked = new ArrayList<>();
      log.keysOldestFirst((location, key) -> walked.add(new String(key, StandardCharsets.UTF_8)));
      assertEquals(written, walked);
    }
    List<String> seen = new ArrayList<>();
    try (StoreLog log = open(seen)) {
      assertEquals(written, seen, "every record at start, in order");
      long before = segments();
      for (int i = 1500; i < 2000; i++) {
        StoreLogTest.append(log, String.format("key-%05d", i), new byte[0]);
        assertTrue(log.openIndexHeapBytes() <= 3 * BOUND);
      }
      assertTrue(segments() > before, "the keys of the segment opened at start count too");
    }
  }
}
