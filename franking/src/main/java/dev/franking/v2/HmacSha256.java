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

    /**
     * Per thread, for a key used once: a digest and a pad buffer ({@code key ^ pad} and then the
     * inner hash), so that a commitment allocates nothing but its result.
     */
    private static final ThreadLocal<OneShot> ONE_SHOT = ThreadLocal.withInitial(OneShot::new);

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
        OneShot s = ONE_SHOT.get();
        MessageDigest md = s.md;
        byte[] pad = s.pad;
        byte[] k = key.length > BLOCK ? Sha256.newDigest().digest(key) : key;
        try {
            md.reset(); // a no-op unless a bad argument once left it half-fed
            // key ^ ipad, then ipad alone: two loops without a branch, which the JIT vectorises
            for (int i = 0; i < k.length; i++) {
                pad[i] = (byte) (k[i] ^ 0x36);
            }
            Arrays.fill(pad, k.length, BLOCK, (byte) 0x36);
            md.update(pad, 0, BLOCK);
            md.update(data, off, len);
            // the outer hash's input is opad || inner hash: one buffer, one update
            md.digest(pad, BLOCK, Limits.HASH_BYTES);
            for (int i = 0; i < BLOCK; i++) {
                pad[i] ^= 0x36 ^ 0x5c;
            }
            md.update(pad, 0, BLOCK + Limits.HASH_BYTES);
            md.digest(out, 0, Limits.HASH_BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest refused a 32-byte output", e);
        } finally {
            Arrays.fill(pad, (byte) 0);
            if (k != key) {
                Arrays.fill(k, (byte) 0);
            }
        }
        return out;
    }

    private static final class OneShot {
        final MessageDigest md = Sha256.newDigest();
        final byte[] pad = new byte[BLOCK + Limits.HASH_BYTES];
    }
}
