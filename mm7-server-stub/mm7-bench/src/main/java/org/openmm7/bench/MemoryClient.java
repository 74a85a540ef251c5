package org.openmm7.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.message.Address;
import org.openmm7.client.message.Recipients;
import org.openmm7.client.message.SubmitRequest;

/**
 * Case 4's client process (run at -Xmx64m by the bench): submits one SubmitReq whose content is a
 * file of the given size, then prints one line {@code RESULT seconds=.. heapPeak=.. rss=..}.
 */
public final class MemoryClient {
  private MemoryClient() {}

  public static void main(String[] args) throws Exception {
    URI relay = URI.create(args[0]);
    Path file = Path.of(args[1]);
    long size = Long.parseLong(args[2]);
    writeFile(file, size);
    SubmitRequest submit = SubmitRequest.builder()
        .vaspId("bench").vasId("bench-service").senderAddress(Address.shortCode("12345"))
        .recipients(Recipients.to(Address.number("+447000000001")))
        .subject("Benchmark large attachment").deliveryReport(false)
        .content(BinaryPart.ofFile(file, "video/mp4").withContentId("big@bench"), true)
        .build();
    long t0 = System.nanoTime();
    try (SubmitClient client = Clients.create(relay, 1)) {
      client.submit(submit);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long heapPeak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        heapPeak += p.getPeakUsage().getUsed();
      }
    }
    System.out.println("RESULT seconds=" + seconds + " poolPeaks=" + heapPeak + " rss="
        + ProcessStats.peakRss(ProcessHandle.current().pid()));
    System.out.flush();
    System.gc(); // logs the final occupancy, in case it is the peak
  }

  /** A file of the given size, incompressible, written once and reused by later runs. */
  static void writeFile(Path file, long size) throws IOException {
    if (Files.exists(file) && Files.size(file) == size) {
      return;
    }
    byte[] block = new byte[1 << 20];
    new Random(42).nextBytes(block);
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long left = size; left > 0; ) {
        int n = (int) Math.min(block.length, left);
        block[0]++; // no two blocks alike
        out.write(block, 0, n);
        left -= n;
      }
    }
  }
}
