package org.openmm7.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openmm7.client.message.DeliveryReportRequest;
import org.openmm7.client.message.MessageStatus;

/**
 * The extension injects its stub into the test class's constructor and test methods, and the push
 * target is set while it runs: the VASP endpoint is made inside the test, after the extension.
 */
class ExtensionInjectionTest {
  @RegisterExtension
  static Mm7StubExtension relay = Mm7StubExtension.newInstance().deliveryReports(ReportStep.parseList("Retrieved:0ms"))
      .pushRetrySchedule(List.of(Duration.ofMillis(20))).build();

  private final Mm7StubServer fromConstructor;

  ExtensionInjectionTest(Mm7StubServer stub) {
    this.fromConstructor = stub;
  }

  @Test
  void theRunningStubIsInjected(Mm7StubServer stub) {
    assertSame(relay.server(), stub);
    assertSame(stub, fromConstructor);
  }

  @Test
  void aVaspMadeInsideTheTestGetsTheReportsOnceThePushTargetIsSet(Mm7StubServer stub) throws Exception {
    assertNull(stub.pushTarget(), "built without one");
    try (FakeVasp vasp = new FakeVasp()) {
      relay.pushTo(vasp.endpoint());
      String id = HeldPushTest.submit(stub, "+46700000001");
      assertEquals(PushRecord.State.DELIVERED,
          relay.awaitReport(id, "+46700000001", MessageStatus.RETRIEVED, Duration.ofSeconds(10)).state());
      DeliveryReportRequest dr = assertInstanceOf(DeliveryReportRequest.class, vasp.take().message());
      assertEquals(id, dr.messageId());
    } finally {
      relay.pushTo(null);
    }
  }
}
