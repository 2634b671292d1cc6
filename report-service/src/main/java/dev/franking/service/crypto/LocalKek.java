package dev.franking.service.crypto;

import java.util.function.Supplier;

/**
 * A KEK held in this process's memory: AES-256-GCM key wrapping with the context as associated
 * data.
 */
final class LocalKek implements Kek {
    private final byte[] key;
    private final Supplier<byte[]> nonces;

    LocalKek(byte[] key) {
        this(key, Aead::nonce);
    }

    /** With a nonce source of the test's choosing: the known-answer tests' seam. */
    LocalKek(byte[] key, Supplier<byte[]> nonces) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the key-encryption key must be 32 bytes");
        }
        this.key = key.clone();
        this.nonces = nonces;
    }

    @Override
    public byte[] wrap(byte[] plain, String context) {
        return Aead.encrypt(key, plain, Vault.KEK + context, nonces.get());
    }

    @Override
    public byte[] unwrap(byte[] wrapped, String context) {
        return Aead.decrypt(key, wrapped, Vault.KEK + context);
    }

    @Override
    public String toString() {
        return "LocalKek[REDACTED]";
    }
}
