package org.openmm7.client.internal.mime;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Random bytes for boundaries, Content-IDs and TransactionIDs from a per-thread DRBG
 * (NIST SP 800-90A, seeded once per thread by the JDK). The default SecureRandom (NativePRNG)
 * reads /dev/urandom under one global lock on every call: with three ids per request that was
 * about a tenth of encoding a small message, and a point of contention between threads.
 */
public final class RandomIds {
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(RandomIds::newRandom);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RandomIds() {}

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom(); // a JDK without DRBG: the default, slower but as good
    }
  }

  /** {@code n} random bytes. */
  public static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.get().nextBytes(b);
    return b;
  }

  /** 128 random bits as 32 lower-case hex digits. */
  public static String hex128() {
    byte[] b = bytes(16);
    char[] c = new char[32];
    for (int i = 0; i < 16; i++) {
      c[2 * i] = HEX[(b[i] >> 4) & 0xf];
      c[2 * i + 1] = HEX[b[i] & 0xf];
    }
    return new String(c);
  }
}
