package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Recipients;
import picocli.CommandLine;

/**
 * What {@code mm7 listen} and {@code mm7 inspect} print of a peer's text, and where listen saves.
 * Before: escape sequences and new lines went to the terminal raw; TransactionIDs that differ only
 * in characters the file-name cleaning removes saved into one directory, the second message
 * overwriting the first; inspect on a directory printed a stack trace and on a FIFO blocked.
 */
class PeerTextTest {
  private static final String ESC = "\u001b";
  @TempDir
  Path dir;

  /** Runs {@code mm7 listen --dir saved}, lets {@code pushes} send to it, and returns what it printed. */
  private String listen(Path saved, PushSender pushes) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    StringBuffer captured = new StringBuffer();
    Writer watching = new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) {
        captured.append(cbuf, off, len);
        if (captured.indexOf("Press Ctrl-C") >= 0) {
          started.countDown();
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    CommandLine cl = new CommandLine(new Mm7Command());
    cl.setOut(new PrintWriter(watching, true));
    cl.setErr(new PrintWriter(new StringWriter()));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
        () -> cl.execute("listen", "--port", "0", "--dir", saved.toString()));
    assertTrue(started.await(10, TimeUnit.SECONDS), captured.toString());
    ListenCommand listen = cl.getSubcommands().get("listen").getCommand();
    try (Mm7Client pusher = Mm7Client.builder(listen.running().endpoint()).build()) {
      pushes.send(pusher);
    } finally {
      listen.stop();
    }
    assertEquals(0, exit.get(10, TimeUnit.SECONDS));
    return captured.toString();
  }

  interface PushSender {
    void send(Mm7Client pusher) throws Exception;
  }

  private static DeliverRequest deliver(String subject, String text) {
    return DeliverRequest.builder().sender(Address.number("+447000000003"))
        .recipients(Recipients.to(Address.shortCode("12345"))).subject(subject)
        .content(Multipart.mixed(TextPart.of(text).withContentLocation("note.txt"))).build();
  }

  @Test
  void listenEscapesEverythingItPrintsFromTheNetwork() throws Exception {
    String out = listen(dir.resolve("in"), pusher -> {
      // XML carries no C0 control but new lines, and the C1 CSI (a terminal's 8-bit ESC [); a text part carries any
      pusher.send(deliver("\u009b2J\u009bHscreen wiped\nDeliverReq tx=forged from=+1",
          "text\r\nDeliverReq tx=forged-too " + ESC + "]0;title\u0007"), "tx-1");
      pusher.send(DeliveryReportRequest.builder().messageId("msg-1\nDeliverReq tx=forged-3")
          .recipient(Address.number("+447000000001")).sender(Address.shortCode("12345"))
          .date(OffsetDateTime.parse("2026-11-24T10:00:00Z")).mmStatus(MessageStatus.RETRIEVED)
          .statusText("ok\u009b31m red\u202e").build(), "tx-2");
    });
    for (char c : out.toCharArray()) {
      assertTrue(c == '\n' || c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f) && c != '\u202e',
          "a raw control character " + (int) c + " in:\n" + out);
    }
    List<String> lines = out.lines().toList();
    assertEquals(2, lines.stream().filter(l -> l.startsWith("DeliverReq") || l.startsWith("DeliveryReportReq"))
        .count(), "one line per push, no forged one:\n" + out);
    assertTrue(out.contains("subject=\"\\x9b2J\\x9bHscreen wiped\\nDeliverReq tx=forged from=+1\""), out);
    assertTrue(out.contains("\"text\\r\\nDeliverReq tx=forged-too \\x1b]0;title\\x07\""), out);
    assertTrue(out.contains("messageId=msg-1\\nDeliverReq tx=forged-3"), out);
    assertTrue(out.contains("text=\"ok\\x9b31m red\\u202e\""), out);
  }

  @Test
  void listenNeverOverwritesNorFollowsALink() throws Exception {
    Path saved = Files.createDirectories(dir.resolve("in"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(saved.resolve("linked"), outside);
    Files.createDirectories(saved.resolve("same")); // an earlier run's
    List<String> ids = List.of("x/coll", "y/coll", "coll c", "coll_c", "coll?c", "linked", "same", "x");
    String out = listen(saved, pusher -> {
      for (int i = 0; i < ids.size(); i++) {
        pusher.send(deliver("m" + i, "body of message " + i), ids.get(i));
      }
    });
    Matcher m = Pattern.compile("-> (\\S+) \\((\\d+) bytes\\)").matcher(out);
    List<Path> files = new ArrayList<>();
    while (m.find()) {
      files.add(Path.of(m.group(1)));
    }
    assertEquals(ids.size(), files.size(), out);
    assertEquals(ids.size(), files.stream().map(Path::getParent).distinct().count(), "one directory each:\n" + out);
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      assertEquals("body of message " + i, Files.readString(f, StandardCharsets.UTF_8), "each line's own file");
      assertEquals(saved, f.getParent().getParent());
      assertFalse(Files.isSymbolicLink(f.getParent()));
    }
    try (var s = Files.list(outside)) {
      assertEquals(0, s.count(), "nothing written through the link");
    }
    assertEquals(saved.resolve("x"), files.get(7).getParent(), "a clean ID keeps its own name");
    assertEquals(saved.resolve("same-2"), files.get(6).getParent(), "an existing directory is not written into");
    assertEquals(saved.resolve("linked-2"), files.get(5).getParent());
  }

  private static String[] inspect(Path file) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Mm7Command()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int status = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> cli.execute("inspect", file.toString()));
    return new String[] {Integer.toString(status), out.toString(), err.toString()};
  }

  @Test
  void inspectRefusesWhatIsNotARegularFileWithoutOpeningIt() throws Exception {
    String[] r = inspect(dir);
    assertEquals("2", r[0], r[2]);
    assertEquals("mm7 inspect: " + dir + " is a directory; give a captured message's file", r[2].trim());
    Path fifo = dir.resolve("fifo");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
    r = inspect(fifo); // no writer: opening it would block
    assertEquals("2", r[0], r[2]);
    assertEquals("mm7 inspect: " + fifo + " is not a regular file; give a captured message's file", r[2].trim());
    Path link = Files.createSymbolicLink(dir.resolve("link"), fifo);
    assertEquals("2", inspect(link)[0], "a link to a FIFO is a FIFO");
  }

  @Test
  void inspectEscapesItsOneLineReasons() throws Exception {
    // a namespace with a new line in it (a character reference), which the refusal names
    Path capture = Files.writeString(dir.resolve("forged.xml"), "<?xml version=\"1.0\"?>"
        + "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Header>"
        + "<mm7:TransactionID xmlns:mm7=\"urn:x&#10;rejected: forged&#13;\" env:mustUnderstand=\"1\">t</mm7:TransactionID>"
        + "</env:Header><env:Body><mm7:SubmitReq xmlns:mm7=\"urn:x&#10;rejected: forged&#13;\"/></env:Body>"
        + "</env:Envelope>");
    String[] r = inspect(capture);
    assertEquals(1, r[2].trim().lines().count(), "one line: " + r[2]);
    assertFalse(r[2].contains("\r"), r[2]);
    assertTrue(r[2].startsWith("rejected: "), r[2]);
  }
}
