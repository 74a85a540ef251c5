package org.openmm7.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openmm7.client.internal.transport.RateLimiter;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.StatusResponse;
import org.openmm7.client.message.ResponseStatus;

/** The client-side rate limit: measured on a recording clock, and once on the real one. */
class Mm7ClientRateLimitTest {
  @RegisterExtension
  static WireMockExtension relay = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").jettyAcceptors(1).containerThreads(12))
      .build();

  /** Records how long each caller was told to wait, and lets time jump instead of passing. */
  static final class RecordingClock implements RateLimiter.Clock {
    private long now = 0;
    final List<Long> waits = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
      return now;
    }

    @Override
    public synchronized boolean parkUntil(long deadline) {
      waits.add(deadline - now);
      now = Math.max(now, deadline);
      return true;
    }
  }

  private void stubCancel() {
    relay.stubFor(post(urlEqualTo("/mm7")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/xml")
        .withBody(Replies.encode("TXID", StatusResponse.cancel(ResponseStatus.SUCCESS))
            .replace("TXID", "{{xPath request.body '//*[local-name()=\"TransactionID\"]/text()'}}"))
        .withTransformers("response-template")));
  }

  @Test
  void theRequestAfterTheBurstWaitsOneInterval() throws Exception {
    stubCancel();
    RecordingClock clock = new RecordingClock();
    try (Mm7Client client = Mm7Client.builder(URI.create(relay.baseUrl() + "/mm7"))
        .rateLimit(5, 3).rateLimitClock(clock).build()) {
      for (int i = 0; i < 3; i++) {
        client.cancel(CancelRequest.builder().messageId("m" + i).build());
      }
      assertTrue(clock.waits.isEmpty(), "the burst of 3 went without waiting: " + clock.waits);
      client.cancel(CancelRequest.builder().messageId("m3").build());
      assertEquals(List.of(200_000_000L), clock.waits, "the 4th waited 1/5 s");
      assertEquals(4, relay.getAllServeEvents().size());
    }
  }

  @Test
  void concurrentCallersAreSpacedOnTheRealClock() throws Exception {
    stubCancel();
    try (Mm7Client client = Mm7Client.builder(URI.create(relay.baseUrl() + "/mm7"))
        .rateLimit(50, 1).poolSize(4).build()) {
      long t0 = System.nanoTime();
      List<CompletableFuture<StatusResponse>> all = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        all.add(client.cancelAsync(CancelRequest.builder().messageId("m" + i).build()));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      // 6 requests at 50/s with no burst: the 6th may start 5 x 20 ms after the first
      assertTrue(ms >= 95, "6 requests at 50/s took only " + ms + " ms");
    }
  }
}
