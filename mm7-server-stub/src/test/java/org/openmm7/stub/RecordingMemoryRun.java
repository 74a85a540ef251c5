package org.openmm7.stub;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.openmm7.stub.internal.http.StreamedBodyTest;

/**
 * The case as a main, for {@code RecordingMemoryForkedTest}: a stub with its default
 * settings in a JVM of 128 MB gets 150 SubmitReqs of 0.95 MB, then a valid request. Before the
 * recordings counted every byte, the 118th ended in an OutOfMemoryError.
 */
public final class RecordingMemoryRun {
  private RecordingMemoryRun() {}

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    StreamedBodyTest.Wire w = StreamedBodyTest.submit(950_000);
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      for (int i = 1; i <= count; i++) {
        Http.Answer a = Http.post(stub.endpoint(), w.contentType(), w.body(), null);
        if (a.statusCode() != 1000) {
          System.out.println("FAILED at request " + i + ": " + a);
          System.exit(1);
        }
        if (i % 10 == 0) {
          System.out.println("answered " + i);
        }
      }
      Http.Answer last = Http.post(stub.endpoint(), org.openmm7.stub.hostile.HostileRun.golden());
      RecordedRequest r = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      System.out.println("max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB, " + count + " requests of "
          + w.body().length + " bytes, recordings kept " + stub.requests().size() + ", heap used after gc "
          + (heap >> 20) + " MB, the valid request after them: " + last.statusCode());
      if (last.statusCode() != 1000 || r == null) {
        System.exit(1);
      }
      System.out.println("SURVIVED");
    }
  }
}
