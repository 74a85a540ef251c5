package org.openmm7.stub.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openmm7.stub.InboxHooks;
import org.openmm7.stub.Mm7StubServer;

/**
 * Wrong inbox passwords are slowed down, measured on a controllable clock. Before: every attempt
 * was checked (about 2,000 a second from one client on loopback). After: 5, then 1 s, 2 s, 4 s ...
 * up to a minute between attempts per address, and 30 then one a second from all addresses.
 */
class GuessThrottleTest {
  private final AtomicLong now = new AtomicLong(1_000_000);

  /** How many attempts from {@code client} are checked when it tries every {@code stepMillis} for {@code windowMillis}. */
  private int checkedAttempts(GuessThrottle t, String client, long stepMillis, long windowMillis) {
    int checked = 0;
    for (long end = now.get() + windowMillis; now.get() < end; now.addAndGet(stepMillis)) {
      if (t.waitMillis(client) == 0) {
        checked++;
        t.failed(client);
      }
    }
    return checked;
  }

  @Test
  void oneAddressGetsFiveFreeGuessesThenWaitsLongerEachTime() {
    GuessThrottle t = new GuessThrottle(now::get);
    // 5 at once, then after 1, 2, 4, 8, 16 s (32 s is past the minute): 10 in the first minute, not ~6,000
    assertEquals(10, checkedAttempts(t, "10.0.0.1", 10, 60_000));
    // then one a minute
    assertEquals(10, checkedAttempts(t, "10.0.0.1", 100, 600_000), "one a minute once the wait is at its top");
    // another address is not held up by it
    assertEquals(0, t.waitMillis("10.0.0.2"));
  }

  @Test
  void theRightPasswordClearsTheCount() {
    GuessThrottle t = new GuessThrottle(now::get);
    for (int i = 0; i < 4; i++) {
      t.failed("c");
    }
    t.succeeded("c");
    for (int i = 0; i < 4; i++) {
      assertEquals(0, t.waitMillis("c"));
      t.failed("c");
    }
    assertEquals(0, t.waitMillis("c"));
    t.failed("c");
    assertEquals(GuessThrottle.FIRST_WAIT_MILLIS, t.waitMillis("c"));
  }

  @Test
  void manyAddressesShareOneBudget() {
    GuessThrottle t = new GuessThrottle(now::get);
    int checked = 0;
    // a new address for every attempt, 1,000 attempts a second for 10 s
    for (int i = 0; i < 10_000; i++, now.addAndGet(1)) {
      String client = "2001:db8::" + Integer.toHexString(i);
      if (t.waitMillis(client) == 0) {
        checked++;
        t.failed(client);
      }
    }
    // the burst of 30, then one a second
    assertTrue(checked >= GuessThrottle.GLOBAL_BURST + 9 && checked <= GuessThrottle.GLOBAL_BURST + 11,
        "checked " + checked);
  }

  /** Over HTTP: after five wrong passwords, 429 with Retry-After, and the password is not even looked at. */
  @Test
  void theInboxAnswers429WithRetryAfter() throws Exception {
    try (Mm7StubServer stub = Mm7StubServer.builder().inboxPassword("pa55-word").build()) {
      InboxHooks.clock(stub, now::get);
      stub.start();
      URI api = stub.endpoint().resolve("/api/messages");
      assertEquals(401, status(api, null), "no credentials is not a guess");
      int checked = 0;
      int refused = 0;
      // one wrong password every 250 ms for a minute of the stub's clock
      for (long end = now.get() + 60_000; now.get() < end; now.addAndGet(250)) {
        HttpResponse<String> r = send(api, "inbox:guess-" + now.get());
        if (r.statusCode() == 401) {
          checked++;
        } else {
          assertEquals(429, r.statusCode(), r.body());
          long retryAfter = Long.parseLong(r.headers().firstValue("retry-after").orElseThrow());
          assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
          assertTrue(r.body().contains("too many"), r.body());
          refused++;
        }
      }
      assertEquals(10, checked, "wrong passwords checked in a minute (before: all 240)");
      assertEquals(240 - 10, refused);
      // while it must wait, even the right password is not checked (no oracle)
      assertEquals(429, status(api, "inbox:pa55-word"));
      now.addAndGet(GuessThrottle.MAX_WAIT_MILLIS);
      assertEquals(200, status(api, "inbox:pa55-word"));
      assertEquals(401, status(api, "inbox:wrong"), "the right password cleared the count");
      // the MM7 endpoint is not the inbox: it is not held up
      assertEquals(405, InboxTestSupport.get(stub.endpoint()).statusCode());
    }
  }

  private static int status(URI uri, String credentials) throws Exception {
    return send(uri, credentials).statusCode();
  }

  private static HttpResponse<String> send(URI uri, String credentials) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    if (credentials != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return InboxTestSupport.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
