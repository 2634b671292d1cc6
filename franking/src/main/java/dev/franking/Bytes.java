package dev.franking;

import java.security.MessageDigest;

/** Small helpers shared by the typed byte values. */
final class Bytes {
    private Bytes() {}

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

    static int hash(byte[] a) {
        // public values only; secrets hash to a constant so that hashing cannot leak them
        return java.util.Arrays.hashCode(a);
    }
}
