package org.openmm7.bench;

import java.util.Random;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.TextPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;

/** The three messages every benchmark case uses: about 1 KB of text, a 100 KB image, a 5 MB video. */
public enum BenchMessages {
  TEXT_1K("text-1k", "text/plain", 1024),
  IMAGE_100K("image-100k", "image/jpeg", 100 * 1024),
  VIDEO_5M("video-5m", "video/mp4", 5 * 1024 * 1024);

  private final String label;
  private final String mediaType;
  private final int size;

  BenchMessages(String label, String mediaType, int size) {
    this.label = label;
    this.mediaType = mediaType;
    this.size = size;
  }

  public String label() {
    return label;
  }

  public String mediaType() {
    return mediaType;
  }

  public int size() {
    return size;
  }

  public static BenchMessages byLabel(String label) {
    for (BenchMessages m : values()) {
      if (m.label.equals(label)) {
        return m;
      }
    }
    throw new IllegalArgumentException("no message " + label);
  }

  /** The attachment's bytes: incompressible for media, readable for text. */
  public byte[] payload() {
    byte[] b = new byte[size];
    if (this == TEXT_1K) {
      for (int i = 0; i < size; i++) {
        b[i] = (byte) ('a' + i % 26);
      }
    } else {
      new Random(size).nextBytes(b);
    }
    return b;
  }

  public MimePart content(byte[] payload) {
    if (this == TEXT_1K) {
      return TextPart.of(new String(payload, java.nio.charset.StandardCharsets.US_ASCII)).withContentId("part1@bench");
    }
    // wrap: the payload is not copied (SAAJ's setRawContentBytes does not copy it either)
    return BinaryPart.wrap(payload, mediaType).withContentId("part1@bench").withContentLocation("part1");
  }

  public SubmitRequest submit(byte[] payload) {
    return SubmitRequest.builder()
        .vaspId("bench").vasId("bench-service").senderAddress(Address.shortCode("12345"))
        .recipients(Recipients.to(Address.number("+447000000001")))
        .subject("Benchmark " + label).deliveryReport(true)
        .content(content(payload), true)
        .build();
  }
}
