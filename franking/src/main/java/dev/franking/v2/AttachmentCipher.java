package dev.franking.v2;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The key-committing attachment cipher FKA2 of PROTOCOL.md §6:
 *
 * <pre>
 * okm        = HKDF-SHA256(ikm = K, salt = empty, info = "franking/v2/attachment", L = 64)
 * enc_key    = okm[0..32)      key_commit = okm[32..64)
 * nonce      = 12 bytes from a CSPRNG
 * blob       = "FKA2" || key_commit || nonce || AES-256-GCM-Encrypt(enc_key, nonce, "FKA2" || key_commit, plaintext)
 * </pre>
 *
 * Plain AES-GCM is not key-committing (one ciphertext can decrypt validly under two keys to two
 * different files); here decryption recomputes {@code key_commit} from {@code K} and compares it in
 * constant time before anything else. Encryption is public (the sender uploads blobs); decryption
 * is reached through {@link ReceivedMessage#openAttachment}, which also checks the plaintext
 * against its committed descriptor before anyone can show it.
 */
public final class AttachmentCipher {
    static final byte[] MAGIC = "FKA2".getBytes(StandardCharsets.US_ASCII);
    static final byte[] INFO = "franking/v2/attachment".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = MAGIC.length + 32 + Aes.NONCE_BYTES;

    /** The smallest blob: the header and the tag of an empty plaintext. */
    public static final int MIN_BLOB_BYTES = HEADER_BYTES + Aes.TAG_BYTES;

    private AttachmentCipher() {}

    /** Encrypts one blob under its own key, with a fresh nonce from the system's CSPRNG. */
    public static byte[] encrypt(AttachmentKey key, byte[] plaintext) {
        return encrypt(key, plaintext, RandomBytes.SYSTEM);
    }

    static byte[] encrypt(AttachmentKey key, byte[] plaintext, RandomBytes random) {
        byte[] nonce = random.next(Aes.NONCE_BYTES);
        byte[] okm = derive(key);
        try {
            // the ciphertext is written straight after the header: no second copy of a large blob
            byte[] blob = new byte[HEADER_BYTES + plaintext.length + Aes.TAG_BYTES];
            System.arraycopy(MAGIC, 0, blob, 0, MAGIC.length);
            System.arraycopy(okm, 32, blob, MAGIC.length, 32);
            System.arraycopy(nonce, 0, blob, MAGIC.length + 32, nonce.length);
            byte[] ad = Arrays.copyOf(blob, MAGIC.length + 32);
            Aes.encrypt(
                    Arrays.copyOf(okm, 32),
                    nonce,
                    ad,
                    plaintext,
                    0,
                    plaintext.length,
                    blob,
                    HEADER_BYTES);
            return blob;
        } finally {
            Arrays.fill(okm, (byte) 0);
        }
    }

    /**
     * @throws FrankingException {@link FailureCode#BAD_ATTACHMENT_BLOB} if the blob is malformed,
     *     was made under another key, or was tampered with: one error for all
     */
    static byte[] decrypt(AttachmentKey key, byte[] blob) throws FrankingException {
        if (blob == null
                || blob.length < MIN_BLOB_BYTES
                || !Arrays.equals(blob, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw bad();
        }
        byte[] okm = derive(key);
        try {
            byte[] commit = Arrays.copyOfRange(okm, 32, 64);
            byte[] stored = Arrays.copyOfRange(blob, MAGIC.length, MAGIC.length + 32);
            if (!Bytes.constantTimeEquals(commit, stored)) {
                throw bad();
            }
            byte[] nonce = Arrays.copyOfRange(blob, MAGIC.length + 32, HEADER_BYTES);
            byte[] ad = Arrays.copyOf(blob, MAGIC.length + 32);
            return Aes.decrypt(
                    Arrays.copyOf(okm, 32),
                    nonce,
                    ad,
                    blob,
                    HEADER_BYTES,
                    blob.length - HEADER_BYTES);
        } catch (FrankingException e) {
            throw e;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw bad();
        } finally {
            Arrays.fill(okm, (byte) 0);
        }
    }

    private static FrankingException bad() {
        return new FrankingException(
                FailureCode.BAD_ATTACHMENT_BLOB, "blob does not open under its key");
    }

    /** {@code HKDF-SHA256(ikm = K, salt = empty, info = "franking/v2/attachment", L = 64)} */
    static byte[] derive(AttachmentKey key) {
        return Hkdf.sha256(key.unsafeBytes(), new byte[0], INFO, 64);
    }
}
