package org.openmm7.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mm7 stub}: help, effective options at start, a served request, exit 1 on a busy port. */
class StubCommandTest {
  @TempDir
  Path dir;

  @Test
  void helpListsTheOptions() {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new Mm7Command());
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute("stub", "--help"));
    for (String o : new String[] {"--port", "--host", "--store", "--strict", "--accounts", "--path"}) {
      assertTrue(out.toString().contains(o), o + " in " + out);
    }
  }

  @Test
  void busyPortExitsWithOneLineReason() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      StringWriter err = new StringWriter();
      CommandLine cl = new CommandLine(new Mm7Command());
      cl.setErr(new PrintWriter(err));
      cl.setOut(new PrintWriter(new StringWriter()));
      assertEquals(1, cl.execute("stub", "--port", String.valueOf(busy.getLocalPort())));
      String msg = err.toString().trim();
      assertTrue(msg.startsWith("mm7 stub: cannot listen on 127.0.0.1:" + busy.getLocalPort()), msg);
      assertEquals(1, msg.lines().count(), msg);
    }
  }

  @Test
  void theAccountsFileNamesEachAccountsSchemes() throws Exception {
    Path f = Files.writeString(dir.resolve("schemes.json"), "[{\"vaspId\":\"mbuni\",\"password\":\"pw\","
        + "\"schemes\":[\"basic\"]}, {\"vaspId\":\"acme\",\"password\":\"pw\",\"bearer\":\"t\","
        + "\"schemes\":[\"Digest\",\"bearer\"]}, {\"vaspId\":\"plain\",\"password\":\"pw\"}]");
    java.util.List<org.openmm7.stub.Account> accounts = StubCommand.readAccounts(f);
    assertEquals(java.util.Set.of(org.openmm7.client.Credentials.Scheme.BASIC), accounts.get(0).schemes());
    assertEquals(java.util.Set.of(org.openmm7.client.Credentials.Scheme.DIGEST, org.openmm7.client.Credentials.Scheme.BEARER),
        accounts.get(1).schemes());
    assertEquals(java.util.Set.of(org.openmm7.client.Credentials.Scheme.BASIC, org.openmm7.client.Credentials.Scheme.DIGEST),
        accounts.get(2).schemes());
  }

  @Test
  void aBadSchemesFieldIsAOneLineErrorNamingTheFile() throws Exception {
    String[] bad = {"[\"ntlm\"]", "\"basic\"", "[]", "[\"bearer\"]", "[1]"};
    for (String schemes : bad) {
      Path f = Files.writeString(dir.resolve("bad-schemes.json"),
          "[{\"vaspId\":\"mbuni\",\"password\":\"pw\",\"schemes\":" + schemes + "}]");
      StringWriter err = new StringWriter();
      CommandLine cl = new CommandLine(new Mm7Command());
      cl.setErr(new PrintWriter(err));
      assertEquals(1, cl.execute("stub", "--port", "0", "--accounts", f.toString()), schemes);
      String msg = err.toString().strip();
      assertEquals(1, msg.lines().count(), msg);
      assertTrue(msg.contains(f.toString()) && msg.contains("mbuni") && msg.contains("scheme"), msg);
    }
  }

  @Test
  void badAccountsFileExits1() throws Exception {
    Path f = Files.writeString(dir.resolve("accounts.json"), "{not json");
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Mm7Command());
    cl.setErr(new PrintWriter(err));
    assertEquals(1, cl.execute("stub", "--port", "0", "--accounts", f.toString()));
    assertTrue(err.toString().contains("accounts"), err.toString());
  }

  @Test
  void startsPrintsOptionsServesAndStops() throws Exception {
    Path accounts = Files.writeString(dir.resolve("accounts.json"), "[{\"vaspId\":\"acme\",\"password\":\"pw\"}]");
    StubCommand stub = new StubCommand();
    CommandLine cl = new CommandLine(stub);
    long t0 = System.nanoTime();
    Started started = Started.run(cl, "--port", "0", "--strict",
        "--store", dir.resolve("store").toString(), "--accounts", accounts.toString(), "--path", "/relay");
    CompletableFuture<Integer> exit = started.exit();
    String text = started.printed();
    assertTrue(text.contains("strict"), text);
    assertTrue(text.contains("1 from"), text);
    assertTrue(text.contains("/relay"), text);
    URI endpoint = stub.running().endpoint();
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint)
        .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString("<x/>")).build(),
        HttpResponse.BodyHandlers.ofString());
    long firstAnswer = System.nanoTime() - t0;
    assertEquals(401, r.statusCode(), "no credentials: a bare 401 with a challenge");
    assertTrue(r.headers().allValues("WWW-Authenticate").contains("Basic realm=\"MM7\", charset=\"UTF-8\""),
        r.headers().toString());
    System.err.println("mm7 stub CLI: start to first answered request " + firstAnswer / 1_000_000 + " ms");
    stub.stop();
    assertEquals(0, exit.get(10, TimeUnit.SECONDS));
  }

  @Test
  void vaspRoleWithScriptAndPushOptions() throws Exception {
    Path script = Files.writeString(dir.resolve("script.json"),
        "[{\"match\": {\"operation\": \"DeliverReq\"}, \"reply\": {\"status\": 4006}, \"times\": 1}]");
    Path accounts = Files.writeString(dir.resolve("accounts.json"),
        "[{\"vaspId\":\"mmsc\",\"bearer\":\"tok\",\"pushUrl\":\"http://127.0.0.1:1/vasp\"}]");
    StubCommand stub = new StubCommand();
    CommandLine cl = new CommandLine(stub);
    Started started = Started.run(cl, "--port", "0", "--role", "vasp",
        "--script", script.toString(), "--accounts", accounts.toString(), "--relay-url", "http://acme:pw@127.0.0.1:1/mm7",
        "--delivery-reports", "Forwarded:10ms,Retrieved:20ms", "--push-retry", "5ms,10ms");
    CompletableFuture<Integer> exit = started.exit();
    String text = started.printed();
    assertTrue(text.contains("VASP listening"), text);
    assertTrue(text.contains("script.json"), text);
    assertTrue(text.contains("http://127.0.0.1:1/mm7"), "the relay URL without its password: " + text);
    assertTrue(!text.contains("pw@"), text);
    org.openmm7.stub.Mm7StubServer s = stub.running();
    assertEquals(org.openmm7.stub.Role.VASP, s.role());
    assertEquals(2, s.options().deliveryReports().size());
    assertEquals(2, s.options().pushRetrySchedule().size());
    Path deliver = org.openmm7.stub.StubTestFiles.corpus().resolve("golden/REL-6-MM7-1-4/DeliverReq.http");
    byte[] all = Files.readAllBytes(deliver);
    String head = new String(all, 0, 2000, java.nio.charset.StandardCharsets.ISO_8859_1);
    int end = head.indexOf("\r\n\r\n");
    String ct = head.lines().filter(l -> l.toLowerCase().startsWith("content-type:")).findFirst().orElseThrow()
        .substring(13).trim();
    HttpRequest req = HttpRequest.newBuilder(s.endpoint()).header("Content-Type", ct)
        .header("Authorization", "Bearer tok")
        .POST(HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOfRange(all, end + 4, all.length))).build();
    HttpResponse<String> first = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    assertTrue(first.body().contains("4006") && first.body().contains("VASPErrorRsp"), first.body());
    HttpResponse<String> second = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    assertTrue(second.body().contains("DeliverRsp") && second.body().contains("1000"), second.body());
    stub.stop();
    assertEquals(0, exit.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aBadScriptExits1() throws Exception {
    Path script = Files.writeString(dir.resolve("script.json"), "[{\"match\": {\"op\": \"SubmitReq\"}}]");
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Mm7Command());
    cl.setErr(new PrintWriter(err));
    assertEquals(1, cl.execute("stub", "--port", "0", "--script", script.toString()));
    assertTrue(err.toString().contains("unknown key \"op\""), err.toString());
  }

  @Test
  void elsewhereThanLoopbackWithoutAnInboxPasswordExits1() {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Mm7Command());
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    // an empty value rather than the environment's OPENMM7_INBOX_PASSWORD, whatever that is here
    assertEquals(1, cl.execute("stub", "--port", "0", "--host", "0.0.0.0", "--inbox-password", ""));
    assertTrue(err.toString().contains("password"), err.toString());
  }
}
