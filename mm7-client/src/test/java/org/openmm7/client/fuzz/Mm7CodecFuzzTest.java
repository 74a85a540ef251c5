package org.openmm7.client.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.codec.DecodedMessage;
import org.openmm7.client.codec.Mm7Codec;

/**
 * Coverage-guided fuzzing of the MIME/SOAP decoder (Jazzer). Whatever the input, decoding either
 * succeeds or fails with an {@link IOException} (every {@link Mm7Exception} is one); any other
 * exception or error is a crash. In a normal build the seeds under
 * {@code src/test/resources/org/openmm7/client/fuzz/Mm7CodecFuzzTestInputs/} are replayed; a long
 * run is documented in src/corpus/hostile/README.md.
 */
class Mm7CodecFuzzTest {
  private static final Mm7Codec CODEC = Mm7Codec.builder().maxMessageSize(1 << 20).build();

  /** {@code decode} with a fuzzed Content-Type (first line of the input) and body (the rest). */
  @FuzzTest(maxDuration = "5s")
  void decodeBody(FuzzedDataProvider data) {
    String contentType = data.consumeBoolean() ? null : data.consumeAsciiString(300);
    byte[] body = data.consumeRemainingAsBytes();
    try (DecodedMessage d = CODEC.decode(contentType, new ByteArrayInputStream(body))) {
      d.message();
      d.findings();
    } catch (IOException expected) {
      // Mm7DecodeException and the other Mm7Exceptions: typed refusals
    }
  }

  /** {@code decodeCapture}: a whole HTTP message, MIME entity or SOAP envelope. */
  @FuzzTest(maxDuration = "5s")
  void decodeCapture(byte[] capture) {
    try (DecodedMessage d = CODEC.decodeCapture(new ByteArrayInputStream(capture))) {
      d.message();
      d.findings();
    } catch (IOException expected) {
      // typed refusals
    }
  }
}
