package org.openmm7.stub.verify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.Recipients;
import org.openmm7.stub.RecordedRequest;

/**
 * What a recorded request must be, for {@code verify}, {@code await} and filters: its operation
 * and any number of conditions on its recipients, sender, subject, service code, HTTP headers,
 * content parts, findings and the stub's answer. Immutable: each method returns a new pattern
 * with one more condition, so a pattern can be shared and extended.
 *
 * <pre>{@code
 * stub.verify(submit().to("+46700000001").subject(containsString("Offer"))
 *     .withPart(ofType("image/jpeg").withBytes(jpeg)).answeredWith(Mm7Status.SUCCESS));
 * }</pre>
 *
 * <p>An address condition compares the address's value as sent ({@code +46700000001},
 * {@code alice@example.com}, a short code); a list condition (recipients, parts, header values,
 * findings) is met when any one element meets it.
 */
public final class RequestPattern {
  private final Mm7Operation operation;
  private final List<Criterion> criteria;

  private RequestPattern(Mm7Operation operation, List<Criterion> criteria) {
    this.operation = operation;
    this.criteria = List.copyOf(criteria);
  }

  // ---- the operations ----

  /** Any request, readable or not. */
  public static RequestPattern anyRequest() {
    return new RequestPattern(null, List.of());
  }

  /** A request of this operation. */
  public static RequestPattern request(Mm7Operation operation) {
    Objects.requireNonNull(operation, "operation");
    Criterion op = criterion("operation", operation.elementName(),
        r -> r.operation() != null ? r.operation().elementName() : "unreadable (" + r.rejection() + ")",
        r -> r.operation() == operation);
    return new RequestPattern(operation, List.of(op));
  }

  public static RequestPattern submit() {
    return request(Mm7Operation.SUBMIT_REQ);
  }

  public static RequestPattern cancel() {
    return request(Mm7Operation.CANCEL_REQ);
  }

  public static RequestPattern replace() {
    return request(Mm7Operation.REPLACE_REQ);
  }

  public static RequestPattern extendedCancel() {
    return request(Mm7Operation.EXTENDED_CANCEL_REQ);
  }

  public static RequestPattern extendedReplace() {
    return request(Mm7Operation.EXTENDED_REPLACE_REQ);
  }

  /** A DeliverReq (what a VASP stub receives from a relay). */
  public static RequestPattern deliver() {
    return request(Mm7Operation.DELIVER_REQ);
  }

  /** A DeliveryReportReq (what a VASP stub receives from a relay). */
  public static RequestPattern deliveryReport() {
    return request(Mm7Operation.DELIVERY_REPORT_REQ);
  }

  /** A ReadReplyReq (what a VASP stub receives from a relay). */
  public static RequestPattern readReply() {
    return request(Mm7Operation.READ_REPLY_REQ);
  }

  /** The operation this pattern asks for, or null for any. */
  public Mm7Operation operation() {
    return operation;
  }

  // ---- recipients and sender ----

  /** A To recipient with this address. */
  public RequestPattern to(String address) {
    return to(ValueMatcher.equalTo(address));
  }

  public RequestPattern to(ValueMatcher<String> address) {
    return recipients("To", address, Recipients::to);
  }

  public RequestPattern cc(String address) {
    return cc(ValueMatcher.equalTo(address));
  }

  public RequestPattern cc(ValueMatcher<String> address) {
    return recipients("Cc", address, Recipients::cc);
  }

  public RequestPattern bcc(String address) {
    return bcc(ValueMatcher.equalTo(address));
  }

  public RequestPattern bcc(ValueMatcher<String> address) {
    return recipients("Bcc", address, Recipients::bcc);
  }

  /** A recipient with this address, To, Cc or Bcc. */
  public RequestPattern recipient(String address) {
    return recipient(ValueMatcher.equalTo(address));
  }

  public RequestPattern recipient(ValueMatcher<String> address) {
    return recipients("recipient", address, Recipients::all);
  }

  /** The sender: SenderAddress of a VASP's request, Sender of a DeliverReq or report. */
  public RequestPattern sender(String address) {
    return sender(ValueMatcher.equalTo(address));
  }

  public RequestPattern sender(ValueMatcher<String> address) {
    return field("sender", address, r -> {
      Address a = r.message() == null ? null : MessageFields.sender(r.message());
      return a == null ? null : a.value();
    });
  }

  // ---- fields ----

  public RequestPattern subject(String subject) {
    return subject(ValueMatcher.equalTo(subject));
  }

  public RequestPattern subject(ValueMatcher<String> subject) {
    return field("subject", subject, message(MessageFields::subject));
  }

  public RequestPattern serviceCode(String serviceCode) {
    return serviceCode(ValueMatcher.equalTo(serviceCode));
  }

  public RequestPattern serviceCode(ValueMatcher<String> serviceCode) {
    return field("service code", serviceCode, message(MessageFields::serviceCode));
  }

  /** The MessageID a request is about (CancelReq, ReplaceReq, reports; CancelID and ReplaceID of the extended ones). */
  public RequestPattern messageId(String messageId) {
    return messageId(ValueMatcher.equalTo(messageId));
  }

  public RequestPattern messageId(ValueMatcher<String> messageId) {
    return field("MessageID", messageId, message(MessageFields::messageId));
  }

  public RequestPattern linkedId(String linkedId) {
    return field("LinkedID", ValueMatcher.equalTo(linkedId), message(MessageFields::linkedId));
  }

  /** The VASP: the authenticated account, else the VASPID the request names. */
  public RequestPattern vaspId(String vaspId) {
    return field("VASP", ValueMatcher.equalTo(vaspId), RecordedRequest::vaspId);
  }

  public RequestPattern transactionId(String transactionId) {
    return transactionId(ValueMatcher.equalTo(transactionId));
  }

  public RequestPattern transactionId(ValueMatcher<String> transactionId) {
    return field("TransactionID", transactionId, RecordedRequest::transactionId);
  }

  /** The MMStatus of a DeliveryReportReq or ReadReplyReq. */
  public RequestPattern mmStatus(MessageStatus status) {
    Objects.requireNonNull(status, "status");
    return with(criterion("MMStatus", status.wireName(), r -> {
      MessageStatus s = r.message() == null ? null : MessageFields.mmStatus(r.message());
      return s == null ? "(none)" : s.wireName();
    }, r -> r.message() != null && status.equals(MessageFields.mmStatus(r.message()))));
  }

  /** An HTTP header (name case-insensitive) with a value matching. */
  public RequestPattern header(String name, String value) {
    return header(name, ValueMatcher.equalTo(value));
  }

  /** An HTTP header (name case-insensitive) with a value matching ({@link ValueMatcher#absent()}: no such header). */
  public RequestPattern header(String name, ValueMatcher<String> value) {
    Objects.requireNonNull(name, "name");
    return with(criterion("header " + name, value.description(), r -> {
      List<String> values = headerValues(r, name);
      return values.isEmpty() ? "(none)" : values.stream().map(ValueMatcher::quote).collect(Collectors.joining(", "));
    }, r -> {
      List<String> values = headerValues(r, name);
      if (values.isEmpty()) {
        return value.matches(null);
      }
      return values.stream().anyMatch(value::matches);
    }));
  }

  // ---- content, findings, answer ----

  /** A content part (any leaf of the content's multipart tree) like this. */
  public RequestPattern withPart(PartPattern part) {
    Objects.requireNonNull(part, "part");
    return with(criterion("part", part.toString(), r -> {
      List<MimePart> parts = MessageFields.parts(r.message());
      return parts.isEmpty() ? "no content" : parts.stream().map(PartPattern::describe)
          .collect(Collectors.joining(", ", "[", "]"));
    }, r -> MessageFields.parts(r.message()).stream().anyMatch(part::matches)));
  }

  /** How many content parts (leaves) the message has. */
  public RequestPattern partCount(int count) {
    return with(criterion("part count", String.valueOf(count),
        r -> String.valueOf(MessageFields.parts(r.message()).size()),
        r -> MessageFields.parts(r.message()).size() == count));
  }

  /** A finding (or the refusal) with this code, e.g. {@code missing-start-parameter}. */
  public RequestPattern withFinding(String code) {
    Objects.requireNonNull(code, "code");
    return with(criterion("finding", code, r -> r.problemCodes().isEmpty() ? "(none)"
        : String.join(", ", r.problemCodes()), r -> r.problemCodes().contains(code)));
  }

  /** No finding at all, and not refused as unreadable. */
  public RequestPattern withoutFindings() {
    return with(criterion("findings", "none", r -> String.join(", ", r.problemCodes()),
        r -> r.problemCodes().isEmpty()));
  }

  /** Answered with an MM7 response (or fault) of this status. */
  public RequestPattern answeredWith(Mm7Status status) {
    Objects.requireNonNull(status, "status");
    return with(criterion("answer", String.valueOf(status.code()), RequestPattern::answer,
        r -> r.response() != null && r.response().message() != null && r.response().statusCode() == status.code()));
  }

  /** Answered with this HTTP status (0: the connection was reset without an answer). */
  public RequestPattern answeredWithHttp(int httpStatus) {
    return with(criterion("HTTP answer", String.valueOf(httpStatus),
        r -> r.response() == null ? "(none yet)" : String.valueOf(r.response().httpStatus()),
        r -> r.response() != null && r.response().httpStatus() == httpStatus));
  }

  /** Any other condition on the recording, described by these words in a failure report. */
  public RequestPattern matching(String description, Predicate<RecordedRequest> test) {
    Objects.requireNonNull(test, "test");
    return with(criterion(description, "true", r -> "false", test));
  }

  // ---- matching ----

  /** Whether the recording meets every condition. */
  public boolean matches(RecordedRequest r) {
    for (Criterion c : criteria) {
      if (!c.check(r).met()) {
        return false;
      }
    }
    return true;
  }

  /** The recordings that meet every condition, in their order. */
  public List<RecordedRequest> filter(Collection<RecordedRequest> recordings) {
    return recordings.stream().filter(this::matches).collect(Collectors.toList());
  }

  /** Each condition with how the recording measured up, in the order they were added. */
  List<Criterion.Check> checks(RecordedRequest r) {
    List<Criterion.Check> out = new ArrayList<>(criteria.size());
    for (Criterion c : criteria) {
      out.add(c.check(r));
    }
    return out;
  }

  List<Criterion> criteria() {
    return criteria;
  }

  /** The pattern in words: {@code SubmitReq with To "+4670...", subject containing "Hi"}. */
  @Override
  public String toString() {
    String what = operation == null ? "any request" : operation.elementName();
    List<String> conditions = new ArrayList<>();
    for (Criterion c : criteria) {
      if (!c.name().equals("operation")) {
        conditions.add(c.name() + " " + c.expected());
      }
    }
    return conditions.isEmpty() ? what : what + " with " + String.join(", ", conditions);
  }

  // ---- inside ----

  private RequestPattern with(Criterion c) {
    List<Criterion> all = new ArrayList<>(criteria);
    all.add(c);
    return new RequestPattern(operation, all);
  }

  private RequestPattern field(String name, ValueMatcher<String> matcher, Function<RecordedRequest, String> value) {
    Objects.requireNonNull(matcher, "matcher");
    return with(criterion(name, matcher.description(), r -> ValueMatcher.quote(value.apply(r)),
        r -> matcher.matches(value.apply(r))));
  }

  private RequestPattern recipients(String name, ValueMatcher<String> address,
      Function<Recipients, List<Address>> which) {
    Objects.requireNonNull(address, "address");
    Function<RecordedRequest, List<String>> values = r -> {
      Recipients all = r.message() == null ? null : MessageFields.recipients(r.message());
      return all == null ? List.of() : which.apply(all).stream().map(Address::value).collect(Collectors.toList());
    };
    return with(criterion(name, address.description(), r -> {
      List<String> v = values.apply(r);
      return v.isEmpty() ? "(none)" : v.stream().map(ValueMatcher::quote).collect(Collectors.joining(", "));
    }, r -> values.apply(r).stream().anyMatch(address::matches)));
  }

  private static Function<RecordedRequest, String> message(Function<Mm7Message, String> field) {
    return r -> r.message() == null ? null : field.apply(r.message());
  }

  private static List<String> headerValues(RecordedRequest r, String name) {
    for (Map.Entry<String, List<String>> e : r.headers().entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return List.of();
  }

  private static String answer(RecordedRequest r) {
    RecordedRequest.SentResponse s = r.response();
    if (s == null) {
      return "(none yet)";
    }
    if (s.message() == null) {
      return "HTTP " + s.httpStatus() + " without an MM7 response";
    }
    return s.statusCode() + " (" + s.message().operation().elementName() + ", HTTP " + s.httpStatus() + ")";
  }

  private static Criterion criterion(String name, String expected, Function<RecordedRequest, String> actual,
      Predicate<RecordedRequest> test) {
    return new Criterion() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String expected() {
        return expected;
      }

      @Override
      public Check check(RecordedRequest r) {
        boolean met;
        try {
          met = test.test(r);
        } catch (RuntimeException e) {
          met = false; // a condition that cannot read the recording is not met by it
        }
        return new Check(met, met ? null : actualSafely(r));
      }

      private String actualSafely(RecordedRequest r) {
        try {
          return actual.apply(r);
        } catch (RuntimeException e) {
          return "unreadable (" + e.getClass().getSimpleName() + ")";
        }
      }
    };
  }
}
