package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The time options of {@code mm7 stub} and {@code mm7 listen} ({@code --push-timeout},
 * {@code --idle-timeout}, {@code --push-room-wait}, {@code --head-timeout},
 * {@code --body-timeout}) take a span with a unit, and a bare number still means milliseconds,
 * as it did when they took only milliseconds; the client commands' {@code --timeout} takes the
 * same spans, its bare number still seconds.
 */
class TimeOptionsTest {
  private final Converters.Millis millis = new Converters.Millis();

  @Test
  void aSpanWithAUnitOrABareNumberOfMilliseconds() {
    Map<String, Duration> forms = Map.ofEntries(
        Map.entry("500ms", Duration.ofMillis(500)),
        Map.entry("5s", Duration.ofSeconds(5)),
        Map.entry("1.5s", Duration.ofMillis(1500)),
        Map.entry("0.0005s", Duration.ofMillis(1)),
        Map.entry("2m", Duration.ofMinutes(2)),
        Map.entry("1h", Duration.ofHours(1)),
        Map.entry(" 7S ", Duration.ofSeconds(7)),
        Map.entry("30 s", Duration.ofSeconds(30)),
        Map.entry("250", Duration.ofMillis(250)),
        Map.entry("0", Duration.ZERO),
        Map.entry("60000", Duration.ofMinutes(1)));
    forms.forEach((text, expected) -> assertEquals(expected, millis.convert(text), text));
  }

  @Test
  void whatIsNotASpanIsRefusedNamingTheValue() {
    for (String bad : List.of("-1", "-5s", "", "5x", "s", "1e3", "5 sec", "1,5s", "99999999999999999999h")) {
      CommandLine.TypeConversionException e =
          assertThrows(CommandLine.TypeConversionException.class, () -> millis.convert(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void bothFormsGiveTheSameStubOptions() {
    StubCommand bare = new StubCommand();
    new CommandLine(bare).parseArgs("--push-timeout", "1500", "--idle-timeout", "2000", "--push-room-wait", "250",
        "--head-timeout", "3000", "--body-timeout", "120000");
    StubCommand units = new StubCommand();
    new CommandLine(units).parseArgs("--push-timeout", "1.5s", "--idle-timeout", "2s", "--push-room-wait", "250ms",
        "--head-timeout", "3s", "--body-timeout", "2m");
    for (StubCommand c : List.of(bare, units)) {
      assertEquals(Duration.ofMillis(1500), c.pushTimeout);
      assertEquals(Duration.ofSeconds(2), c.idleTimeout);
      assertEquals(Duration.ofMillis(250), c.pushRoomWait);
      assertEquals(Duration.ofSeconds(3), c.timeouts.head());
      assertEquals(Duration.ofMinutes(2), c.timeouts.body());
    }
  }

  @Test
  void theDefaultsAreTodays() {
    StubCommand c = new StubCommand();
    new CommandLine(c).parseArgs();
    assertEquals(Duration.ofSeconds(10), c.pushTimeout);
    assertEquals(Duration.ofSeconds(30), c.idleTimeout);
    assertEquals(Duration.ofSeconds(5), c.pushRoomWait);
    assertEquals(Duration.ofSeconds(10), c.timeouts.head());
    assertEquals(Duration.ofSeconds(60), c.timeouts.body());
  }

  @Test
  void theSpansReachTheRunningStub() throws Exception {
    StubCommand stub = new StubCommand();
    CommandLine cl = new CommandLine(stub);
    cl.setErr(new PrintWriter(new StringWriter()));
    Started.run(cl, "--port", "0", "--no-inbox", "--push-timeout", "1500", "--idle-timeout", "20s",
        "--push-room-wait", "250ms", "--head-timeout", "4s", "--body-timeout", "45000");
    try {
      assertEquals(Duration.ofMillis(1500), stub.running().options().pushTimeout());
      assertEquals(Duration.ofSeconds(20), stub.running().options().idleTimeout());
      assertEquals(Duration.ofMillis(250), stub.running().options().pushRoomWait());
      assertEquals(Duration.ofSeconds(4), stub.running().options().headTimeout());
      assertEquals(Duration.ofSeconds(45), stub.running().options().bodyTimeout());
    } finally {
      stub.stop();
    }
  }

  @Test
  void aBadSpanIsOneUsageLineNamingTheOption() {
    for (String[] args : List.of(new String[] {"stub", "--push-room-wait", "-1"},
        new String[] {"stub", "--idle-timeout", "soon"}, new String[] {"listen", "--body-timeout", "5x"})) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = Mm7Command.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
      assertEquals(2, exit, err.toString());
      List<String> lines = err.toString().lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.size(), err.toString());
      assertTrue(lines.get(0).contains(args[1]) && lines.get(0).contains(args[2]), lines.get(0));
      assertFalse(err.toString().contains("Usage:"), err.toString());
    }
  }

  @Test
  void theClientTimeoutsBareNumberIsStillSeconds() {
    Converters.Seconds seconds = new Converters.Seconds();
    assertEquals(Duration.ofSeconds(30), seconds.convert("30"));
    assertEquals(Duration.ofMillis(2500), seconds.convert("2.5"));
    assertEquals(Duration.ofMillis(500), seconds.convert("500ms"));
    assertEquals(Duration.ofMinutes(2), seconds.convert("2m"));
    SubmitCommand bare = new SubmitCommand();
    new CommandLine(bare).parseArgs("--url", "http://127.0.0.1:9/mm7", "--to", "+447700900123", "--timeout", "2");
    SubmitCommand unit = new SubmitCommand();
    new CommandLine(unit).parseArgs("--url", "http://127.0.0.1:9/mm7", "--to", "+447700900123", "--timeout", "2s");
    SubmitCommand byDefault = new SubmitCommand();
    new CommandLine(byDefault).parseArgs("--url", "http://127.0.0.1:9/mm7", "--to", "+447700900123");
    assertEquals(Duration.ofSeconds(2), bare.client.timeout);
    assertEquals(Duration.ofSeconds(2), unit.client.timeout);
    assertEquals(Duration.ofSeconds(60), byDefault.client.timeout);
  }
}
