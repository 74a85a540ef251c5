package org.openmm7.client.internal.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmm7.client.codec.Findings;
import org.openmm7.client.codec.Mm7DecodeException;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.ContentType;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;

/** Parts above the memory threshold read from a stream stay in memory while the budget has room. */
class MemoryBudgetTest {
  private static final String SOAP = "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"/>";

  @TempDir Path temp;

  private MimeLimits limits() {
    return MimeLimits.defaults().withTempDirectory(temp);
  }

  private static byte[] payload(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private record Body(String type, byte[] bytes) {}

  private static Body body(MimePart... parts) throws IOException {
    EncodedPart body = EncodedPart.related(
        EncodedPart.ofBytes(ContentType.parse("text/xml; charset=utf-8"), "soap@x", SOAP.getBytes(StandardCharsets.UTF_8)),
        EncodedPart.of(parts.length == 1 ? parts[0] : Multipart.mixed(List.of(parts))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.writeBodyTo(out);
    return new Body(body.contentType().toString(), out.toByteArray());
  }

  private static List<MimePart> leaves(ParsedBody p) {
    MimePart c = p.attachments().get(0);
    return c instanceof Multipart m ? m.leaves() : List.of(c);
  }

  @Test
  void aPartThatFitsStaysInMemoryUntilClose() throws IOException {
    byte[] video = payload(3_000_000);
    Body b = body(BinaryPart.wrap(video, "video/mp4"));
    MemoryBudget budget = MemoryBudget.of(8 << 20);
    ParsedBody p = MimeReader.read(b.type(), new ByteArrayInputStream(b.bytes()), limits(), budget, new Findings());
    try (p) {
      assertEquals(List.of(), p.temporaryFiles());
      assertTrue(budget.available() <= (8 << 20) - video.length, "taken: " + budget.available());
      BinaryPart part = assertInstanceOf(BinaryPart.class, leaves(p).get(0));
      assertEquals(video.length, part.size().orElseThrow());
      assertArrayEquals(video, part.bytes());
      try (InputStream in = part.openStream()) {
        assertEquals(100, in.skip(100));
        assertEquals(video[100] & 0xff, in.read());
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        in.transferTo(rest);
        assertArrayEquals(Arrays.copyOfRange(video, 101, video.length), rest.toByteArray());
      }
    }
    assertEquals(8 << 20, budget.available(), "given back at close");
  }

  @Test
  void whatDoesNotFitGoesToAFileAndTakesNothing() throws IOException {
    byte[] small = payload(1_500_000);
    byte[] large = payload(5_000_000);
    Body b = body(BinaryPart.wrap(small, "image/png"), BinaryPart.wrap(large, "video/mp4"));
    MemoryBudget budget = MemoryBudget.of(4 << 20);
    try (ParsedBody p = MimeReader.read(b.type(), new ByteArrayInputStream(b.bytes()), limits(), budget, new Findings())) {
      assertEquals(1, p.temporaryFiles().size(), "the second part did not fit beside the first");
      List<MimePart> leaves = leaves(p);
      assertArrayEquals(small, ((BinaryPart) leaves.get(0)).bytes());
      assertArrayEquals(large, ((BinaryPart) leaves.get(1)).bytes());
      assertTrue(budget.available() > (4 << 20) - 3_000_000, "only the first part holds the budget");
    }
    assertEquals(4 << 20, budget.available());
  }

  @Test
  void noBudgetSpillsAsBefore() throws IOException {
    Body b = body(BinaryPart.wrap(payload(300_000), "image/png"));
    try (ParsedBody p = MimeReader.read(b.type(), new ByteArrayInputStream(b.bytes()), limits(), new Findings())) {
      assertEquals(1, p.temporaryFiles().size());
    }
  }

  @Test
  void aFailedReadGivesTheBudgetBack() throws IOException {
    Body b = body(BinaryPart.wrap(payload(2_000_000), "video/mp4"));
    byte[] truncated = Arrays.copyOf(b.bytes(), b.bytes().length - 10);
    MemoryBudget budget = MemoryBudget.of(8 << 20);
    assertThrows(Mm7DecodeException.class, () -> MimeReader.read(
        b.type(), new ByteArrayInputStream(truncated), limits(), budget, new Findings()).close());
    assertEquals(8 << 20, budget.available());
  }

  @Test
  void theSharedBudgetIsASixteenthOfTheHeapAtMost64MiB() {
    assertEquals(4 << 20, MemoryBudget.defaultSize(64L << 20));
    assertEquals(64 << 20, MemoryBudget.defaultSize(8L << 30));
  }
}
