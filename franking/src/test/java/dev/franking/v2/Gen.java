package dev.franking.v2;

import java.util.Random;

/**
 * Generators shared by the property tests, from a seeded {@link Random}: ids including any Unicode,
 * bodies, bytes. Like a property-testing library's generators, they favour edge values (empty, one
 * element, the extremes) besides uniform ones.
 */
final class Gen {
    private Gen() {}

    /** Any Unicode scalar value (every code point but the surrogates), mostly printable ASCII. */
    public static int codePoint(Random r) {
        if (r.nextInt(4) < 3) {
            return 0x20 + r.nextInt(0x5f);
        }
        int cp;
        do {
            cp = r.nextInt(0x110000);
        } while (!scalar(cp));
        return cp;
    }

    public static boolean scalar(int cp) {
        return cp < 0xD800 || cp > 0xDFFF;
    }

    /** A length in {@code [min, max]}, the bounds more often than uniform. */
    public static int size(Random r, int min, int max) {
        return switch (r.nextInt(10)) {
            case 0 -> min;
            case 1 -> max;
            default -> min + r.nextInt(max - min + 1);
        };
    }

    /** A string of {@code min..max} scalar values; at most 4 bytes each in UTF-8. */
    public static String text(Random r, int minCodePoints, int maxCodePoints) {
        int n = size(r, minCodePoints, maxCodePoints);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(codePoint(r));
        }
        return sb.toString();
    }

    /** Identifiers of 1..40 code points: at most 160 bytes, so changing one keeps them valid. */
    public static String id(Random r) {
        return text(r, 1, 40);
    }

    public static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    public static byte[] body(Random r) {
        return bytes(r, size(r, 0, 2000));
    }

    /** 0..max, with 0, 1 and max more often than uniform. */
    public static long nonNegative(Random r, long max) {
        return switch (r.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> max;
            default -> (r.nextLong() & Long.MAX_VALUE) % max;
        };
    }

    /** {@code s} with one code point replaced by a different scalar value. */
    public static String replaceOneCodePoint(String s, Random r) {
        int[] cps = s.codePoints().toArray();
        int i = r.nextInt(cps.length);
        int cp;
        do {
            cp = r.nextBoolean() ? 0x20 + r.nextInt(0x5f) : r.nextInt(0x110000);
        } while (!scalar(cp) || cp == cps[i]);
        cps[i] = cp;
        return new String(cps, 0, cps.length);
    }

    /** {@code b} with one byte changed to a different value. */
    public static byte[] changeOneByte(byte[] b, Random r) {
        byte[] out = b.clone();
        out[r.nextInt(out.length)] ^= (byte) (1 + r.nextInt(255));
        return out;
    }

    /** {@code v} with one of its eight big-endian bytes changed to a different value. */
    public static long changeOneByte(long v, Random r) {
        return v ^ ((long) (1 + r.nextInt(255)) << (8 * r.nextInt(8)));
    }

    public static byte[] flipBit(byte[] b, int bit) {
        byte[] out = b.clone();
        out[bit / 8] ^= (byte) (1 << (bit % 8));
        return out;
    }
}
