package dev.franking.service.crypto;

import java.util.SortedSet;

/**
 * Where epoch keys live (DESIGN.md, "Keys at rest"): outside PostgreSQL, one AES-256 key per epoch
 * ({@link Epochs}). Keys stored in the database are wrapped under the epoch key of the week in
 * which they must die; destroying that epoch key destroys every copy of them, in old row versions,
 * WAL and backups alike.
 *
 * <p>A wrapped value is {@code version(1) || nonce(12) || ciphertext || tag(16)}, AES-256-GCM with
 * {@code label} as associated data, whichever store made it ({@link Vault} chooses the labels).
 */
interface EpochKeyStore {
    /** Makes sure {@code epoch} has a key (create-or-get); concurrent callers get the same one. */
    void create(String epoch);

    /** Wraps {@code plain} under {@code epoch}'s key, creating that key if there is none. */
    byte[] wrap(String epoch, byte[] plain, String label);

    /**
     * @throws EpochKeyGone if {@code epoch} has no key (never created, or destroyed)
     * @throws IllegalStateException if {@code wrapped} does not open under it with {@code label}
     */
    byte[] unwrap(String epoch, byte[] wrapped, String label);

    /** Destroys {@code epoch}'s key for good; false if it had none. */
    boolean destroy(String epoch);

    /** The epochs that have a key, oldest first. */
    SortedSet<String> list();
}
