package dev.franking.v2;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) with the keyed inner and outer hash states computed once per key, as
 * OpenSSL does. The JDK's {@code javax.crypto.Mac} re-absorbs the padded key into both hashes on
 * every message: two of the five SHA-256 blocks of a {@code stamp_input}, which is why v1's stamp
 * reached only 0.66–0.73× of OpenSSL. Here a MAC is two clones of prepared {@code MessageDigest}s
 * (the JDK's intrinsic SHA-256, state and buffered bytes copied) and the three remaining blocks.
 *
 * <p>A constant {@code prefix} may be absorbed into the prepared inner state as well (the stamp's
 * label and kid): it is buffered by the digest, so a prefix shorter than a block costs nothing per
 * message. Instances are immutable after construction and safe to share between threads: {@code
 * clone()} only reads the prepared digests. The result equals {@code javax.crypto.Mac}'s HmacSHA256
 * of {@code prefix || data}, which the tests check, Wycheproof's vectors included.
 */
final class HmacSha256 {
    private static final int BLOCK = 64;

    private final MessageDigest inner;
    private final MessageDigest outer;

    HmacSha256(byte[] key, byte[] prefix) {
        byte[] k = key.length > BLOCK ? Sha256.newDigest().digest(key) : key;
        byte[] ipad = new byte[BLOCK];
        byte[] opad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
        inner = Sha256.newDigest();
        inner.update(ipad);
        inner.update(prefix);
        outer = Sha256.newDigest();
        outer.update(opad);
        Arrays.fill(ipad, (byte) 0);
        Arrays.fill(opad, (byte) 0);
        if (k != key) {
            Arrays.fill(k, (byte) 0);
        }
    }

    HmacSha256(byte[] key) {
        this(key, new byte[0]);
    }

    /** {@code HMAC(key, prefix || data[off, off+len))} into {@code out[outOff, outOff+32)}. */
    void mac(byte[] data, int off, int len, byte[] out, int outOff) {
        try {
            MessageDigest i = (MessageDigest) inner.clone();
            i.update(data, off, len);
            i.digest(out, outOff, Limits.HASH_BYTES);
            MessageDigest o = (MessageDigest) outer.clone();
            o.update(out, outOff, Limits.HASH_BYTES);
            o.digest(out, outOff, Limits.HASH_BYTES);
        } catch (CloneNotSupportedException | DigestException e) {
            // the JDK's SHA-256 supports both; a provider that does not is a configuration error
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
    }

    byte[] mac(byte[] data) {
        byte[] out = new byte[Limits.HASH_BYTES];
        mac(data, 0, data.length, out, 0);
        return out;
    }

    /** One-shot {@code HMAC(key, data)}, for a key used once (a franking key). */
    static byte[] mac(byte[] key, byte[] data, int off, int len) {
        // a fresh key costs its two padded blocks whichever way: the per-thread digest saves the
        // clones and the getInstance
        byte[] out = new byte[Limits.HASH_BYTES];
        Scratch s = Scratch.get();
        byte[] k = key.length > BLOCK ? Sha256.newDigest().digest(key) : key;
        try {
            s.md.reset(); // a no-op unless a bad argument once left it half-fed
            pad(k, 0x36, s.pad);
            s.md.update(s.pad, 0, BLOCK);
            s.md.update(data, off, len);
            outer(s, k, out, 0);
        } finally {
            wipe(s.pad, s.pad.length);
            if (k != key) {
                Arrays.fill(k, (byte) 0);
            }
        }
        return out;
    }

    /**
     * One-shot {@code HMAC(key, buf[BLOCK, BLOCK + len))} into {@code out[outOff, outOff + 32)},
     * where {@code buf[0, BLOCK)} is free: the padded key is written there, so that the inner hash
     * is one update of {@code key ^ ipad || data} (the commitment of §1, whose {@code
     * content_bytes} the caller wrote after the free block). {@code buf[0, BLOCK)} is zeroed after.
     */
    static void macAfterPadBlock(
            Scratch s, byte[] key, byte[] buf, int len, byte[] out, int outOff) {
        byte[] k = key.length > BLOCK ? Sha256.newDigest().digest(key) : key;
        try {
            s.md.reset();
            pad(k, 0x36, buf);
            s.md.update(buf, 0, BLOCK + len);
            outer(s, k, out, outOff);
        } finally {
            wipe(buf, BLOCK);
            wipe(s.pad, s.pad.length);
            if (k != key) {
                Arrays.fill(k, (byte) 0);
            }
        }
    }

    /** A block of each pad byte, and of zeros: copied, not filled byte by byte. */
    private static final byte[] IPAD = filled(0x36);

    private static final byte[] OPAD = filled(0x5c);
    private static final byte[] ZEROS = new byte[BLOCK + Limits.HASH_BYTES];

    private static byte[] filled(int b) {
        byte[] a = new byte[BLOCK];
        Arrays.fill(a, (byte) b);
        return a;
    }

    /** {@code key ^ pad} into {@code dst[0, BLOCK)}. */
    private static void pad(byte[] k, int pad, byte[] dst) {
        // the pad block copied, then the key XORed into its start: a copy and a loop without a
        // branch, where small Arrays.fill calls were a visible part of a verification's profile
        System.arraycopy(pad == 0x36 ? IPAD : OPAD, 0, dst, 0, BLOCK);
        int i = 0;
        // eight bytes a step (a 32-byte key is four), then any rest byte by byte
        for (; i + 8 <= k.length; i += 8) {
            Bytes.LONGS.set(dst, i, (long) Bytes.LONGS.get(dst, i) ^ (long) Bytes.LONGS.get(k, i));
        }
        for (; i < k.length; i++) {
            dst[i] ^= k[i];
        }
    }

    /** Zeroes {@code b[0, n)}. */
    private static void wipe(byte[] b, int n) {
        System.arraycopy(ZEROS, 0, b, 0, n);
    }

    /**
     * Ends the inner hash that {@code s.md} holds ({@code key ^ ipad || data}) and computes the
     * outer one, {@code H(key ^ opad || inner)}, into {@code out[outOff, outOff + 32)}: one buffer,
     * one update.
     */
    private static void outer(Scratch s, byte[] k, byte[] out, int outOff) {
        try {
            s.md.digest(s.pad, BLOCK, Limits.HASH_BYTES);
            pad(k, 0x5c, s.pad);
            s.md.update(s.pad, 0, BLOCK + Limits.HASH_BYTES);
            s.md.digest(out, outOff, Limits.HASH_BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest refused a 32-byte output", e);
        }
    }
}
