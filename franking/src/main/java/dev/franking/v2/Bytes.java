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

    /**
     * {@code value} itself, which must be exactly {@code length} bytes: for an array this package
     * has just made (decoded, hashed) and hands to nobody else, so a copy would only cost.
     */
    static byte[] owned(byte[] value, int length, FailureCode code, String what) {
        if (value == null || value.length != length) {
            throw new LimitException(code, what + " must be " + length + " bytes");
        }
        return value;
    }

    static boolean constantTimeEquals(byte[] a, byte[] b) {
        // MessageDigest.isEqual is constant-time in the contents since JDK 6u17
        return MessageDigest.isEqual(a, b);
    }

    /**
     * Whether {@code a[aOff, aOff + b.length)} equals {@code b}, in time that depends on the length
     * only (as {@link MessageDigest#isEqual}), without copying the range out first.
     */
    static boolean constantTimeEquals(byte[] a, int aOff, byte[] b) {
        if (aOff < 0 || a.length - aOff < b.length) {
            return false;
        }
        // eight bytes a load (a mac is four), every difference ORed in: no early exit
        long d = 0;
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            d |= (long) LONGS.get(a, aOff + i) ^ (long) LONGS.get(b, i);
        }
        for (; i < b.length; i++) {
            d |= a[aOff + i] ^ b[i];
        }
        return d == 0;
    }

    /** {@code long}s at any byte offset of a {@code byte[]} (the order does not matter here). */
    static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                    long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
