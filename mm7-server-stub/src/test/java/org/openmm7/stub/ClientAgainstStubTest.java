package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.openmm7.client.Credentials;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7StatusException;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.Smil;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.ExtendedCancelRequest;
import org.openmm7.client.message.ExtendedReplaceRequest;
import org.openmm7.client.message.Mm7Status;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.ReplaceRequest;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.client.message.SubmitResponse;
import org.openmm7.schema.Mm7Release;

/** End to end over loopback: Mm7Client against the stub, every VASP operation in every namespace. */
class ClientAgainstStubTest {
  private static Mm7StubServer stub;

  @BeforeAll
  static void start() throws Exception {
    stub = Mm7StubServer.builder().strict(true).accounts(new Account("acme", "s3cret")).build().start();
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  @TestFactory
  Stream<DynamicTest> everyOperationInEveryNamespace() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Mm7Release release : Mm7Release.values()) {
      tests.add(DynamicTest.dynamicTest(release.releaseName(), () -> exercise(release)));
    }
    return tests.stream();
  }

  private void exercise(Mm7Release release) throws Exception {
    stub.reset();
    try (Mm7Client client = Mm7Client.builder(stub.endpoint()).release(release)
        .vaspId("acme").vasId("news").senderAddress(Address.shortCode("12345"))
        .credentials(Credentials.basic("acme", "s3cret")).callTimeout(Duration.ofSeconds(10)).build()) {
      SubmitRequest submit = SubmitRequest.builder()
          .recipients(Recipients.to(Address.number("+447000000001"), Address.email("bob@example.org")))
          .subject("Hello in " + release.releaseName()).deliveryReport(true)
          .content(Smil.presentation(BinaryPart.ofBytes(new byte[] {71, 73, 70, 56, 57, 97}, "image/gif"),
              TextPart.of("Hello")), true)
          .build();
      SubmitResponse accepted = client.submit(submit);
      assertTrue(accepted.status().isSuccess());
      assertNotNull(accepted.messageId());

      RecordedRequest recorded = stub.takeRequest(Duration.ofSeconds(5)).orElseThrow();
      assertEquals(release, recorded.release());
      assertEquals(List.of(), recorded.findings(), "what Mm7Client writes passes the strict stub");
      assertEquals("acme", recorded.vaspId());
      SubmitRequest received = (SubmitRequest) recorded.message();
      assertEquals(submit.subject(), received.subject());
      assertEquals(submit.recipients(), received.recipients());
      assertEquals(3, ((org.openmm7.client.content.Multipart) received.content()).leaves().size());

      String id = accepted.messageId();
      assertEquals(Mm7Status.SUCCESS, client.replace(ReplaceRequest.builder().messageId(id)
          .content(TextPart.of("replaced"), true).build()).status().mm7Status());
      assertEquals(Mm7Status.SUCCESS, client.cancel(CancelRequest.builder().messageId(id).build()).status().mm7Status());
      Mm7StatusException unknown = assertThrows(Mm7StatusException.class,
          () -> client.cancel(CancelRequest.builder().messageId("no-such-id").build()));
      assertEquals(Mm7Status.MESSAGE_ID_NOT_FOUND, unknown.mm7Status());

      if (release.hasOperation("extendedReplaceReq")) {
        String second = client.submit(submit).messageId();
        var replaced = client.extendedReplace(ExtendedReplaceRequest.builder().replaceId(second)
            .content(TextPart.of("corrected"), true).build());
        assertTrue(replaced.status().isSuccess());
        assertNotEquals(second, replaced.messageId());
        assertTrue(client.extendedCancel(ExtendedCancelRequest.builder().cancelId(replaced.messageId()).build())
            .status().isSuccess());
      }
    }
  }
}
