package dev.franking.service.crypto;

/**
 * A KEK held in this process's memory: AES-256-GCM key wrapping with the context as associated
 * data.
 */
final class LocalKek implements Kek {
    private final byte[] key;

    LocalKek(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the key-encryption key must be 32 bytes");
        }
        this.key = key.clone();
    }

    @Override
    public byte[] wrap(byte[] plain, String context) {
        return Aead.encrypt(key, plain, "kek:" + context);
    }

    @Override
    public byte[] unwrap(byte[] wrapped, String context) {
        return Aead.decrypt(key, wrapped, "kek:" + context);
    }

    @Override
    public String toString() {
        return "LocalKek[REDACTED]";
    }
}
