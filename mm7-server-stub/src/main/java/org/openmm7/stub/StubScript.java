package org.openmm7.stub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;

/**
 * A {@link Dispatcher} from a JSON script ({@code mm7 stub --script FILE}): a list of rules, tried
 * in order for every request the reply queue has nothing for; the first that matches (and has
 * {@code times} left) gives the reply, and a request no rule matches is answered as usual.
 *
 * <pre>{@code
 * [
 *   {"match": {"operation": "SubmitReq", "recipient": "+4470000000*"},
 *    "reply": {"status": 3001, "text": "Not possible", "faultOverHttp200": false, "delayMillis": 0}},
 *   {"match": {"nth": 3}, "reply": {"connectionReset": true}},
 *   {"reply": {"emptyBody": true, "httpStatus": 200}, "times": 1}
 * ]
 * }</pre>
 *
 * <p>match (all given must hold; none given matches everything): {@code operation} (element name,
 * e.g. SubmitReq), {@code recipient} (glob with {@code *}, any recipient of the request),
 * {@code sender}, {@code vaspId}, {@code transactionId} (globs), {@code nth} (the request's sequence
 * number, 1 for the first since start or reset). reply: {@code status} (any code; below 2000 the
 * stub's own answer with that status, else an RSErrorRsp or VASPErrorRsp fault with {@code text}
 * and {@code details}), {@code faultOverHttp200}, {@code httpStatus}, {@code delayMillis},
 * {@code connectionReset}, {@code emptyBody}, {@code body} with {@code contentType} (raw bytes);
 * an empty reply is the stub's own answer (with the delay, if any). {@code times}: how often the
 * rule may be used (default: always).
 */
public final class StubScript implements Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> MATCH_KEYS = Set.of("operation", "recipient", "sender", "vaspId",
      "transactionId", "nth");
  private static final Set<String> REPLY_KEYS = Set.of("status", "text", "details", "faultOverHttp200",
      "httpStatus", "delayMillis", "connectionReset", "emptyBody", "body", "contentType");
  private static final Set<String> RULE_KEYS = Set.of("match", "reply", "times", "comment");

  private final List<Rule> rules;

  private StubScript(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  private record Rule(String operation, Pattern recipient, Pattern sender, Pattern vaspId, Pattern transactionId,
      long nth, StubReply reply, AtomicInteger left) {}

  /** Reads a script file; the replies' faults are those of the given role. */
  public static StubScript read(Path file, Role role) throws IOException {
    try {
      return parse(new String(StartFiles.readRequired(file, "the script"), StandardCharsets.UTF_8), role);
    } catch (IllegalArgumentException e) {
      throw new IOException("the script " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses a script; an {@link IllegalArgumentException} names what is wrong. */
  public static StubScript parse(String json, Role role) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("a script is a JSON list of rules");
    }
    List<Rule> rules = new ArrayList<>();
    int i = 0;
    for (JsonNode rule : root) {
      i++;
      String where = "rule " + i;
      if (!rule.isObject()) {
        throw new IllegalArgumentException(where + " is not an object");
      }
      check(rule, RULE_KEYS, where);
      JsonNode m = rule.path("match");
      if (!m.isMissingNode()) {
        check(m, MATCH_KEYS, where + " match");
      }
      JsonNode r = rule.path("reply");
      if (!r.isMissingNode()) {
        check(r, REPLY_KEYS, where + " reply");
      }
      int times = rule.has("times") ? rule.get("times").asInt() : -1;
      rules.add(new Rule(text(m, "operation"), glob(text(m, "recipient")), glob(text(m, "sender")),
          glob(text(m, "vaspId")), glob(text(m, "transactionId")), m.path("nth").asLong(0), reply(r, role, where),
          new AtomicInteger(times)));
    }
    return new StubScript(rules);
  }

  private static void check(JsonNode o, Set<String> allowed, String where) {
    if (!o.isObject()) {
      throw new IllegalArgumentException(where + " is not an object");
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(where + ": unknown key \"" + k + "\" (known: " + allowed + ")");
      }
    }
  }

  private static String text(JsonNode o, String key) {
    JsonNode n = o.get(key);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Pattern glob(String glob) {
    if (glob == null) {
      return null;
    }
    StringBuilder re = new StringBuilder();
    String[] pieces = glob.split("\\*", -1);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        re.append(".*");
      }
      re.append(Pattern.quote(pieces[i]));
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
  }

  private static StubReply reply(JsonNode r, Role role, String where) {
    StubReply reply;
    int http = r.path("httpStatus").asInt(0);
    if (r.path("connectionReset").asBoolean(false)) {
      reply = StubReply.connectionReset();
    } else if (r.path("emptyBody").asBoolean(false)) {
      reply = StubReply.empty(http == 0 ? 200 : http);
    } else if (r.has("body")) {
      reply = StubReply.raw(http == 0 ? 200 : http, r.path("contentType").asText("text/xml; charset=utf-8"),
          r.get("body").asText().getBytes(StandardCharsets.UTF_8));
    } else if (r.has("status")) {
      int code = r.get("status").asInt();
      if (code < 1000 || code > 9999) {
        throw new IllegalArgumentException(where + ": status " + code + " is no MM7 status code");
      }
      if (code < 2000) {
        reply = StubReply.status(code);
      } else {
        ResponseStatus s = new ResponseStatus(Mm7Status.of(code), text(r, "text"), text(r, "details"));
        reply = StubReply.message(role == Role.VASP ? ErrorResponse.fromVasp(s) : ErrorResponse.fromRelay(s));
      }
    } else {
      reply = StubReply.relay();
    }
    if (http != 0 && reply.kind() != StubReply.Kind.CONNECTION_RESET) {
      reply = reply.withHttpStatus(http);
    }
    if (r.path("faultOverHttp200").asBoolean(false)) {
      reply = reply.faultOverHttp200();
    }
    long delay = r.path("delayMillis").asLong(0);
    if (delay < 0) {
      throw new IllegalArgumentException(where + ": negative delayMillis");
    }
    if (delay > 0) {
      reply = reply.withDelay(Duration.ofMillis(delay));
    }
    return reply;
  }

  /** How many rules the script has. */
  public int size() {
    return rules.size();
  }

  @Override
  public StubReply dispatch(RecordedRequest request) {
    for (Rule rule : rules) {
      if (matches(rule, request) && take(rule)) {
        return rule.reply();
      }
    }
    return StubReply.relay();
  }

  private static boolean take(Rule rule) {
    while (true) {
      int left = rule.left().get();
      if (left < 0) {
        return true;
      }
      if (left == 0) {
        return false;
      }
      if (rule.left().compareAndSet(left, left - 1)) {
        return true;
      }
    }
  }

  private static boolean matches(Rule rule, RecordedRequest r) {
    Mm7Message m = r.message();
    if (rule.operation() != null && (m == null
        || !m.operation().elementName().toLowerCase(Locale.ROOT).equals(rule.operation().toLowerCase(Locale.ROOT)))) {
      return false;
    }
    if (rule.nth() > 0 && r.sequence() != rule.nth()) {
      return false;
    }
    if (rule.vaspId() != null && (r.vaspId() == null || !rule.vaspId().matcher(r.vaspId()).matches())) {
      return false;
    }
    if (rule.transactionId() != null && (r.transactionId() == null
        || !rule.transactionId().matcher(r.transactionId()).matches())) {
      return false;
    }
    if (rule.recipient() != null && recipients(m).stream().noneMatch(a -> rule.recipient().matcher(a).matches())) {
      return false;
    }
    if (rule.sender() != null) {
      String s = sender(m);
      return s != null && rule.sender().matcher(s).matches();
    }
    return true;
  }

  private static List<String> recipients(Mm7Message m) {
    List<String> out = new ArrayList<>();
    if (m instanceof SubmitRequest s && s.recipients() != null) {
      s.recipients().all().forEach(a -> out.add(a.value()));
    } else if (m instanceof DeliverRequest d && d.recipients() != null) {
      d.recipients().all().forEach(a -> out.add(a.value()));
    } else if (m instanceof DeliveryReportRequest d) {
      out.add(d.recipient().value());
    } else if (m instanceof ReadReplyRequest d) {
      out.add(d.recipient().value());
    }
    return out;
  }

  private static String sender(Mm7Message m) {
    Address a = null;
    if (m instanceof SubmitRequest s) {
      a = s.senderAddress();
    } else if (m instanceof ReplaceRequest) {
      a = null;
    } else if (m instanceof DeliverRequest d) {
      a = d.sender();
    } else if (m instanceof DeliveryReportRequest d) {
      a = d.sender();
    } else if (m instanceof ReadReplyRequest d) {
      a = d.sender();
    }
    return a == null ? null : a.value();
  }
}
