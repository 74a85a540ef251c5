package org.openmm7.client.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.ContentSource;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.message.Mm7Message;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.client.message.SubmitRequest;
import org.openmm7.schema.Mm7Release;

/** {@link EncodedMessage#toByteArray()}: what {@link EncodedMessage#writeTo} writes, in an array of the exact size. */
class EncodedMessageBytesTest {
  private static final Mm7Codec CODEC = Mm7Codec.lenient();

  @Test
  void isWhatWriteToWritesForEveryOperationWithAndWithoutContent() throws Exception {
    for (Mm7Release release : Mm7Release.values()) {
      for (Mm7Message m : SampleMessages.all(release)) {
        EncodedMessage e = CODEC.encode(Mm7Envelope.of("tx-1", release, m));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.writeTo(out);
        byte[] bytes = e.toByteArray();
        assertArrayEquals(out.toByteArray(), bytes, release + " " + m.operation());
        assertEquals(e.contentLength(), bytes.length);
      }
    }
  }

  @Test
  void aBodyOfUnknownLengthIsWholeToo() throws Exception {
    byte[] data = new byte[70_000];
    new java.util.Random(1).nextBytes(data);
    EncodedMessage e = CODEC.encode(Mm7Envelope.of("tx-1", Mm7Release.REL_6_MM7_1_4,
        submit(BinaryPart.ofStream(() -> new ByteArrayInputStream(data), "image/jpeg"))));
    assertEquals(-1, e.contentLength());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    assertArrayEquals(out.toByteArray(), e.toByteArray());
  }

  @Test
  void aSourceThatYieldsOtherThanItsDeclaredSizeFails() throws Exception {
    for (int yields : new int[] {99, 101}) {
      ContentSource lying = new ContentSource() {
        @Override
        public ByteArrayInputStream open() {
          return new ByteArrayInputStream(new byte[yields]);
        }

        @Override
        public OptionalLong size() {
          return OptionalLong.of(100);
        }
      };
      EncodedMessage e = CODEC.encode(Mm7Envelope.of("tx-1", Mm7Release.REL_6_MM7_1_4,
          submit(BinaryPart.ofStream(lying, "image/jpeg"))));
      assertThrows(IOException.class, e::toByteArray, "yields " + yields);
    }
  }

  private static Mm7Message submit(MimePart content) {
    return ((SubmitRequest) SampleMessages.of(Mm7Operation.SUBMIT_REQ, Mm7Release.REL_6_MM7_1_4)).toBuilder()
        .content(content).build();
  }
}
