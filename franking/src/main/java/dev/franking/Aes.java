package dev.franking;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM on the JDK's provider, which uses AES-NI and carry-less multiply intrinsics; 12-byte
 * nonce, 16-byte tag appended to the ciphertext.
 */
final class Aes {
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;

    /**
     * Plaintext fed to the cipher per call when encrypting large inputs; a multiple of the block
     * size.
     */
    static final int CHUNK_BYTES = 8192;

    private Aes() {}

    static byte[] encrypt(byte[] key, byte[] nonce, byte[] ad, byte[] plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, nonce));
            c.updateAAD(ad);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Encrypts into {@code out} at {@code outOff}, which must have room for {@code plaintext.length
     * + TAG_BYTES} bytes: large outputs are written once, not copied again.
     */
    static void encrypt(
            byte[] key, byte[] nonce, byte[] ad, byte[] plaintext, byte[] out, int outOff) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, nonce));
            c.updateAAD(ad);
            // In chunks: the JDK's GCM runs its GHASH and AES-CTR intrinsics only once the methods
            // that
            // process a chunk are hot, and one call per megabyte takes hundreds of calls to get
            // them
            // there (pure-Java GHASH, about 30 MB/s, until then). The ciphertext is the same.
            int n = 0;
            int off = 0;
            for (; plaintext.length - off > CHUNK_BYTES; off += CHUNK_BYTES) {
                n += c.update(plaintext, off, CHUNK_BYTES, out, outOff + n);
            }
            n += c.doFinal(plaintext, off, plaintext.length - off, out, outOff + n);
            if (n != plaintext.length + TAG_BYTES) {
                throw new IllegalStateException("AES-GCM wrote " + n + " bytes");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Decrypts {@code ciphertext || tag} at {@code [off, off+len)}; throws on any failure. */
    static byte[] decrypt(byte[] key, byte[] nonce, byte[] ad, byte[] in, int off, int len)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(TAG_BYTES * 8, nonce));
        c.updateAAD(ad);
        return c.doFinal(in, off, len);
    }
}
