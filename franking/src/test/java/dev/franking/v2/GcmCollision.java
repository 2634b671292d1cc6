package dev.franking.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM multi-key collisions ("invisible salamanders", Dodis, Grubbs, Ristenpart and Woodage,
 * CRYPTO 2018) by hand on the JDK's raw AES: one {@code ciphertext || tag} that GCM accepts under
 * two keys. Copied from v1's {@code InvisibleSalamandersTest}, which goes away with v1.
 */
final class GcmCollision {
    private GcmCollision() {}

    // ---- GF(2^128) in GCM's bit order (NIST SP 800-38D §6.3): bit 0 is the MSB of byte 0 ----

    /**
     * A field element as two big-endian longs: {@code hi} holds bytes 0..7, {@code lo} bytes 8..15.
     */
    record Gf(long hi, long lo) {
        static final Gf ZERO = new Gf(0, 0);

        /** The multiplicative identity: x^0 is the leftmost bit. */
        static final Gf ONE = new Gf(0x8000000000000000L, 0);

        static Gf of(byte[] b, int off) {
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (b[off + i] & 0xff);
                lo = (lo << 8) | (b[off + 8 + i] & 0xff);
            }
            return new Gf(hi, lo);
        }

        static Gf of(byte[] b) {
            return of(b, 0);
        }

        byte[] bytes() {
            byte[] out = new byte[16];
            for (int i = 0; i < 8; i++) {
                out[i] = (byte) (hi >>> (56 - 8 * i));
                out[8 + i] = (byte) (lo >>> (56 - 8 * i));
            }
            return out;
        }

        Gf xor(Gf o) {
            return new Gf(hi ^ o.hi, lo ^ o.lo);
        }

        /** Algorithm 1 of SP 800-38D: shift right, reduce by R = 11100001 || 0^120. */
        Gf mul(Gf y) {
            long zh = 0;
            long zl = 0;
            long vh = y.hi;
            long vl = y.lo;
            for (int i = 0; i < 128; i++) {
                long bit = i < 64 ? (hi >>> (63 - i)) & 1 : (lo >>> (127 - i)) & 1;
                if (bit == 1) {
                    zh ^= vh;
                    zl ^= vl;
                }
                boolean lsb = (vl & 1) == 1;
                vl = (vl >>> 1) | (vh << 63);
                vh >>>= 1;
                if (lsb) {
                    vh ^= 0xE100000000000000L;
                }
            }
            return new Gf(zh, zl);
        }

        Gf pow(int e) {
            Gf r = ONE;
            for (int i = 0; i < e; i++) {
                r = r.mul(this);
            }
            return r;
        }

        /** a^(2^128 - 2) = a^-1: the product of a^(2^i) for i = 1..127. */
        Gf inverse() {
            if (equals(ZERO)) {
                throw new ArithmeticException("zero has no inverse");
            }
            Gf x = this;
            Gf r = ONE;
            for (int i = 1; i < 128; i++) {
                x = x.mul(x);
                r = r.mul(x);
            }
            return r;
        }
    }

    // ---- AES-GCM by hand, on the JDK's raw AES block cipher ----

    private static byte[] aesBlock(byte[] key, byte[] block) throws GeneralSecurityException {
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        return ecb.doFinal(block);
    }

    /** {@code J0 = nonce || 0^31 || 1} for a 12-byte nonce, then {@code inc32} i times. */
    private static byte[] counter(byte[] nonce, int i) {
        byte[] b = Arrays.copyOf(nonce, 16);
        int c = 1 + i;
        b[12] = (byte) (c >>> 24);
        b[13] = (byte) (c >>> 16);
        b[14] = (byte) (c >>> 8);
        b[15] = (byte) c;
        return b;
    }

    /** The GHASH input blocks: A padded, C padded, then {@code u64(bitlen A) || u64(bitlen C)}. */
    private static List<Gf> ghashBlocks(byte[] aad, byte[] ct) {
        List<Gf> x = new ArrayList<>();
        for (byte[] part : new byte[][] {aad, ct}) {
            for (int off = 0; off < part.length; off += 16) {
                x.add(
                        Gf.of(
                                Arrays.copyOf(
                                        Arrays.copyOfRange(
                                                part, off, Math.min(part.length, off + 16)),
                                        16)));
            }
        }
        x.add(new Gf(8L * aad.length, 8L * ct.length));
        return x;
    }

    /** {@code GHASH_H(X) = X_1 H^m xor X_2 H^(m-1) xor ... xor X_m H}. */
    private static Gf ghash(Gf h, List<Gf> x) {
        Gf y = Gf.ZERO;
        for (Gf xi : x) {
            y = y.xor(xi).mul(h);
        }
        return y;
    }

    private static byte[] tag(byte[] key, byte[] nonce, byte[] aad, byte[] ct)
            throws GeneralSecurityException {
        Gf h = Gf.of(aesBlock(key, new byte[16]));
        Gf ekj0 = Gf.of(aesBlock(key, counter(nonce, 0)));
        return ghash(h, ghashBlocks(aad, ct)).xor(ekj0).bytes();
    }

    private static byte[] keystream(byte[] key, byte[] nonce, int blocks)
            throws GeneralSecurityException {
        byte[] ks = new byte[16 * blocks];
        for (int i = 0; i < blocks; i++) {
            System.arraycopy(aesBlock(key, counter(nonce, i + 1)), 0, ks, 16 * i, 16);
        }
        return ks;
    }

    /**
     * One {@code ciphertext || tag}, with associated data {@code aad} and 12-byte {@code nonce},
     * that AES-GCM accepts under both {@code k1} and {@code k2}: every block is the encryption
     * under {@code k1} of {@code chosen}, except block {@code free}, which is solved for so that
     * the two tags agree:
     *
     * <pre>
     * GHASH_H1(A, C) xor E_K1(J0) = GHASH_H2(A, C) xor E_K2(J0)
     * C_free * (H1^e xor H2^e) = GHASH_H1(A, C|C_free=0) xor GHASH_H2(A, C|C_free=0) xor E_K1(J0) xor E_K2(J0)
     * </pre>
     *
     * where {@code e} is the power of H that multiplies block {@code free} (GHASH is linear in its
     * input).
     */
    static byte[] collide(byte[] k1, byte[] k2, byte[] nonce, byte[] aad, byte[] chosen, int free)
            throws GeneralSecurityException {
        assertThat(chosen.length % 16).isZero();
        int n = chosen.length / 16;
        byte[] ct = chosen.clone();
        byte[] ks1 = keystream(k1, nonce, n);
        for (int i = 0; i < ct.length; i++) {
            ct[i] ^= ks1[i];
        }
        Arrays.fill(ct, 16 * free, 16 * free + 16, (byte) 0);

        Gf h1 = Gf.of(aesBlock(k1, new byte[16]));
        Gf h2 = Gf.of(aesBlock(k2, new byte[16]));
        Gf e1 = Gf.of(aesBlock(k1, counter(nonce, 0)));
        Gf e2 = Gf.of(aesBlock(k2, counter(nonce, 0)));
        List<Gf> x = ghashBlocks(aad, ct);
        int m = x.size();
        int pos =
                (aad.length + 15) / 16
                        + free; // 0-based position of the free block among the GHASH blocks
        int e = m - pos;
        Gf rhs = ghash(h1, x).xor(ghash(h2, x)).xor(e1).xor(e2);
        Gf coeff = h1.pow(e).xor(h2.pow(e));
        Gf cFree = rhs.mul(coeff.inverse());
        System.arraycopy(cFree.bytes(), 0, ct, 16 * free, 16);

        byte[] t1 = tag(k1, nonce, aad, ct);
        assertThat(tag(k2, nonce, aad, ct)).as("the two tags agree").isEqualTo(t1);
        byte[] out = Arrays.copyOf(ct, ct.length + 16);
        System.arraycopy(t1, 0, out, ct.length, 16);
        return out;
    }

    static byte[] jdkDecrypt(byte[] key, byte[] nonce, byte[] aad, byte[] sealed)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        return c.doFinal(sealed);
    }
}
