package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7StatusException;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.stub.Mm7StubServer;
import picocli.CommandLine;

/**
 * A submit larger than the stub's limit (40 MB against the default 5 MB) ends with the stub's
 * answer, 2004, not with a broken pipe: from the command line (exit 1, the status printed) and
 * from the client with and without {@code Expect: 100-continue}.
 */
class OversizeSubmitTest {
  private static final long BIG = 40L * 1024 * 1024;

  @TempDir
  Path dir;

  @Test
  void submitOfFortyMegabytesToTheDefaultStubPrintsTheRefusal() throws Exception {
    Path video = dir.resolve("clip.mp4");
    try (RandomAccessFile f = new RandomAccessFile(video.toFile(), "rw")) {
      f.setLength(BIG); // sparse: 40 MB of zeros without writing them
    }
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cl = new CommandLine(new Mm7Command()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
      long t0 = System.nanoTime();
      int exit = cl.execute("submit", "--url", stub.endpoint().toString(), "--to", "+447700900123",
          "--attach", video.toString(), "--timeout", "30");
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(ClientOptions.EXIT_STATUS, exit, err.toString());
      assertTrue(err.toString().startsWith("refused: MM7 status 2004"), err.toString());
      System.out.printf("mm7 submit, 40 MB to the default stub: exit %d in %d ms: %s", exit, millis, err);
    }
  }

  @Test
  void theClientHearsTheRefusalWithAndWithoutExpectContinue() throws Exception {
    SubmitRequest big = SubmitRequest.builder().recipients(Recipients.to(Address.number("+447700900123")))
        .content(BinaryPart.ofBytes(new byte[(int) BIG], "video/mp4")).build();
    try (Mm7StubServer stub = Mm7StubServer.builder().build().start()) {
      for (long expectAbove : new long[] {Mm7Client.Builder.DEFAULT_EXPECT_CONTINUE_ABOVE, Long.MAX_VALUE}) {
        try (Mm7Client c = Mm7Client.builder(stub.endpoint()).expectContinueAbove(expectAbove)
            .callTimeout(Duration.ofSeconds(30)).build()) {
          long t0 = System.nanoTime();
          Mm7StatusException e = assertThrows(Mm7StatusException.class, () -> c.submit(big));
          assertEquals(2004, e.code());
          System.out.printf("client, 40 MB, %s: 2004 in %d ms%n", expectAbove == Long.MAX_VALUE ? "no Expect"
              : "Expect: 100-continue", (System.nanoTime() - t0) / 1_000_000);
        }
      }
    }
  }
}
