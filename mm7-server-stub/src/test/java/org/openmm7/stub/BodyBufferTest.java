package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large bodies in memory against the shared budget, given back when discarded; the rest in files. */
class BodyBufferTest {
  private static final int MB = 1024 * 1024;

  @TempDir Path temp;

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void aDeclaredLargeBodyIsKeptInMemoryAgainstTheBudgetUntilDiscarded() throws IOException {
    byte[] data = random(2 * MB);
    long before = BodyBuffer.held();
    BodyBuffer b = BodyBuffer.readBudgeted(new ByteArrayInputStream(data), 100L * MB, MB, temp, data.length);
    if (BodyBuffer.BUDGET - before >= data.length) { // unless other stubs in this JVM hold the budget
      assertTrue(b.inMemory());
      assertEquals(before + data.length, BodyBuffer.held());
    }
    assertEquals(data.length, b.size());
    assertArrayEquals(data, b.bytes());
    b.discard();
    assertEquals(before, BodyBuffer.held());
    b.discard(); // twice: given back once
    assertEquals(before, BodyBuffer.held());
  }

  @Test
  void undeclaredOrTooLargeBodiesGoToFiles() throws IOException {
    byte[] data = random(2 * MB);
    long before = BodyBuffer.held();
    BodyBuffer chunked = BodyBuffer.readBudgeted(new ByteArrayInputStream(data), 100L * MB, MB, temp, -1);
    assertFalse(chunked.inMemory());
    assertArrayEquals(data, chunked.bytes());
    chunked.discard();
    byte[] big = random(BodyBuffer.LARGE_IN_MEMORY + 1);
    BodyBuffer large = BodyBuffer.readBudgeted(new ByteArrayInputStream(big), 100L * MB, MB, temp, big.length);
    assertFalse(large.inMemory());
    assertEquals(big.length, large.size());
    large.discard();
    byte[] small = random(1000);
    BodyBuffer s = BodyBuffer.readBudgeted(new ByteArrayInputStream(small), 100L * MB, MB, temp, small.length);
    assertTrue(s.inMemory());
    assertEquals(before, BodyBuffer.held());
    s.discard();
    assertEquals(before, BodyBuffer.held());
  }

  @Test
  void aBodyShorterThanDeclaredStillGivesTheBudgetBack() throws IOException {
    byte[] data = random(3 * MB);
    long before = BodyBuffer.held();
    BodyBuffer b = BodyBuffer.readBudgeted(new ByteArrayInputStream(data), 100L * MB, MB, temp, 4L * MB);
    assertEquals(data.length, b.size());
    assertArrayEquals(data, b.bytes());
    b.discard();
    assertEquals(before, BodyBuffer.held());
  }
}
