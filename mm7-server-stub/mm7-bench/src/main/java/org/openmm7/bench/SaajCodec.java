package org.openmm7.bench;

import jakarta.xml.soap.AttachmentPart;
import jakarta.xml.soap.MessageFactory;
import jakarta.xml.soap.MimeHeaders;
import jakarta.xml.soap.SOAPBody;
import jakarta.xml.soap.SOAPBodyElement;
import jakarta.xml.soap.SOAPElement;
import jakarta.xml.soap.SOAPEnvelope;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPHeaderElement;
import jakarta.xml.soap.SOAPMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import org.w3c.dom.Node;

/**
 * What a Java developer would write with SAAJ (jakarta.xml.soap, from the jaxws-rt stack) to do
 * the codec's job: build a SubmitReq with an attachment and write it, or read one back to its
 * fields and attachment bytes. The baseline of the codec benchmark.
 */
public final class SaajCodec {
  static final String NS = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4";
  private final MessageFactory factory;

  public SaajCodec() {
    try {
      factory = MessageFactory.newInstance();
    } catch (SOAPException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds and writes the message; returns the Content-Type header. */
  public String encode(BenchMessages m, byte[] payload, OutputStream out) throws SOAPException, IOException {
    SOAPMessage msg = factory.createMessage();
    SOAPEnvelope env = msg.getSOAPPart().getEnvelope();
    env.addNamespaceDeclaration("mm7", NS);
    SOAPHeaderElement tx = env.getHeader().addHeaderElement(env.createName("TransactionID", "mm7", NS));
    tx.setMustUnderstand(true);
    tx.addTextNode("bench-1");
    SOAPBody body = env.getBody();
    SOAPBodyElement submit = body.addBodyElement(env.createName("SubmitReq", "mm7", NS));
    submit.addChildElement("MM7Version", "mm7").addTextNode("6.8.0");
    SOAPElement sender = submit.addChildElement("SenderIdentification", "mm7");
    sender.addChildElement("VASPID", "mm7").addTextNode("bench");
    sender.addChildElement("VASID", "mm7").addTextNode("bench-service");
    sender.addChildElement("SenderAddress", "mm7").addChildElement("ShortCode", "mm7").addTextNode("12345");
    submit.addChildElement("Recipients", "mm7").addChildElement("To", "mm7")
        .addChildElement("Number", "mm7").addTextNode("+447000000001");
    submit.addChildElement("DeliveryReport", "mm7").addTextNode("true");
    submit.addChildElement("Subject", "mm7").addTextNode("Benchmark " + m.label());
    SOAPElement content = submit.addChildElement("Content", "mm7");
    content.setAttribute("href", "cid:part1@bench");
    content.setAttribute("allowAdaptations", "true");
    AttachmentPart part = msg.createAttachmentPart();
    part.setRawContentBytes(payload, 0, payload.length, m.mediaType());
    part.setContentId("<part1@bench>");
    msg.addAttachmentPart(part);
    msg.saveChanges();
    msg.writeTo(out);
    return msg.getMimeHeaders().getHeader("Content-Type")[0];
  }

  /**
   * Reads a message from a stream (SAAJ's only way in): the fields the codec reads, and every
   * attachment's bytes through {@code buffer} ({@link CodecBenchmark#readAll}, as OpenMM7's side
   * reads them). Returns a checksum of what it read.
   */
  public long decode(String contentType, InputStream body, byte[] buffer) throws SOAPException, IOException {
    MimeHeaders headers = new MimeHeaders();
    headers.addHeader("Content-Type", contentType);
    SOAPMessage msg = factory.createMessage(headers, body);
    long sum = 0;
    Iterator<?> h = msg.getSOAPHeader().examineAllHeaderElements();
    while (h.hasNext()) {
      sum += ((SOAPHeaderElement) h.next()).getTextContent().trim().length();
    }
    SOAPBody soapBody = msg.getSOAPBody();
    Node op = soapBody.getFirstChild();
    while (op != null && op.getNodeType() != Node.ELEMENT_NODE) {
      op = op.getNextSibling();
    }
    sum += walk(op);
    Iterator<AttachmentPart> parts = msg.getAttachments();
    while (parts.hasNext()) {
      AttachmentPart p = parts.next();
      try (InputStream in = p.getRawContent()) {
        sum += CodecBenchmark.readAll(in, buffer);
      }
    }
    return sum;
  }

  /** Visits every element as a decoder mapping it to a model would: names and trimmed texts. */
  private static long walk(Node n) {
    long sum = 0;
    for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() == Node.ELEMENT_NODE) {
        sum += c.getLocalName().length();
        sum += walk(c);
      } else if (c.getNodeType() == Node.TEXT_NODE) {
        sum += c.getNodeValue().trim().length();
      }
    }
    return sum;
  }
}
