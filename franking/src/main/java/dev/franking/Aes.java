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

    private Aes() {
    }

    static byte[] encrypt(byte[] key, byte[] nonce, byte[] ad, byte[] plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            c.updateAAD(ad);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Decrypts {@code ciphertext || tag} at {@code [off, off+len)}; throws on any failure. */
    static byte[] decrypt(byte[] key, byte[] nonce, byte[] ad, byte[] in, int off, int len) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        c.updateAAD(ad);
        return c.doFinal(in, off, len);
    }
}
