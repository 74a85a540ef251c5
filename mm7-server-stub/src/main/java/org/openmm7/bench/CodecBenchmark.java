package org.openmm7.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.EncodedMessage;
import org.openmm7.client.codec.Mm7Codec;
import org.openmm7.client.codec.Mm7Envelope;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;

/**
 * Case 3 of {@code mm7 bench}: the codec alone, encode and decode of the same three messages,
 * against SAAJ doing the same job. Both decoders read the same bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
  @Param({"text-1k", "image-100k", "video-5m"})
  public String message;

  private BenchMessages kind;
  private byte[] payload;
  private SubmitRequest submit;
  private final Mm7Codec codec = Mm7Codec.lenient();
  private final SaajCodec saaj = new SaajCodec();
  private String wireContentType;
  private byte[] wire;

  @Setup
  public void setUp() throws Exception {
    kind = BenchMessages.byLabel(message);
    payload = kind.payload();
    submit = kind.submit(payload);
    EncodedMessage e = codec.encode(Mm7Envelope.of("bench-1", Mm7Release.REL_6_MM7_1_4, submit));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    wire = out.toByteArray();
    wireContentType = e.contentType();
  }

  @Benchmark
  public long openmm7Encode() throws Exception {
    CountingSink out = new CountingSink();
    codec.encode(Mm7Envelope.of("bench-1", Mm7Release.REL_6_MM7_1_4, submit)).writeTo(out);
    return out.count;
  }

  @Benchmark
  public long saajEncode() throws Exception {
    CountingSink out = new CountingSink();
    saaj.encode(kind, payload, out);
    return out.count;
  }

  @Benchmark
  public void openmm7Decode(Blackhole bh) throws Exception {
    try (DecodedMessage d = codec.decode(wireContentType, new ByteArrayInputStream(wire))) {
      SubmitRequest s = (SubmitRequest) d.message();
      bh.consume(s.subject());
      bh.consume(s.recipients());
      bh.consume(d.transactionId());
      for (MimePart p : d.leafParts()) {
        if (p instanceof TextPart t) {
          bh.consume(t.text());
        } else {
          try (InputStream in = ((BinaryPart) p).openStream()) {
            bh.consume(in.transferTo(OutputStream.nullOutputStream()));
          }
        }
      }
    }
  }

  @Benchmark
  public long saajDecode() throws Exception {
    return saaj.decode(wireContentType, wire);
  }

  /** Counts bytes and throws them away, so that encoding is measured without copying. */
  static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
