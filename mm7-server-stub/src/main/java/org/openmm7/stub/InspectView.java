package org.openmm7.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.openmm7.client.codec.DecodeProblem;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Finding;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.ExtendedReplaceResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Response;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;

/**
 * The decoded form of a message as JSON: what {@code mm7 inspect} prints and what the corpus's
 * {@code .expected.json} files hold (format in src/corpus/README.md).
 */
public final class InspectView {
  public static final ObjectMapper JSON = new ObjectMapper();

  private InspectView() {}

  public static ObjectNode of(DecodedMessage d) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    Mm7Message m = d.message();
    o.put("operation", m instanceof ErrorResponse e ? e.operation().elementName() : m.operation().elementName());
    o.put("namespace", d.namespace());
    o.put("release", d.envelope().release().releaseName());
    o.put("mm7Version", d.envelope().mm7Version());
    o.put("transactionId", d.transactionId());
    fields(o, m);
    if (m instanceof Mm7Response r) {
      ObjectNode s = o.putObject("status");
      s.put("code", r.status().code());
      s.put("text", r.status().text());
      if (r.status().details() != null) {
        s.put("details", r.status().details());
      }
    }
    if (m instanceof ErrorResponse e && (e.faultCode() != null || e.faultString() != null)) {
      ObjectNode f = o.putObject("fault");
      f.put("code", e.faultCode());
      f.put("string", e.faultString());
    }
    List<MimePart> leaves = d.leafParts();
    if (!leaves.isEmpty()) {
      ArrayNode parts = o.putArray("parts");
      for (MimePart p : leaves) {
        ObjectNode n = parts.addObject();
        n.put("contentType", p.contentType().mediaType());
        p.contentId().ifPresent(v -> n.put("contentId", v));
        p.contentLocation().ifPresent(v -> n.put("contentLocation", v));
        n.put("size", sizeOf(p));
      }
    }
    if (d.findings().stream().anyMatch(f -> f.problem().equals(DecodeProblem.CONTENT_NOT_CAPTURED))) {
      o.put("contentCaptured", false); // the message refers to content the capture does not hold
    }
    ArrayNode findings = o.putArray("findings");
    for (Finding f : d.findings()) {
      findings.addObject().put("code", f.code()).put("severity", f.severity().wireName()).put("rule", f.rule())
          .put("where", f.where()).put("message", f.message());
    }
    return o;
  }

  /**
   * The verdict of a fault policy as JSON: {@code {"refused": false}}, or {@code {"refused": true,
   * "status": 2007, "text": ..., "details": ...}}.
   */
  public static ObjectNode verdict(java.util.Optional<org.openmm7.client.codec.FaultPolicy.Refusal> refusal) {
    ObjectNode v = JSON.createObjectNode();
    v.put("refused", refusal.isPresent());
    refusal.ifPresent(r -> {
      v.put("status", r.status().code());
      v.put("text", r.text());
      v.put("details", r.details());
    });
    return v;
  }

  private static long sizeOf(MimePart p) throws IOException {
    if (p instanceof TextPart t) {
      return t.text().getBytes(t.charset()).length;
    }
    BinaryPart b = (BinaryPart) p;
    if (b.size().isPresent()) {
      return b.size().getAsLong();
    }
    long n = 0;
    try (InputStream in = b.openStream()) {
      n = in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return n;
  }

  private static void fields(ObjectNode o, Mm7Message m) {
    if (m instanceof SubmitRequest r) {
      put(o, "vaspId", r.vaspId());
      put(o, "vasId", r.vasId());
      address(o, "sender", r.senderAddress());
      recipients(o, r.recipients());
      put(o, "subject", r.subject());
      put(o, "linkedId", r.linkedId());
    } else if (m instanceof CancelRequest r) {
      put(o, "vaspId", r.vaspId());
      put(o, "vasId", r.vasId());
      address(o, "sender", r.senderAddress());
      put(o, "messageId", r.messageId());
    } else if (m instanceof ReplaceRequest r) {
      put(o, "vaspId", r.vaspId());
      put(o, "vasId", r.vasId());
      address(o, "sender", r.senderAddress());
      put(o, "messageId", r.messageId());
    } else if (m instanceof ExtendedCancelRequest r) {
      put(o, "vaspId", r.vaspId());
      put(o, "vasId", r.vasId());
      address(o, "sender", r.senderAddress());
      put(o, "messageId", r.cancelId());
    } else if (m instanceof ExtendedReplaceRequest r) {
      put(o, "vaspId", r.vaspId());
      put(o, "vasId", r.vasId());
      address(o, "sender", r.senderAddress());
      put(o, "messageId", r.replaceId());
      put(o, "subject", r.subject());
    } else if (m instanceof DeliverRequest r) {
      put(o, "vaspId", r.vaspId());
      put(o, "vasId", r.vasId());
      address(o, "sender", r.sender());
      recipients(o, r.recipients());
      put(o, "subject", r.subject());
      put(o, "linkedId", r.linkedId());
    } else if (m instanceof DeliveryReportRequest r) {
      address(o, "sender", r.sender());
      address(o, "recipient", r.recipient());
      put(o, "messageId", r.messageId());
      o.put("mmStatus", r.mmStatus().wireName());
    } else if (m instanceof ReadReplyRequest r) {
      address(o, "sender", r.sender());
      address(o, "recipient", r.recipient());
      put(o, "messageId", r.messageId());
      o.put("mmStatus", r.mmStatus().wireName());
    } else if (m instanceof SubmitResponse r) {
      put(o, "messageId", r.messageId());
    } else if (m instanceof ExtendedReplaceResponse r) {
      put(o, "messageId", r.messageId());
    }
  }

  private static void put(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }

  private static void address(ObjectNode o, String name, Address a) {
    if (a != null) {
      o.set(name, addressNode(a));
    }
  }

  static JsonNode addressNode(Address a) {
    ObjectNode n = JSON.createObjectNode();
    String kind = a instanceof Address.PhoneNumber ? "number" : a instanceof Address.EmailAddress ? "rfc2822" : "shortCode";
    n.put(kind, a.value());
    return n;
  }

  private static void recipients(ObjectNode o, Recipients r) {
    if (r == null) {
      return;
    }
    ObjectNode n = o.putObject("recipients");
    list(n, "to", r.to());
    list(n, "cc", r.cc());
    list(n, "bcc", r.bcc());
  }

  private static void list(ObjectNode n, String name, List<Address> addresses) {
    ArrayNode a = n.putArray(name);
    addresses.forEach(x -> a.add(addressNode(x)));
  }
}
