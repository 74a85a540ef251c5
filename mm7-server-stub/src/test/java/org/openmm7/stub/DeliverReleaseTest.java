package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.CancelRequest;
import org.openmm7.client.message.DeliverRequest;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;

/**
 * A DeliverReq goes in its VASP's release: the account's when it names one, else that of the
 * VASP's latest request, else the stub's default; never one stub-wide release for every VASP.
 */
class DeliverReleaseTest {
  private static Mm7Release rel(String name) {
    return Mm7Release.fromName(name).orElseThrow();
  }

  private static DeliverRequest mo() {
    return DeliverRequest.builder().sender(Address.number("+447000000005"))
        .recipients(Recipients.to(Address.shortCode("12345"))).content(TextPart.of("hello")).build();
  }

  /** Pushes a DeliverReq for the VASP; returns the release it went in (with VASPID where the release has one). */
  private static String deliveredIn(Mm7StubServer stub, FakeVasp vasp, String vaspId) throws Exception {
    assertEquals(PushRecord.State.DELIVERED, stub.pushes().deliver(mo(), vaspId).get(10, TimeUnit.SECONDS).state());
    Mm7Envelope e = vasp.take().envelope();
    String vaspIdSent = ((DeliverRequest) e.message()).vaspId();
    assertEquals(e.release().releaseName().startsWith("REL-5") ? null : vaspId, vaspIdSent,
        "VASPID, which a REL-5 DeliverReq does not have");
    return e.release().releaseName();
  }

  @Test
  void theAccountsReleaseElseTheLatestRequestsElseTheDefault() throws Exception {
    try (FakeVasp vasp = new FakeVasp();
         Mm7StubServer stub = Mm7StubServer.builder().deliveryReports(List.of())
             .defaultRelease(rel("REL-6-MM7-1-2"))
             .accounts(new Account("acme", "pw").withPushUrl(vasp.endpoint()).withRelease(rel("REL-5-MM7-1-2")),
                 new Account("beta", "pw").withPushUrl(vasp.endpoint()),
                 new Account("gamma", "pw").withPushUrl(vasp.endpoint()))
             .build().start()) {
      assertEquals("REL-5-MM7-1-2", deliveredIn(stub, vasp, "acme"), "the account's release");
      assertEquals("REL-6-MM7-1-2", deliveredIn(stub, vasp, "beta"), "nothing heard from beta yet: the default");

      SubmitRequest s = SubmitRequest.builder().recipients(Recipients.to(Address.number("+447000000001"))).build();
      assertEquals(1000, Http.post(stub.endpoint(), Mm7Envelope.of("tx-b1", rel("REL-6-MM7-1-0"), s), "beta:pw")
          .statusCode());
      assertEquals("REL-6-MM7-1-0", deliveredIn(stub, vasp, "beta"), "beta's submit's release");
      Http.post(stub.endpoint(), Mm7Envelope.of("tx-b2", rel("REL-5-MM7-1-1"),
          CancelRequest.builder().messageId("no-such-message").build()), "beta:pw");
      assertEquals("REL-5-MM7-1-1", deliveredIn(stub, vasp, "beta"), "beta's latest request's release");

      Http.post(stub.endpoint(), Mm7Envelope.of("tx-a1", rel("REL-6-MM7-1-4"), s), "acme:pw");
      assertEquals("REL-5-MM7-1-2", deliveredIn(stub, vasp, "acme"), "the account's release wins");
      assertEquals("REL-6-MM7-1-2", deliveredIn(stub, vasp, "gamma"), "beta's requests do not set gamma's");
    }
  }

  @Test
  void withoutAccountsTheVaspIdInTheRequestsCounts() throws Exception {
    try (FakeVasp vasp = new FakeVasp();
         Mm7StubServer stub = Mm7StubServer.builder().deliveryReports(List.of()).vaspEndpoint(vasp.endpoint())
             .build().start()) {
      SubmitRequest s = SubmitRequest.builder().vaspId("delta")
          .recipients(Recipients.to(Address.number("+447000000001"))).build();
      Http.post(stub.endpoint(), Mm7Envelope.of("tx-d1", rel("REL-5-MM7-1-3"), s), null);
      assertEquals("REL-5-MM7-1-3", deliveredIn(stub, vasp, "delta"));
      assertEquals(Mm7Release.latest().releaseName(), deliveredIn(stub, vasp, "epsilon"));
    }
  }
}
