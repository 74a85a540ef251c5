package org.openmm7.security;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openmm7.cli.Mm7Command;
import org.openmm7.client.Credentials;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.inbound.InboundContext;
import org.openmm7.client.inbound.Mm7InboundHandler;
import org.openmm7.client.inbound.Mm7InboundServer;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.stub.Account;
import org.openmm7.stub.Mm7StubServer;
import org.openmm7.stub.ReportStep;
import picocli.CommandLine;

/**
 * Run in a JVM of its own with every logger at TRACE (see {@link NoSecretsInLogsTest}): Basic,
 * Bearer and Digest credentials, right and wrong, from the client and the CLI; pushes with Basic
 * and Bearer push credentials into inbound endpoints; the inbox with its password. Every secret
 * is a marker the test then looks for in all the output.
 */
public final class LogSecretsScenario {
  static final String PASSWORD = "Mk1PasswordQx";
  static final String WRONG_PASSWORD = "Mk2WrongPwQx";
  static final String TOKEN = "Mk3BearerTokQx";
  static final String DIGEST_PASSWORD = "Mk4DigestPwQx";
  static final String PUSH_PASSWORD = "Mk5PushPwQx";
  static final String PUSH_TOKEN = "Mk6PushTokQx";
  static final String INBOX_PASSWORD = "Mk7InboxPwQx";
  static final String CLI_PASSWORD = "Mk8CliPwQx";
  static final List<String> MARKERS = List.of(PASSWORD, WRONG_PASSWORD, TOKEN, DIGEST_PASSWORD, PUSH_PASSWORD,
      PUSH_TOKEN, INBOX_PASSWORD, CLI_PASSWORD);
  /** The user:password pairs sent as Basic: their base64 must not show either. */
  static final List<String> BASIC_PAIRS = List.of("acme:" + PASSWORD, "acme:" + WRONG_PASSWORD,
      "relay:" + PUSH_PASSWORD, "inbox:" + INBOX_PASSWORD, "inbox:" + WRONG_PASSWORD, "acme:" + CLI_PASSWORD);

  public static void main(String[] args) throws Exception {
    CountDownLatch reports = new CountDownLatch(2);
    Mm7InboundHandler handler = new Mm7InboundHandler() {
      @Override
      public StatusResponse deliveryReport(DeliveryReportRequest r, InboundContext ctx) {
        reports.countDown();
        return StatusResponse.deliveryReport(ResponseStatus.SUCCESS);
      }
    };
    try (Mm7InboundServer basicVasp = Mm7InboundServer.builder(handler).host("127.0.0.1")
            .credentials(Credentials.basic("relay", PUSH_PASSWORD)).start();
         Mm7InboundServer bearerVasp = Mm7InboundServer.builder(handler).host("127.0.0.1")
            .credentials(Credentials.bearer(PUSH_TOKEN)).start();
         Mm7StubServer stub = Mm7StubServer.builder().inboxPassword(INBOX_PASSWORD)
            .accounts(new Account("acme", PASSWORD).withPushUrl(basicVasp.endpoint())
                    .withPushCredentials(org.openmm7.client.Credentials.basic("relay", PUSH_PASSWORD)),
                Account.bearer("tokenco", TOKEN).withPushUrl(bearerVasp.endpoint())
                    .withPushCredentials(org.openmm7.client.Credentials.bearer(PUSH_TOKEN)))
            .deliveryReports(List.of(new ReportStep(MessageStatus.FORWARDED, Duration.ZERO)))
            .pushRetrySchedule(List.of(Duration.ofMillis(50))).build().start()) {
      submit(stub.endpoint(), Credentials.basic("acme", PASSWORD), "acme");
      submit(stub.endpoint(), Credentials.bearer(TOKEN), "tokenco");
      submit(stub.endpoint(), Credentials.basic("acme", WRONG_PASSWORD), "acme");
      submit(stub.endpoint(), Credentials.bearer(WRONG_PASSWORD), "tokenco");
      if (!reports.await(20, TimeUnit.SECONDS)) {
        System.out.println("SCENARIO-FAILED: the delivery reports did not arrive");
      }
      // a wrong push password into the inbound endpoint
      submitTo(basicVasp.endpoint(), Credentials.basic("relay", WRONG_PASSWORD));
      // the inbox, right and wrong
      HttpClient http = HttpClient.newHttpClient();
      for (String pw : List.of(INBOX_PASSWORD, WRONG_PASSWORD)) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(stub.endpoint().resolve("/api/messages"))
            .header("Authorization", basic("inbox:" + pw)).GET().build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("inbox answered " + r.statusCode());
      }
      // the command line, wire logging on
      int exit = new CommandLine(new Mm7Command()).execute("submit", "--url", stub.endpoint().toString(),
          "--user", "acme", "--password", CLI_PASSWORD, "--wire", "--to", "+447000000001", "--text", "hi");
      System.out.println("mm7 submit exited " + exit);
    }
    digest();
    System.out.println("SCENARIO-DONE");
  }

  private static String basic(String pair) {
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static void submit(URI endpoint, Credentials credentials, String vaspId) {
    try (Mm7Client c = Mm7Client.builder(endpoint).vaspId(vaspId).credentials(credentials).build()) {
      System.out.println("client " + c + " got " + c.submit(SubmitRequest.builder()
          .recipients(Recipients.to(Address.number("+447000000001"))).deliveryReport(true)
          .content(TextPart.of("hello")).build()).messageId());
    } catch (Mm7Exception e) {
      System.out.println("refused: " + e);
      e.printStackTrace(System.out);
    }
  }

  private static void submitTo(URI endpoint, Credentials credentials) {
    try (Mm7Client c = Mm7Client.builder(endpoint).credentials(credentials).build()) {
      c.send(org.openmm7.client.message.DeliveryReportRequest.builder().messageId("m-1")
          .recipient(Address.number("+447000000001")).sender(Address.shortCode("12345"))
          .date(java.time.OffsetDateTime.now()).mmStatus(MessageStatus.RETRIEVED).build(), "tx-push");
    } catch (Mm7Exception | RuntimeException e) {
      System.out.println("refused: " + e);
      e.printStackTrace(System.out);
    }
  }

  /** A relay on a raw socket that challenges with Digest twice: the client answers the challenge once. */
  private static void digest() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        for (int i = 0; i < 2; i++) {
          try (Socket s = server.accept()) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
              String head = readHead(in);
              if (head == null) {
                break;
              }
              System.out.println("digest relay received a request; Authorization present: "
                  + head.toLowerCase(java.util.Locale.ROOT).contains("authorization: digest"));
              for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                  in.readNBytes(Integer.parseInt(line.substring(15).trim()));
                }
              }
              out.write(("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"mm7\", qop=\"auth\","
                  + " nonce=\"abcdef0123456789\", algorithm=MD5\r\nContent-Length: 0\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
              out.flush();
            }
          } catch (Exception e) {
            // done
          }
        }
      });
      t.setDaemon(true);
      t.start();
      submit(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/mm7"),
          Credentials.digest("acme", DIGEST_PASSWORD), "acme");
    }
  }

  private static String readHead(InputStream in) throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      b.append((char) c);
      if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
        return b.toString();
      }
    }
    return null;
  }
}
