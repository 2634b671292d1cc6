package dev.franking;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators shared by the property tests: ids including any Unicode, bodies, attachment
 * descriptors.
 */
final class Gen {
    private Gen() {}

    /** Any Unicode scalar value: every code point but the surrogates. */
    static Arbitrary<Integer> codePoints() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(
                        1, Arbitraries.integers().between(0, 0x10FFFF).filter(Gen::scalar)));
    }

    static boolean scalar(int cp) {
        return cp < 0xD800 || cp > 0xDFFF;
    }

    /** A string of 1..maxCodePoints scalar values; at most 4 bytes each in UTF-8. */
    static Arbitrary<String> text(int minCodePoints, int maxCodePoints) {
        return codePoints()
                .list()
                .ofMinSize(minCodePoints)
                .ofMaxSize(maxCodePoints)
                .map(Gen::fromCodePoints);
    }

    /**
     * Identifiers of 1..40 code points: at most 160 bytes, so that changing one code point keeps
     * them valid.
     */
    static Arbitrary<String> ids() {
        return text(1, 40);
    }

    /** Content types of 0..50 code points: at most 200 bytes. */
    static Arbitrary<String> contentTypes() {
        return text(0, 50);
    }

    static Arbitrary<byte[]> bodies() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
    }

    static Arbitrary<byte[]> bytes(int n) {
        return Arbitraries.bytes().array(byte[].class).ofSize(n);
    }

    static Arbitrary<AttachmentDescriptor> attachments() {
        return Combinators.combine(
                        contentTypes(), Arbitraries.longs().between(0, Long.MAX_VALUE), bytes(32))
                .as(AttachmentDescriptor::new);
    }

    static Arbitrary<List<AttachmentDescriptor>> attachmentLists() {
        return attachments().list().ofMaxSize(4);
    }

    static Arbitrary<Long> times() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE);
    }

    static Arbitrary<MessageContent> contents() {
        return Combinators.combine(
                        ids(), ids(), ids(), times(), contentTypes(), bodies(), attachmentLists())
                .as(MessageContent::new);
    }

    static String fromCodePoints(List<Integer> cps) {
        StringBuilder sb = new StringBuilder();
        cps.forEach(sb::appendCodePoint);
        return sb.toString();
    }

    /** {@code s} with one code point replaced by a different scalar value. */
    static String replaceOneCodePoint(String s, java.util.Random r) {
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
    static byte[] changeOneByte(byte[] b, java.util.Random r) {
        byte[] out = b.clone();
        out[r.nextInt(out.length)] ^= (byte) (1 + r.nextInt(255));
        return out;
    }

    /** {@code v} with one of its eight big-endian bytes changed to a different value. */
    static long changeOneByte(long v, java.util.Random r) {
        return v ^ ((long) (1 + r.nextInt(255)) << (8 * r.nextInt(8)));
    }

    static byte[] flipBit(byte[] b, int bit) {
        byte[] out = b.clone();
        out[bit / 8] ^= (byte) (1 << (bit % 8));
        return out;
    }
}
