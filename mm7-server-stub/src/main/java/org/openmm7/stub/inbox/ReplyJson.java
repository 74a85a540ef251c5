package org.openmm7.stub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.stub.StubReply;

/**
 * A scripted reply as JSON ({@code POST /api/replies}): {@code kind} is {@code relay} (the stub's
 * own answer; with {@code status}, that MM7 status instead: from 2000 a fault), {@code empty} (an
 * HTTP status and no body), {@code connection-reset} or {@code raw} ({@code contentType} and
 * {@code body} sent as they are); {@code httpStatus} and {@code delayMillis} apply to any kind.
 * Without {@code kind}, a reply is {@code relay}. Unknown fields are refused: a misspelt field
 * must not quietly give another reply.
 */
final class ReplyJson {
  private static final Set<String> FIELDS = Set.of("kind", "status", "httpStatus", "delayMillis", "contentType",
      "body");
  private static final long MAX_DELAY_MILLIS = 600_000;

  private ReplyJson() {}

  static StubReply parse(JsonNode n) throws ApiRoute.Refusal {
    if (n == null || !n.isObject()) {
      throw new ApiRoute.Refusal(400, "a reply is a JSON object such as {\"status\": 3001}");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new ApiRoute.Refusal(400, "unknown field " + f + " in a reply; known: " + new java.util.TreeSet<>(FIELDS));
      }
    }
    String kind = n.path("kind").asText("relay").toLowerCase(Locale.ROOT);
    StubReply reply;
    switch (kind) {
      case "relay" -> {
        if (n.has("status")) {
          int code = integer(n, "status", 1000, 9999);
          reply = StubReply.status(Mm7Status.of(code));
        } else {
          reply = StubReply.relay();
        }
      }
      case "empty" -> reply = StubReply.empty(integer(n, "httpStatus", 100, 599));
      case "connection-reset" -> reply = StubReply.connectionReset();
      case "raw" -> {
        String type = n.path("contentType").asText("");
        if (type.isBlank() || type.contains("\r") || type.contains("\n")) {
          throw new ApiRoute.Refusal(400, "a raw reply needs a contentType (one line)");
        }
        reply = StubReply.raw(n.has("httpStatus") ? integer(n, "httpStatus", 100, 599) : 200, type,
            n.path("body").asText("").getBytes(StandardCharsets.UTF_8));
      }
      default -> throw new ApiRoute.Refusal(400, "unknown kind \"" + kind
          + "\"; a reply is relay, empty, connection-reset or raw");
    }
    if (n.has("httpStatus") && !kind.equals("empty") && !kind.equals("raw")) {
      reply = reply.withHttpStatus(integer(n, "httpStatus", 100, 599));
    }
    if (n.has("delayMillis")) {
      reply = reply.withDelay(Duration.ofMillis(integer(n, "delayMillis", 0, MAX_DELAY_MILLIS)));
    }
    return reply;
  }

  private static int integer(JsonNode n, String field, long min, long max) throws ApiRoute.Refusal {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw new ApiRoute.Refusal(400, field + " is a whole number from " + min + " to " + max);
    }
    return (int) v.asLong();
  }

  static ObjectNode describe(StubReply r) {
    ObjectNode o = InboxApi.JSON.createObjectNode();
    o.put("kind", r.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    if (r.status() != null) {
      o.put("status", r.status().code());
    }
    if (r.httpStatus() != 0) {
      o.put("httpStatus", r.httpStatus());
    }
    o.put("delayMillis", r.delay().toMillis());
    return o;
  }
}
