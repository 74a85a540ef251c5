package org.openmm7.bench;

import java.io.ByteArrayOutputStream;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;
import org.openmm7.stub.Mm7StubServer;

/**
 * One build's half of {@link SubmitAb}, defined by {@link SubmitAb} inside that build's class loader
 * (so that it uses that build's stub, client, ceiling and raw poster): a stub as the submit case
 * runs it, the ceiling, and the four pairings (Mm7Client or a raw POST, to the stub or to the
 * ceiling). Uses only what the bench has had since the submit case's ceiling, so that older jars
 * can be measured.
 */
public final class SubmitAbSide {
  private final Mm7StubServer stub;
  private final CeilingServer ceiling;
  private final SubmitClient toStub;
  private final Mm7Client toCeiling;
  private final RawPoster rawToStub;
  private final RawPoster rawToCeiling;
  private final Load.Op[] ops;
  private final int concurrency;

  public SubmitAbSide(String message, int concurrency) throws Exception {
    this.concurrency = concurrency;
    BenchMessages m = BenchMessages.byLabel(message);
    stub = Mm7StubServer.builder().maxMessageSize(64L << 20).maxRecordedRequests(16)
        .deliveryReports(java.util.List.of()).build().start();
    ceiling = new CeilingServer();
    SubmitRequest submit = m.submit(m.payload());
    EncodedMessage e = Mm7Codec.lenient().encode(Mm7Envelope.of("bench-1", Mm7Release.REL_6_MM7_1_4, submit));
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    e.writeTo(wire);
    toStub = Clients.create(stub.endpoint(), concurrency);
    toCeiling = Mm7Client.builder(ceiling.endpoint()).poolSize(concurrency)
        .readTimeout(java.time.Duration.ofMinutes(10)).callTimeout(java.time.Duration.ofMinutes(30)).build();
    rawToStub = new RawPoster(stub.endpoint(), concurrency, wire.toByteArray(), e.contentType());
    rawToCeiling = new RawPoster(ceiling.endpoint(), concurrency, wire.toByteArray(), e.contentType());
    ops = new Load.Op[] {new Submit(toStub, submit), rawToStub::post, new SubmitTo(toCeiling, submit),
        rawToCeiling::post};
  }

  private record Submit(SubmitClient client, SubmitRequest submit) implements Load.Op {
    @Override
    public void run() throws Exception {
      client.submit(submit);
    }
  }

  private record SubmitTo(Mm7Client client, SubmitRequest submit) implements Load.Op {
    @Override
    public void run() throws Exception {
      client.submit(submit, "bench-1");
    }
  }

  /** Runs pairing {@code op} (see {@link SubmitAb#PAIRINGS}) for {@code millis}; the messages done. */
  public long run(int op, long millis) throws Exception {
    return Load.run(concurrency, millis, ops[op]).count;
  }

  /** Stops the side's servers and clients. */
  public void close() throws Exception {
    try (stub; ceiling; rawToStub; rawToCeiling) {
      toCeiling.close();
      toStub.close();
    }
  }
}
