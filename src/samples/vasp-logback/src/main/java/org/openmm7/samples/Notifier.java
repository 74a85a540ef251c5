package org.openmm7.samples;

import java.net.URI;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;

/** The sample's "application": sends one text MMS through an MMSC and returns its MessageID. */
public final class Notifier implements AutoCloseable {
  private final Mm7Client client;

  public Notifier(URI mmsc) {
    this.client = Mm7Client.builder(mmsc).build();
  }

  public String notify(String number, String subject, String transactionId) throws Mm7Exception {
    SubmitRequest submit = SubmitRequest.builder().vaspId("sample").vasId("notifier")
        .senderAddress(Address.shortCode("12345")).recipients(Recipients.to(Address.number(number)))
        .subject(subject).build();
    return client.submit(submit, transactionId).messageId();
  }

  @Override
  public void close() {
    client.close();
  }
}
