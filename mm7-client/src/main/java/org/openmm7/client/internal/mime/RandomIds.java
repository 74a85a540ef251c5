package org.openmm7.client.internal.mime;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Random bytes for boundaries, Content-IDs and TransactionIDs from a per-thread DRBG
 * (NIST SP 800-90A, seeded once per thread by the JDK), drawn 1 KiB at a time. The default
 * SecureRandom (NativePRNG) reads /dev/urandom under one global lock on every call: with three
 * ids per request that was about a tenth of encoding a small message, and a point of contention
 * between threads; a DRBG call per id still cost a SHA-256 compression each.
 */
public final class RandomIds {
  private static final ThreadLocal<Pool> POOL = ThreadLocal.withInitial(Pool::new);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private RandomIds() {}

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom(); // a JDK without DRBG: the default, slower but as good
    }
  }

  /** One thread's random bytes, handed out once each. */
  private static final class Pool {
    final SecureRandom random = newRandom();
    final byte[] bytes = new byte[1024];
    int next = bytes.length;

    void take(byte[] into) {
      take(into, 0, into.length);
    }

    void take(byte[] into, int offset, int length) {
      int done = 0;
      while (done < length) {
        if (next == bytes.length) {
          random.nextBytes(bytes);
          next = 0;
        }
        int n = Math.min(length - done, bytes.length - next);
        System.arraycopy(bytes, next, into, offset + done, n);
        java.util.Arrays.fill(bytes, next, next + n, (byte) 0); // never handed out twice
        next += n;
        done += n;
      }
    }
  }

  /** {@code n} random bytes. */
  public static byte[] bytes(int n) {
    byte[] b = new byte[n];
    POOL.get().take(b);
    return b;
  }

  /** 128 random bits as 32 lower-case hex digits. */
  public static String hex128() {
    return hex("", 16, "");
  }

  /**
   * {@code prefix}, {@code randomBytes} random bytes as lower-case hex digits, {@code suffix}: one
   * string made at once (a boundary or a Content-ID per message, without the pieces' strings).
   */
  public static String hex(String prefix, int randomBytes, String suffix) {
    if (!isAscii(prefix) || !isAscii(suffix)) {
      return prefix + hex("", randomBytes, "") + suffix;
    }
    int p = prefix.length();
    int s = suffix.length();
    // one array of the ids' ASCII, the random bytes drawn into its tail and spelled out from the
    // front (the writes stay behind the reads), then one Latin-1 String: no char[] to compress
    byte[] c = new byte[p + 2 * randomBytes + s];
    int tail = c.length - randomBytes;
    POOL.get().take(c, tail, randomBytes);
    for (int i = 0; i < p; i++) {
      c[i] = (byte) prefix.charAt(i);
    }
    for (int i = 0; i < randomBytes; i++) {
      byte b = c[tail + i];
      c[p + 2 * i] = HEX[(b >> 4) & 0xf];
      c[p + 2 * i + 1] = HEX[b & 0xf];
    }
    for (int i = 0; i < s; i++) {
      c[p + 2 * randomBytes + i] = (byte) suffix.charAt(i);
    }
    return new String(c, StandardCharsets.ISO_8859_1);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
