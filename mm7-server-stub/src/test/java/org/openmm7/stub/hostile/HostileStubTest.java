package org.openmm7.stub.hostile;

import org.openmm7.client.hostile.HostileCorpus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.openmm7.stub.Mm7StubServer;

/**
 * Every hostile request against the stub (see src/corpus/hostile/README.md): the expected answer
 * within 10 s, no file read, no outbound connection, and the next valid request served.
 */
class HostileStubTest {
  private static HostileCorpus.Traps traps;
  private static Mm7StubServer stub;

  @BeforeAll
  static void start() throws IOException {
    traps = new HostileCorpus.Traps();
    stub = Mm7StubServer.builder().build().start();
  }

  @AfterAll
  static void stop() throws IOException {
    stub.close();
    assertEquals(0, traps.canaryHits.get(), "the canary was connected to");
    traps.close();
  }

  @TestFactory
  Stream<DynamicTest> everyHostileRequestGetsItsAnswerAndTheNextValidOneIsServed() throws IOException {
    List<HostileCorpus.Case> cases = HostileCorpus.requests();
    assertTrue(cases.size() >= 60, "cases: " + cases.size());
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      List<String> problems = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> HostileRun.check(stub, c, traps));
      assertTrue(problems.isEmpty(), c.name() + ": " + problems);
    }));
  }
}
