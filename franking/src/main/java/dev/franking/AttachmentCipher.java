package dev.franking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The key-committing attachment cipher of PROTOCOL.md §6:
 *
 * <pre>
 * okm    = HKDF-SHA256(ikm = K, salt = empty, info = "franking/v1/attachment", L = 64)
 * enc_key = okm[0..32)      key_commit = okm[32..64)
 * blob   = "FKA1" || key_commit || nonce || AES-256-GCM-Encrypt(enc_key, nonce, "FKA1" || key_commit, plaintext)
 * </pre>
 *
 * Plain AES-GCM is not key-committing: one ciphertext can decrypt validly under two keys to two
 * different files. Here decryption recomputes {@code key_commit} from {@code K} and compares it in
 * constant time before anything else. HKDF is Bouncy Castle's (the JDK 17 has none); AES-GCM is the
 * JDK's, which runs on AES-NI.
 */
public final class AttachmentCipher {
    static final byte[] MAGIC = "FKA1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] INFO = "franking/v1/attachment".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = MAGIC.length + 32 + Aes.NONCE_BYTES;

    /** The smallest possible blob: header and tag of an empty plaintext. */
    public static final int MIN_BLOB_BYTES = HEADER_BYTES + Aes.TAG_BYTES;

    private AttachmentCipher() {}

    public static byte[] encrypt(SymmetricKey key, byte[] plaintext, SecureRandom random) {
        byte[] nonce = new byte[Aes.NONCE_BYTES];
        random.nextBytes(nonce);
        return encrypt(key, plaintext, nonce);
    }

    /** Encrypts with a given nonce; for known-answer vectors. Never reuse a nonce under one key. */
    public static byte[] encrypt(SymmetricKey key, byte[] plaintext, byte[] nonce) {
        if (nonce.length != Aes.NONCE_BYTES) {
            throw new IllegalArgumentException("nonce must be " + Aes.NONCE_BYTES + " bytes");
        }
        byte[] okm = derive(key);
        byte[] encKey = Arrays.copyOfRange(okm, 0, 32);
        // the ciphertext is written straight after the header: no second copy of a large blob
        byte[] blob = new byte[HEADER_BYTES + plaintext.length + Aes.TAG_BYTES];
        System.arraycopy(MAGIC, 0, blob, 0, MAGIC.length);
        System.arraycopy(okm, 32, blob, MAGIC.length, 32);
        System.arraycopy(nonce, 0, blob, MAGIC.length + 32, nonce.length);
        byte[] ad = Arrays.copyOf(blob, MAGIC.length + 32);
        Aes.encrypt(encKey, nonce, ad, plaintext, blob, HEADER_BYTES);
        Arrays.fill(okm, (byte) 0);
        return blob;
    }

    /**
     * @throws FrankingException {@link FailureCode#BAD_ATTACHMENT_BLOB} if the blob is malformed,
     *     was made under another key, or was tampered with
     */
    public static byte[] decrypt(SymmetricKey key, byte[] blob) throws FrankingException {
        if (blob.length < MIN_BLOB_BYTES
                || !Arrays.equals(blob, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new FrankingException(
                    FailureCode.BAD_ATTACHMENT_BLOB, "not an FKA1 attachment blob");
        }
        byte[] okm = derive(key);
        try {
            byte[] commit = Arrays.copyOfRange(okm, 32, 64);
            byte[] stored = Arrays.copyOfRange(blob, MAGIC.length, MAGIC.length + 32);
            if (!Bytes.constantTimeEquals(commit, stored)) {
                throw new FrankingException(
                        FailureCode.BAD_ATTACHMENT_BLOB, "blob is committed to another key");
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
        } catch (GeneralSecurityException e) {
            if (e instanceof FrankingException fe) {
                throw fe;
            }
            throw new FrankingException(FailureCode.BAD_ATTACHMENT_BLOB, "blob does not decrypt");
        } finally {
            Arrays.fill(okm, (byte) 0);
        }
    }

    /** {@code HKDF-SHA256(ikm = K, salt = empty, info = "franking/v1/attachment", L = 64)} */
    static byte[] derive(SymmetricKey key) {
        return hkdf(key.unsafeBytes(), new byte[0], INFO, 64);
    }

    /**
     * HKDF-SHA256 (RFC 5869) on Bouncy Castle, the one derivation {@link #derive} uses;
     * package-private so that known-answer vectors run through exactly this code.
     *
     * @throws org.bouncycastle.crypto.DataLengthException if {@code length} exceeds 255 * 32 bytes
     */
    static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(SHA256Digest.newInstance());
        hkdf.init(new HKDFParameters(ikm, salt, info));
        byte[] okm = new byte[length];
        hkdf.generateBytes(okm, 0, okm.length);
        return okm;
    }
}
