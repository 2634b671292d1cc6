package dev.franking.v2;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM on the JDK's provider (AES-NI and carry-less multiply intrinsics): 12-byte nonce,
 * 16-byte tag appended to the ciphertext. One {@code Cipher} per thread and mode, because {@code
 * Cipher.getInstance} costs more than sealing a short message.
 */
final class Aes {
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;

    /**
     * Plaintext fed to the cipher per call when encrypting large inputs: the JDK's GCM runs its
     * GHASH and CTR intrinsics only once the per-chunk methods are hot, and one call per megabyte
     * takes hundreds of calls to get there.
     */
    private static final int CHUNK_BYTES = 8192;

    private static final ThreadLocal<Cipher> ENCRYPT = ThreadLocal.withInitial(Aes::newCipher);
    private static final ThreadLocal<Cipher> DECRYPT = ThreadLocal.withInitial(Aes::newCipher);

    private Aes() {}

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is required of every JDK", e);
        }
    }

    /**
     * Encrypts {@code plaintext[pOff, pOff+pLen)} into {@code out} at {@code outOff}, which must
     * have room for {@code pLen + TAG_BYTES} bytes.
     */
    static void encrypt(
            byte[] key,
            byte[] nonce,
            byte[] ad,
            byte[] plaintext,
            int pOff,
            int pLen,
            byte[] out,
            int outOff) {
        Cipher c = ENCRYPT.get();
        try {
            SecretKeySpec k = new SecretKeySpec(key, "AES");
            GCMParameterSpec p = new GCMParameterSpec(TAG_BYTES * 8, nonce);
            try {
                c.init(Cipher.ENCRYPT_MODE, k, p);
            } catch (InvalidAlgorithmParameterException e) {
                // the JDK refuses the key and nonce of this Cipher's previous encryption; nonces
                // here come from the CSPRNG, so only deterministic tests (vectors that encrypt one
                // blob twice) get here, and a fresh Cipher serves them
                c = newCipher();
                c.init(Cipher.ENCRYPT_MODE, k, p);
            }
            c.updateAAD(ad);
            int n = 0;
            int off = pOff;
            int end = pOff + pLen;
            for (; end - off > CHUNK_BYTES; off += CHUNK_BYTES) {
                n += c.update(plaintext, off, CHUNK_BYTES, out, outOff + n);
            }
            n += c.doFinal(plaintext, off, end - off, out, outOff + n);
            if (n != pLen + TAG_BYTES) {
                throw new IllegalStateException("AES-GCM wrote " + n + " bytes");
            }
        } catch (GeneralSecurityException e) {
            ENCRYPT.remove();
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Decrypts {@code ciphertext || tag} at {@code [off, off+len)}; throws on any failure. */
    static byte[] decrypt(byte[] key, byte[] nonce, byte[] ad, byte[] in, int off, int len)
            throws GeneralSecurityException {
        Cipher c = DECRYPT.get();
        try {
            c.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, nonce));
            c.updateAAD(ad);
            return c.doFinal(in, off, len);
        } catch (GeneralSecurityException | RuntimeException e) {
            // a failed doFinal leaves the cipher needing a fresh init, which the next call does;
            // dropping it as well costs nothing on this rare path
            DECRYPT.remove();
            throw e;
        }
    }
}
