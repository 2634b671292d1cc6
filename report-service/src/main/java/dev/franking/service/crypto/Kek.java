package dev.franking.service.crypto;

/**
 * The key-encryption key (DESIGN.md, "Data and secrets"): wraps stamp keys and case data keys. An
 * interface so that a KMS or an HSM can replace the local implementation. {@code context} is bound
 * as associated data, so a wrapped key cannot be moved to another row.
 */
interface Kek {
    byte[] wrap(byte[] key, String context);

    /**
     * @throws IllegalStateException if the wrapped key does not unwrap under this KEK and context
     */
    byte[] unwrap(byte[] wrapped, String context);
}
