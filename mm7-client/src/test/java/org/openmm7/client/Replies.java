package org.openmm7.client;

import java.nio.charset.StandardCharsets;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7EncodeException;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.ErrorResponse;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.ResponseStatus;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;

/** Relay replies for client tests: encoded by the codec, or written by hand where peers deviate. */
final class Replies {
  static final Mm7Release REL = Mm7Release.latest();
  static final String NS = REL.namespace();
  static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
  static final Mm7Codec CODEC = Mm7Codec.lenient();

  private Replies() {}

  static String encode(String txId, Mm7Message m) {
    try {
      return new String(CODEC.encode(Mm7Envelope.of(txId, REL, m)).soapEnvelope(), StandardCharsets.UTF_8);
    } catch (Mm7EncodeException e) {
      throw new AssertionError(e);
    }
  }

  static String submitRsp(String txId, int code, String messageId) {
    return encode(txId, new SubmitResponse(new ResponseStatus(org.openmm7.client.message.Mm7Status.of(code),
        null, null), messageId));
  }

  static String rsError(String txId, int code, String text, String details) {
    return encode(txId, ErrorResponse.fromRelay(new ResponseStatus(
        org.openmm7.client.message.Mm7Status.of(code), text, details)));
  }

  /** A fault whose children are qualified with the envelope prefix, as some peers write them. */
  static String qualifiedFault(String txId, int code) {
    return "<?xml version=\"1.0\"?>"
        + "<soapenv:Envelope xmlns:soapenv=\"" + SOAP + "\"><soapenv:Header>"
        + "<mm7:TransactionID xmlns:mm7=\"" + NS + "\" soapenv:mustUnderstand=\"1\">" + txId + "</mm7:TransactionID>"
        + "</soapenv:Header><soapenv:Body><soapenv:Fault>"
        + "<soapenv:faultcode>soapenv:Client</soapenv:faultcode>"
        + "<soapenv:faultstring>Client error</soapenv:faultstring>"
        + "<soapenv:detail><mm7:RSErrorRsp xmlns:mm7=\"" + NS + "\"><mm7:MM7Version>6.8.0</mm7:MM7Version>"
        + "<mm7:Status><mm7:StatusCode>" + code + "</mm7:StatusCode><mm7:StatusText>Address Error</mm7:StatusText>"
        + "</mm7:Status></mm7:RSErrorRsp></soapenv:detail>"
        + "</soapenv:Fault></soapenv:Body></soapenv:Envelope>";
  }

  /** A bare fault: no Header, no detail, the status only in the faultstring. */
  static String faultStringOnly(String faultString) {
    return "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"" + SOAP + "\"><SOAP-ENV:Body><SOAP-ENV:Fault>"
        + "<faultcode>SOAP-ENV:Server</faultcode><faultstring>" + faultString + "</faultstring>"
        + "</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>";
  }

  static final String HTML_502 = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
      + "<body><h1>Bad Gateway</h1><p>The upstream MMSC did not answer.</p></body></html>";

  static SubmitRequest submit() {
    return SubmitRequest.builder()
        .recipients(Recipients.to(Address.number("+447700900123")))
        .subject("Hello")
        .content(org.openmm7.client.content.TextPart.of("Hello from MM7"))
        .build();
  }
}
