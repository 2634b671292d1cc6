package dev.franking.v2;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 on the JDK's provider (SHA extensions / AVX2 intrinsics). One digest per thread, because
 * {@code MessageDigest.getInstance} costs more than hashing a short input.
 */
final class Sha256 {
    private static final ThreadLocal<MessageDigest> MD = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {}

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** {@code H(x)} */
    static byte[] hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    static byte[] hash(byte[] data, int off, int len) {
        MessageDigest md = MD.get();
        md.reset(); // a no-op unless a bad argument once left it half-fed
        md.update(data, off, len);
        return md.digest();
    }
}
