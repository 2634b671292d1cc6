package dev.franking.v2;

import java.security.MessageDigest;

/** Small helpers shared by the typed byte values. */
final class Bytes {
    private Bytes() {}

    /** A copy of {@code value}, which must be exactly {@code length} bytes. */
    static byte[] exact(byte[] value, int length, FailureCode code, String what) {
        if (value == null || value.length != length) {
            throw new LimitException(code, what + " must be " + length + " bytes");
        }
        return value.clone();
    }

    static boolean constantTimeEquals(byte[] a, byte[] b) {
        // MessageDigest.isEqual is constant-time in the contents since JDK 6u17
        return MessageDigest.isEqual(a, b);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
