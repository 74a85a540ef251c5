package org.openmm7.client.internal.mime;

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
  private static final char[] HEX = "0123456789abcdef".toCharArray();

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
      int done = 0;
      while (done < into.length) {
        if (next == bytes.length) {
          random.nextBytes(bytes);
          next = 0;
        }
        int n = Math.min(into.length - done, bytes.length - next);
        System.arraycopy(bytes, next, into, done, n);
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
    byte[] b = new byte[randomBytes];
    POOL.get().take(b);
    int p = prefix.length();
    char[] c = new char[p + 2 * randomBytes + suffix.length()];
    prefix.getChars(0, p, c, 0);
    for (int i = 0; i < randomBytes; i++) {
      c[p + 2 * i] = HEX[(b[i] >> 4) & 0xf];
      c[p + 2 * i + 1] = HEX[b[i] & 0xf];
    }
    suffix.getChars(0, suffix.length(), c, p + 2 * randomBytes);
    return new String(c);
  }
}
