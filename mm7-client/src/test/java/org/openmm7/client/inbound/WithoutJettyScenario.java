package org.openmm7.client.inbound;

import java.net.URI;
import java.util.concurrent.Callable;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;

/**
 * Runs inside a class loader without Jetty and the Servlet API (see {@link WithoutJettyTest}): a
 * VASP that only sends, then one that asks for the inbound endpoint. Returns the MessageID and the
 * endpoint's error message, separated by a newline.
 */
public final class WithoutJettyScenario implements Callable<String> {
  private final String endpoint;
  private final String transactionId;

  public WithoutJettyScenario(String endpoint, String transactionId) {
    this.endpoint = endpoint;
    this.transactionId = transactionId;
  }

  @Override
  public String call() throws Exception {
    String messageId;
    try (Mm7Client client = Mm7Client.builder(URI.create(endpoint)).build()) {
      SubmitRequest submit = SubmitRequest.builder().vaspId("acme").vasId("news")
          .senderAddress(Address.shortCode("12345")).recipients(Recipients.to(Address.number("+447000000001")))
          .subject("no jetty here").build();
      messageId = client.submit(submit, transactionId).messageId();
    }
    String error;
    try {
      Mm7InboundServer.builder(new Mm7InboundHandler() {}).port(0).host("127.0.0.1").start().close();
      error = "(no error)";
    } catch (IllegalStateException e) {
      error = e.getMessage();
    }
    return messageId + "\n" + error;
  }
}
