package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.RecordedRequest;
import picocli.CommandLine;

/** {@code mm7 stub --profile} and {@code mm7 submit --profile}: a built-in name or a file, options given win. */
class ProfileOptionTest {
  @TempDir
  Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run mm7(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Mm7Command.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void stubAndSubmitPlaySinchFromTheCommandLine() throws Exception {
    StubCommand stub = new StubCommand();
    Started started = Started.run(new CommandLine(stub), "--port", "0", "--no-inbox", "--profile", "sinch",
        "--max-message-size", "2000000");
    assertTrue(started.printed().contains("profile:  sinch["), started.printed());
    assertTrue(started.printed().contains("max size: 2000000 bytes"), "given, so it wins: " + started.printed());
    Mm7StubServer server = stub.running();
    String url = server.endpoint().toString();
    Path smil = Files.writeString(dir.resolve("hello.txt"), "Hello", StandardCharsets.UTF_8);

    // a VASP written for the specification: Sinch refuses its two recipients (3003)
    Run plain = mm7("submit", "--url", url, "--vasp-id", "acme", "--to", "+447700900001", "--to", "+447700900002",
        "--text", "hi");
    assertEquals(1, plain.exit(), plain.err());
    assertTrue(plain.err().contains("3003"), plain.err());

    // with the profile: one SubmitReq per recipient, numbers without +, a MessageID each
    Run profiled = mm7("submit", "--url", url, "--vasp-id", "acme", "--profile", "sinch", "--to", "+447700900001",
        "--to", "+447700900002", "--smil", "--attach", smil.toString());
    assertEquals(0, profiled.exit(), profiled.err());
    List<String> ids = profiled.out().lines().toList();
    assertEquals(2, ids.size(), profiled.out());
    List<RecordedRequest> accepted = server.requests().stream().filter(r -> r.response().httpStatus() == 200)
        .toList();
    assertEquals(2, accepted.size());
    for (RecordedRequest r : accepted) {
      assertEquals(Mm7Operation.SUBMIT_REQ, r.operation());
      assertEquals(1, ((SubmitRequest) r.message()).recipients().all().size());
      assertEquals("\"" + Mm7Release.REL_6_MM7_1_4.namespace() + "\"", r.header("SOAPAction").orElse(""));
    }
    stub.stop();
    assertEquals(0, started.exit().get(10, TimeUnit.SECONDS));
  }

  @Test
  void aProfileFileAndAnExplicitReleaseWin() throws Exception {
    Path file = Files.writeString(dir.resolve("lab.profile"), "base = mbuni\nfaultHttpStatus = 500\n");
    StubCommand stub = new StubCommand();
    Started started = Started.run(new CommandLine(stub), "--port", "0", "--no-inbox", "--profile", file.toString());
    assertTrue(started.printed().contains("profile:  lab["), started.printed());
    Mm7StubServer server = stub.running();
    assertEquals(Mm7Release.REL_5_MM7_1_0, server.options().defaultRelease(), "the profile's, not the option's default");
    Run submit = mm7("submit", "--url", server.endpoint().toString(), "--vasp-id", "acme", "--profile", file.toString(),
        "--release", "REL-5-MM7-1-2", "--to", "+447700900001", "--text", "hi");
    assertEquals(0, submit.exit(), submit.err());
    assertEquals(Mm7Release.REL_5_MM7_1_2, server.requests().get(0).release(), "--release wins over the profile's");
    stub.stop();
    assertEquals(0, started.exit().get(10, TimeUnit.SECONDS));
  }

  @Test
  void anUnknownProfileOrABadFileIsAUsageError() throws Exception {
    Run unknown = mm7("submit", "--url", "http://127.0.0.1:9/mm7", "--profile", "no-such-relay", "--to", "+1",
        "--text", "x");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("no built-in profile and no file 'no-such-relay'; built-in profiles: "
        + "specification, mbuni"), unknown.err());
    Path bad = Files.writeString(dir.resolve("bad.profile"), "maxRecipients = many\n");
    Run badFile = mm7("stub", "--port", "0", "--profile", bad.toString());
    assertEquals(2, badFile.exit());
    assertTrue(badFile.err().contains("bad.profile line 1: 'many' is not a whole number"), badFile.err());
  }
}
