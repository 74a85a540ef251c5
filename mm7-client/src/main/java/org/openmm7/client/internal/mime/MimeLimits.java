package org.openmm7.client.internal.mime;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Bounds on what {@link MimeReader} accepts, so that no input can exhaust memory or disk.
 *
 * @param maxHeaderLineLength longest physical header line, in bytes
 * @param maxHeaderCount most header lines (after unfolding) in one part
 * @param maxParts most parts in the whole tree (nested parts included)
 * @param maxDepth deepest multipart nesting (the top-level multipart is depth 1)
 * @param maxRootPartSize largest root (SOAP) part, decoded, in bytes; it is held in memory
 * @param memoryThreshold parts larger than this (decoded) are spilled to a temporary file
 * @param maxTotalSize largest HTTP body, in bytes as received ({@link Long#MAX_VALUE}: no limit)
 * @param tempDirectory where spilled parts go
 */
public record MimeLimits(
    int maxHeaderLineLength,
    int maxHeaderCount,
    int maxParts,
    int maxDepth,
    long maxRootPartSize,
    long memoryThreshold,
    long maxTotalSize,
    Path tempDirectory) {

  public MimeLimits {
    positive(maxHeaderLineLength, "maxHeaderLineLength");
    positive(maxHeaderCount, "maxHeaderCount");
    positive(maxParts, "maxParts");
    positive(maxDepth, "maxDepth");
    positive(maxRootPartSize, "maxRootPartSize");
    if (memoryThreshold < 0) {
      throw new IllegalArgumentException("memoryThreshold < 0");
    }
    if (memoryThreshold > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("memoryThreshold too large for a byte array");
    }
    if (maxRootPartSize > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxRootPartSize too large for a byte array");
    }
    positive(maxTotalSize, "maxTotalSize");
    Objects.requireNonNull(tempDirectory, "tempDirectory");
  }

  /** 8 KiB lines, 100 headers, 1000 parts, depth 8, 4 MiB root, 256 KiB in memory, 1 GiB total. */
  public static MimeLimits defaults() {
    return new MimeLimits(
        8 * 1024, 100, 1000, 8, 4L << 20, 256L << 10, 1L << 30, Path.of(System.getProperty("java.io.tmpdir")));
  }

  public MimeLimits withMaxHeaderLineLength(int v) {
    return new MimeLimits(v, maxHeaderCount, maxParts, maxDepth, maxRootPartSize, memoryThreshold, maxTotalSize, tempDirectory);
  }

  public MimeLimits withMaxHeaderCount(int v) {
    return new MimeLimits(maxHeaderLineLength, v, maxParts, maxDepth, maxRootPartSize, memoryThreshold, maxTotalSize, tempDirectory);
  }

  public MimeLimits withMaxParts(int v) {
    return new MimeLimits(maxHeaderLineLength, maxHeaderCount, v, maxDepth, maxRootPartSize, memoryThreshold, maxTotalSize, tempDirectory);
  }

  public MimeLimits withMaxDepth(int v) {
    return new MimeLimits(maxHeaderLineLength, maxHeaderCount, maxParts, v, maxRootPartSize, memoryThreshold, maxTotalSize, tempDirectory);
  }

  public MimeLimits withMaxRootPartSize(long v) {
    return new MimeLimits(maxHeaderLineLength, maxHeaderCount, maxParts, maxDepth, v, memoryThreshold, maxTotalSize, tempDirectory);
  }

  public MimeLimits withMemoryThreshold(long v) {
    return new MimeLimits(maxHeaderLineLength, maxHeaderCount, maxParts, maxDepth, maxRootPartSize, v, maxTotalSize, tempDirectory);
  }

  public MimeLimits withMaxTotalSize(long v) {
    return new MimeLimits(maxHeaderLineLength, maxHeaderCount, maxParts, maxDepth, maxRootPartSize, memoryThreshold, v, tempDirectory);
  }

  public MimeLimits withTempDirectory(Path v) {
    return new MimeLimits(maxHeaderLineLength, maxHeaderCount, maxParts, maxDepth, maxRootPartSize, memoryThreshold, maxTotalSize, v);
  }

  private static void positive(long v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
