package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.openmm7.stub.Account;
import org.openmm7.stub.Mm7StubServer;
import picocli.CommandLine;

/** {@code mm7 submit --digest} answers the stub's Digest challenge (the stub's side: StubAuthenticationTest). */
class DigestSubmitTest {

  @Test
  void submitWithDigestIsAcceptedByAStubThatChallenges() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().accounts(new Account("acme", "s3cret")).build().start()) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cl = new CommandLine(new Mm7Command());
      cl.setOut(new PrintWriter(out));
      cl.setErr(new PrintWriter(err));
      int exit = cl.execute("submit", "--url", stub.endpoint().toString(), "--digest", "--user", "acme",
          "--password", "s3cret", "--from", "short:12345", "--to", "+447700900123", "--text", "hello");
      assertEquals(0, exit, err.toString());
      assertFalse(out.toString().isBlank(), "the MessageID");
      assertEquals(1, stub.requests().size());
      assertEquals("Digest ***", stub.requests().get(0).header("authorization").orElse(null));
    }
  }
}
