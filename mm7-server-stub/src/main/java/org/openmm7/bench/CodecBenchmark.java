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
  private ReusableSink sink;

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
    sink = new ReusableSink(wire.length * 2 + 65536);
  }

  @Benchmark
  public int openmm7Encode(Blackhole bh) throws Exception {
    sink.reset();
    EncodedMessage e = codec.encode(Mm7Envelope.of("bench-1", Mm7Release.REL_6_MM7_1_4, submit));
    e.writeTo(sink);
    bh.consume(e.contentType());
    return sink.size;
  }

  @Benchmark
  public int saajEncode(Blackhole bh) throws Exception {
    sink.reset();
    bh.consume(saaj.encode(kind, payload, sink));
    return sink.size;
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

  /**
   * Where both encoders write: a buffer allocated once, big enough for the message, that copies
   * every byte it is given (as a socket or file write would), so neither side is charged for
   * growing it and both pay for the bytes they produce.
   */
  static final class ReusableSink extends OutputStream {
    private final byte[] buf;
    int size;

    ReusableSink(int capacity) {
      buf = new byte[capacity];
    }

    void reset() {
      size = 0;
    }

    @Override
    public void write(int b) {
      buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }
  }
}
