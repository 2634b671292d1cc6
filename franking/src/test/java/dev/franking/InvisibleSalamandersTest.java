package dev.franking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The multi-key ("invisible salamanders") attack on AES-GCM of Dodis, Grubbs, Ristenpart and
 * Woodage (CRYPTO 2018) and Grubbs, Lu and Ristenpart (CRYPTO 2017): GCM's tag is a polynomial in
 * the ciphertext evaluated at {@code H = AES_K(0^128)}, so given two keys an attacker solves one
 * linear equation over GF(2^128) for one free ciphertext block and obtains one ciphertext that
 * decrypts validly under both keys, to two different plaintexts. A recipient shown one file could
 * report the other. PROTOCOL.md §6's attachment cipher stops this with {@code key_commit}.
 */
class InvisibleSalamandersTest {
    private final SecureRandom random = new SecureRandom();

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

    private static byte[] jdkDecrypt(byte[] key, byte[] nonce, byte[] aad, byte[] sealed)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        return c.doFinal(sealed);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    // ---- the field and GCM by hand agree with the JDK ----

    @Test
    void fieldArithmeticIsAField() {
        for (int i = 0; i < 20; i++) {
            Gf a = Gf.of(bytes(16));
            Gf b = Gf.of(bytes(16));
            Gf c = Gf.of(bytes(16));
            assertThat(a.mul(Gf.ONE)).isEqualTo(a);
            assertThat(a.mul(b)).isEqualTo(b.mul(a));
            assertThat(a.mul(b.xor(c))).isEqualTo(a.mul(b).xor(a.mul(c)));
            assertThat(a.mul(b).mul(c)).isEqualTo(a.mul(b.mul(c)));
            assertThat(a.mul(a.inverse())).isEqualTo(Gf.ONE);
        }
    }

    @Test
    void handMadeGcmTagMatchesTheJdk() throws GeneralSecurityException {
        for (int len : new int[] {0, 1, 16, 31, 64}) {
            byte[] key = bytes(32);
            byte[] nonce = bytes(12);
            byte[] aad = bytes(len % 20);
            byte[] sealed = Aes.encrypt(key, nonce, aad, bytes(len));
            byte[] ct = Arrays.copyOf(sealed, len);
            assertThat(tag(key, nonce, aad, ct))
                    .isEqualTo(Arrays.copyOfRange(sealed, len, len + 16));
            byte[] ks = keystream(key, nonce, (len + 15) / 16);
            byte[] pt = jdkDecrypt(key, nonce, aad, sealed);
            for (int i = 0; i < len; i++) {
                assertThat((byte) (ct[i] ^ ks[i])).isEqualTo(pt[i]);
            }
        }
    }

    // ---- the attack ----

    @Test
    void plainAesGcmOpensOneCiphertextUnderTwoKeysToTwoPlaintexts()
            throws GeneralSecurityException {
        byte[] k1 = bytes(32);
        byte[] k2 = bytes(32);
        byte[] nonce = bytes(12);
        byte[] aad = "any associated data".getBytes(StandardCharsets.US_ASCII);
        byte[] chosen =
                "The innocuous file the recipient is shown......."
                        .getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = collide(k1, k2, nonce, aad, chosen, 2);

        byte[] p1 = jdkDecrypt(k1, nonce, aad, sealed);
        byte[] p2 = jdkDecrypt(k2, nonce, aad, sealed);
        assertThat(p1).isNotEqualTo(p2);
        // the attacker chose every block under K1 but the free one
        assertThat(Arrays.copyOf(p1, 32)).isEqualTo(Arrays.copyOf(chosen, 32));
        // and the library's own Aes primitive, plain AES-GCM, is fooled the same way
        assertThat(Aes.decrypt(k1, nonce, aad, sealed, 0, sealed.length)).isEqualTo(p1);
        assertThat(Aes.decrypt(k2, nonce, aad, sealed, 0, sealed.length)).isEqualTo(p2);
    }

    /**
     * Every way an attacker holding two attachment keys K1 and K2 could wrap a GCM collision as an
     * {@code FKA1} blob. A blob carries one {@code key_commit} in its header, and {@link
     * AttachmentCipher#decrypt} derives {@code key_commit} from the key it is given (the second
     * half of HKDF-SHA256(K)) and compares it before GCM runs at all. For a blob to open under both
     * K1 and K2 the attacker would need HKDF(K1)[32..64) = HKDF(K2)[32..64): a 256-bit collision of
     * HMAC-SHA256, not a linear equation. So whatever the GCM layer accepts, at most one key, the
     * one whose {@code key_commit} the header carries, opens the blob. And the header is GCM's
     * associated data, so it cannot be swapped after the fact either.
     */
    @Test
    void fka1BlobOpensUnderAtMostOneKey() throws Exception {
        SymmetricKey k1 = SymmetricKey.generate(random);
        SymmetricKey k2 = SymmetricKey.generate(random);
        byte[] okm1 = AttachmentCipher.derive(k1);
        byte[] okm2 = AttachmentCipher.derive(k2);
        byte[] enc1 = Arrays.copyOf(okm1, 32);
        byte[] enc2 = Arrays.copyOf(okm2, 32);
        byte[] commit1 = Arrays.copyOfRange(okm1, 32, 64);
        byte[] commit2 = Arrays.copyOfRange(okm2, 32, 64);
        byte[] nonce = bytes(12);
        byte[] chosen =
                "A harmless cat picture, as far as anyone can tell."
                        .getBytes(StandardCharsets.US_ASCII);
        chosen = Arrays.copyOf(chosen, 64);

        // 1. the strongest attempt: GCM collision under the two derived enc_keys, K1's key_commit
        // in the header
        byte[] ad1 = concat(AttachmentCipher.MAGIC, commit1);
        byte[] sealed = collide(enc1, enc2, nonce, ad1, chosen, 3);
        // the GCM layer really is fooled: both enc_keys accept the ciphertext, to different
        // plaintexts
        byte[] p1 = Aes.decrypt(enc1, nonce, ad1, sealed, 0, sealed.length);
        byte[] p2 = Aes.decrypt(enc2, nonce, ad1, sealed, 0, sealed.length);
        assertThat(p1).isNotEqualTo(p2);
        byte[] blob = concat(ad1, nonce, sealed);
        assertThat(AttachmentCipher.decrypt(k1, blob)).isEqualTo(p1);
        assertThat(Arrays.copyOf(p1, 48)).isEqualTo(Arrays.copyOf(chosen, 48));
        assertRejected(k2, blob);

        // 2. the same with K2's key_commit: now K2 opens it and K1 does not
        byte[] ad2 = concat(AttachmentCipher.MAGIC, commit2);
        byte[] sealed2 = collide(enc1, enc2, nonce, ad2, chosen, 0);
        byte[] blob2 = concat(ad2, nonce, sealed2);
        assertThat(AttachmentCipher.decrypt(k2, blob2))
                .isEqualTo(Aes.decrypt(enc2, nonce, ad2, sealed2, 0, sealed2.length));
        assertRejected(k1, blob2);

        // 3. splice: the collision made with K1's header, but K2's key_commit put in its place. The
        // key
        //    commit check passes for K2, but the header is GCM's AD, so the tag no longer verifies
        //    under either key
        byte[] spliced = concat(ad2, nonce, sealed);
        assertRejected(k1, spliced);
        assertRejected(k2, spliced);

        // 4. a key_commit of neither key (zeros, or the xor of both): no key opens it
        for (byte[] commit : new byte[][] {new byte[32], xor(commit1, commit2)}) {
            byte[] ad = concat(AttachmentCipher.MAGIC, commit);
            byte[] b = concat(ad, nonce, collide(enc1, enc2, nonce, ad, chosen, 1));
            assertRejected(k1, b);
            assertRejected(k2, b);
        }

        // 5. a collision under the raw K1 and K2 (skipping the HKDF): the cipher never uses K as
        // the GCM
        //    key, so even with K1's key_commit in the header no key opens it
        byte[] raw = concat(ad1, nonce, collide(k1.bytes(), k2.bytes(), nonce, ad1, chosen, 2));
        assertRejected(k1, raw);
        assertRejected(k2, raw);
    }

    private static void assertRejected(SymmetricKey key, byte[] blob) {
        assertThatThrownBy(() -> AttachmentCipher.decrypt(key, blob))
                .isInstanceOfSatisfying(
                        FrankingException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.BAD_ATTACHMENT_BLOB));
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
