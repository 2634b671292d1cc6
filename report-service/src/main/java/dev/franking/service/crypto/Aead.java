package dev.franking.service.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for data at rest: {@code version(1) || nonce(12) || ciphertext || tag(16)}, with the
 * row's identity as associated data. Error messages never carry the data.
 */
final class Aead {
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Aead() {}

    static byte[] encrypt(byte[] key, byte[] plaintext, String context) {
        return encrypt(key, plaintext, context, nonce());
    }

    /** A fresh random nonce. */
    static byte[] nonce() {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /**
     * With a given nonce: the seam the known-answer tests use to pin the sealed layout; production
     * code always takes {@link #nonce()}.
     */
    static byte[] encrypt(byte[] key, byte[] plaintext, String context, byte[] nonce) {
        if (nonce.length != NONCE) {
            throw new IllegalArgumentException("a nonce is " + NONCE + " bytes");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(128, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[1 + NONCE + c.getOutputSize(plaintext.length)];
            out[0] = VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE);
            c.doFinal(plaintext, 0, plaintext.length, out, 1 + NONCE);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    static byte[] decrypt(byte[] key, byte[] sealed, String context) {
        if (sealed == null || sealed.length < 1 + NONCE + 16 || sealed[0] != VERSION) {
            throw new IllegalStateException("not a sealed value of a known version");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(128, Arrays.copyOfRange(sealed, 1, 1 + NONCE)));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "sealed value does not decrypt under this key and context");
        }
    }

    static byte[] newKey() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }
}
