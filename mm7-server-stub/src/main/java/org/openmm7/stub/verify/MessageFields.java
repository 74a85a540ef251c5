package org.openmm7.stub.verify;

import java.util.ArrayList;
import java.util.List;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.ReadReplyRequest;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.VaspRequest;

/**
 * The fields verification reads, across the operations that carry them (null or empty where an
 * operation has none): one place that knows which message type calls its sender what.
 */
final class MessageFields {
  private MessageFields() {}

  static Recipients recipients(Mm7Message m) {
    if (m instanceof SubmitRequest s) {
      return s.recipients();
    }
    if (m instanceof DeliverRequest d) {
      return d.recipients();
    }
    if (m instanceof DeliveryReportRequest d && d.recipient() != null) {
      return Recipients.to(d.recipient());
    }
    if (m instanceof ReadReplyRequest r && r.recipient() != null) {
      return Recipients.to(r.recipient());
    }
    return null;
  }

  static Address sender(Mm7Message m) {
    if (m instanceof SubmitRequest s) {
      return s.senderAddress();
    }
    if (m instanceof DeliverRequest d) {
      return d.sender();
    }
    if (m instanceof DeliveryReportRequest d) {
      return d.sender();
    }
    if (m instanceof ReadReplyRequest r) {
      return r.sender();
    }
    if (m instanceof CancelRequest c) {
      return c.senderAddress();
    }
    if (m instanceof ReplaceRequest r) {
      return r.senderAddress();
    }
    if (m instanceof ExtendedCancelRequest c) {
      return c.senderAddress();
    }
    if (m instanceof ExtendedReplaceRequest r) {
      return r.senderAddress();
    }
    return null;
  }

  static String subject(Mm7Message m) {
    if (m instanceof SubmitRequest s) {
      return s.subject();
    }
    if (m instanceof DeliverRequest d) {
      return d.subject();
    }
    if (m instanceof ExtendedReplaceRequest r) {
      return r.subject();
    }
    return null;
  }

  static String serviceCode(Mm7Message m) {
    if (m instanceof SubmitRequest s) {
      return s.serviceCode();
    }
    if (m instanceof ReplaceRequest r) {
      return r.serviceCode();
    }
    if (m instanceof ExtendedReplaceRequest r) {
      return r.serviceCode();
    }
    return null;
  }

  static String vaspId(Mm7Message m) {
    if (m instanceof VaspRequest) {
      if (m instanceof SubmitRequest s) {
        return s.vaspId();
      }
      if (m instanceof CancelRequest c) {
        return c.vaspId();
      }
      if (m instanceof ReplaceRequest r) {
        return r.vaspId();
      }
      if (m instanceof ExtendedCancelRequest c) {
        return c.vaspId();
      }
      if (m instanceof ExtendedReplaceRequest r) {
        return r.vaspId();
      }
    }
    if (m instanceof DeliverRequest d) {
      return d.vaspId();
    }
    return null;
  }

  /** The MessageID the request is about (CancelID and ReplaceID for the extended operations). */
  static String messageId(Mm7Message m) {
    if (m instanceof CancelRequest c) {
      return c.messageId();
    }
    if (m instanceof ReplaceRequest r) {
      return r.messageId();
    }
    if (m instanceof ExtendedCancelRequest c) {
      return c.cancelId();
    }
    if (m instanceof ExtendedReplaceRequest r) {
      return r.replaceId();
    }
    if (m instanceof DeliveryReportRequest d) {
      return d.messageId();
    }
    if (m instanceof ReadReplyRequest r) {
      return r.messageId();
    }
    return null;
  }

  static String linkedId(Mm7Message m) {
    if (m instanceof SubmitRequest s) {
      return s.linkedId();
    }
    if (m instanceof DeliverRequest d) {
      return d.linkedId();
    }
    return null;
  }

  static MessageStatus mmStatus(Mm7Message m) {
    if (m instanceof DeliveryReportRequest d) {
      return d.mmStatus();
    }
    if (m instanceof ReadReplyRequest r) {
      return r.mmStatus();
    }
    return null;
  }

  static MimePart content(Mm7Message m) {
    if (m instanceof SubmitRequest s) {
      return s.content();
    }
    if (m instanceof DeliverRequest d) {
      return d.content();
    }
    if (m instanceof ReplaceRequest r) {
      return r.content();
    }
    if (m instanceof ExtendedReplaceRequest r) {
      return r.content();
    }
    return null;
  }

  /** The content's leaf parts (a single part is its own leaf); empty without content. */
  static List<MimePart> parts(Mm7Message m) {
    MimePart c = m == null ? null : content(m);
    if (c == null) {
      return List.of();
    }
    if (c instanceof Multipart mp) {
      return mp.leaves();
    }
    List<MimePart> one = new ArrayList<>(1);
    one.add(c);
    return one;
  }
}
