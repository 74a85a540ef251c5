package org.openmm7.stub.inbox;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.util.Fields;
import org.openmm7.client.codec.Finding;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Recipients;
import org.openmm7.stub.RecordedRequest;

/**
 * The filter of {@code GET /api/messages}: every given criterion must hold. Text criteria are
 * case-insensitive substrings ({@code recipient=4470} finds {@code +447000000001}); {@code operation}
 * is an element name ({@code SubmitReq}); {@code finding} a finding code or rejection reason,
 * {@code any} (with some) or {@code none}; {@code after}/{@code before} ISO-8601 instants;
 * {@code q} looks in the sender, recipients, subject, operation, VASP, TransactionID and MessageID.
 * An unknown parameter is refused, so that a misspelt filter is not silently ignored.
 */
final class MessageQuery {
  static final Set<String> PARAMETERS = Set.of("since", "limit", "operation", "recipient", "sender", "subject",
      "vasp", "finding", "after", "before", "q");
  /** How many messages a list holds unless asked for more. */
  static final long DEFAULT_LIMIT = 500;

  final long since;
  final long limit;
  private final String operation;
  private final String recipient;
  private final String sender;
  private final String subject;
  private final String vasp;
  private final String finding;
  private final Instant after;
  private final Instant before;
  private final String text;

  private MessageQuery(Fields query) throws ApiRoute.Refusal {
    for (String name : query.getNames()) {
      if (!PARAMETERS.contains(name)) {
        throw new ApiRoute.Refusal(400, "unknown parameter " + name + "; the list is filtered by "
            + new java.util.TreeSet<>(PARAMETERS));
      }
    }
    since = number(query, "since", 0);
    limit = number(query, "limit", DEFAULT_LIMIT);
    operation = lower(query.getValue("operation"));
    recipient = lower(query.getValue("recipient"));
    sender = lower(query.getValue("sender"));
    subject = lower(query.getValue("subject"));
    vasp = lower(query.getValue("vasp"));
    finding = query.getValue("finding");
    after = instant(query, "after");
    before = instant(query, "before");
    text = lower(query.getValue("q"));
  }

  static MessageQuery of(Fields query) throws ApiRoute.Refusal {
    return new MessageQuery(query);
  }

  private static long number(Fields query, String name, long otherwise) throws ApiRoute.Refusal {
    String s = query.getValue(name);
    if (s == null || s.isEmpty()) {
      return otherwise;
    }
    try {
      long n = Long.parseLong(s);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ApiRoute.Refusal(400, name + " is a number from 0, not \"" + s + "\"");
    }
  }

  private static Instant instant(Fields query, String name) throws ApiRoute.Refusal {
    String s = query.getValue(name);
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new ApiRoute.Refusal(400, name + " is an ISO-8601 instant such as 2026-12-06T18:00:00Z, not \"" + s + "\"");
    }
  }

  private static String lower(String s) {
    return s == null || s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
  }

  private static boolean contains(String value, String part) {
    return value != null && value.toLowerCase(Locale.ROOT).contains(part);
  }

  boolean test(RecordedRequest r) {
    if (r.sequence() <= since) {
      return false;
    }
    if (after != null && !r.receivedAt().isAfter(after) || before != null && !r.receivedAt().isBefore(before)) {
      return false;
    }
    Mm7Message m = r.message();
    String op = InboxApi.operationOf(r);
    if (operation != null && (op == null || !op.toLowerCase(Locale.ROOT).equals(operation))) {
      return false;
    }
    Address from = InboxApi.senderOf(m);
    String senderValue = from == null ? null : from.value();
    if (sender != null && !contains(senderValue, sender)) {
      return false;
    }
    Recipients to = InboxApi.recipientsOf(m);
    List<Address> recipients = to == null ? List.of() : to.all();
    if (recipient != null && recipients.stream().noneMatch(a -> contains(a.value(), recipient))) {
      return false;
    }
    String subjectValue = InboxApi.subjectOf(m);
    if (subject != null && !contains(subjectValue, subject)) {
      return false;
    }
    if (vasp != null && !contains(r.vaspId(), vasp)) {
      return false;
    }
    if (finding != null && !hasFinding(r)) {
      return false;
    }
    if (text != null) {
      boolean anywhere = contains(senderValue, text) || contains(subjectValue, text) || contains(op, text)
          || contains(r.vaspId(), text) || contains(r.transactionId(), text)
          || contains(InboxApi.messageIdOf(r), text) || recipients.stream().anyMatch(a -> contains(a.value(), text));
      if (!anywhere) {
        return false;
      }
    }
    return true;
  }

  private boolean hasFinding(RecordedRequest r) {
    List<String> codes = r.problemCodes();
    if (finding.equals("any")) {
      return !codes.isEmpty();
    }
    if (finding.equals("none")) {
      return codes.isEmpty();
    }
    for (Finding f : r.findings()) {
      if (f.code().equalsIgnoreCase(finding)) {
        return true;
      }
    }
    return finding.equalsIgnoreCase(r.rejection());
  }
}
