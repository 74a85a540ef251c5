package org.openmm7.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * against SAAJ doing the same job.
 *
 * <p>Encode builds the message from the same fields and payload array on both sides and writes
 * it to a sink: {@code *Encode} to one that takes what it is given without copying it (the codec's
 * own work), {@code *EncodeCopy} to one that copies every byte into a buffer (as a socket or file
 * write would: the transport's cost, the same for any encoder, included).
 *
 * <p>Decode reads the fields the model has and every attachment byte, both sides through the same
 * {@link #readAll} into a 64 KiB buffer. {@code openmm7Decode} uses the entry for a body already in
 * memory ({@link Mm7Codec#decode(String, byte[])}); {@code openmm7DecodeStream} the stream entry
 * over the same bytes; SAAJ has only a stream entry ({@code saajDecode}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
  @Param({"text-1k", "image-100k", "video-5m"})
  public String message;

  private BenchMessages kind;
  private byte[] payload;
  private final Mm7Codec codec = Mm7Codec.lenient();
  private final SaajCodec saaj = new SaajCodec();
  private String wireContentType;
  private byte[] wire;
  private CopyingSink copyingSink;
  private final PassingSink passingSink = new PassingSink();
  private final byte[] readBuffer = new byte[64 * 1024];

  @Setup
  public void setUp() throws Exception {
    kind = BenchMessages.byLabel(message);
    payload = kind.payload();
    EncodedMessage e = codec.encode(Mm7Envelope.of("bench-1", Mm7Release.REL_6_MM7_1_4, kind.submit(payload)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    wire = out.toByteArray();
    wireContentType = e.contentType();
    copyingSink = new CopyingSink(wire.length * 2 + 65536);
  }

  private String encode(OutputStream sink) throws Exception {
    EncodedMessage e = codec.encode(Mm7Envelope.of("bench-1", Mm7Release.REL_6_MM7_1_4, kind.submit(payload)));
    e.writeTo(sink);
    return e.contentType();
  }

  @Benchmark
  public long openmm7Encode(Blackhole bh) throws Exception {
    passingSink.start(bh);
    bh.consume(encode(passingSink));
    return passingSink.size;
  }

  @Benchmark
  public long saajEncode(Blackhole bh) throws Exception {
    passingSink.start(bh);
    bh.consume(saaj.encode(kind, payload, passingSink));
    return passingSink.size;
  }

  @Benchmark
  public int openmm7EncodeCopy(Blackhole bh) throws Exception {
    copyingSink.reset();
    bh.consume(encode(copyingSink));
    return copyingSink.size;
  }

  @Benchmark
  public int saajEncodeCopy(Blackhole bh) throws Exception {
    copyingSink.reset();
    bh.consume(saaj.encode(kind, payload, copyingSink));
    return copyingSink.size;
  }

  @Benchmark
  public long openmm7Decode(Blackhole bh) throws Exception {
    try (DecodedMessage d = codec.decode(wireContentType, wire)) {
      return read(d, bh);
    }
  }

  @Benchmark
  public long openmm7DecodeStream(Blackhole bh) throws Exception {
    try (DecodedMessage d = codec.decode(wireContentType, new ByteArrayInputStream(wire))) {
      return read(d, bh);
    }
  }

  @Benchmark
  public long saajDecode() throws Exception {
    return saaj.decode(wireContentType, new ByteArrayInputStream(wire), readBuffer);
  }

  /** The fields SaajCodec reads, and every attachment byte. */
  private long read(DecodedMessage d, Blackhole bh) throws Exception {
    SubmitRequest s = (SubmitRequest) d.message();
    bh.consume(s.subject());
    bh.consume(s.recipients());
    bh.consume(d.transactionId());
    long sum = 0;
    for (MimePart p : d.leafParts()) {
      if (p instanceof TextPart t) {
        bh.consume(t.text()); // decoded to text by the codec already
      } else {
        try (InputStream in = ((BinaryPart) p).openStream()) {
          sum += readAll(in, readBuffer);
        }
      }
    }
    return sum;
  }

  /** How both sides read an attachment: every byte into the buffer, as a consumer would. */
  static long readAll(InputStream in, byte[] buffer) throws IOException {
    long n = 0;
    for (int r; (r = in.read(buffer)) >= 0; ) {
      n += r;
    }
    return n;
  }

  /**
   * The codec's own figure: a sink that takes every array it is given without copying it (hands
   * it to the Blackhole and counts its length), for both sides.
   */
  static final class PassingSink extends OutputStream {
    private Blackhole bh;
    long size;

    void start(Blackhole blackhole) {
      bh = blackhole;
      size = 0;
    }

    @Override
    public void write(int b) {
      bh.consume(b);
      size++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bh.consume(b);
      size += len;
    }
  }

  /**
   * The figure that includes the transport's cost: a buffer allocated once, big enough for the
   * message, that copies every byte it is given (as a socket or file write would), so neither
   * side is charged for growing it and both pay for the bytes they produce.
   */
  static final class CopyingSink extends OutputStream {
    private final byte[] buf;
    int size;

    CopyingSink(int capacity) {
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
