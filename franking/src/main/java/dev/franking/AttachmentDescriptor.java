package dev.franking;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One committed attachment (PROTOCOL.md §1): {@code attachment_i = str(content_type_i) ||
 * u64(size_i) || H(plaintext_i)}.
 */
public record AttachmentDescriptor(String contentType, long size, byte[] sha256) {
    public AttachmentDescriptor {
        Ids.checkContentType(contentType, "attachment content type");
        if (size < 0) {
            throw new LimitException(
                    FailureCode.INVALID_ATTACHMENT, "attachment size must not be negative");
        }
        sha256 =
                Bytes.exact(
                        sha256,
                        Limits.SHA256_BYTES,
                        FailureCode.INVALID_ATTACHMENT,
                        "attachment sha256");
    }

    /** The descriptor of a plaintext the sender is about to attach. */
    public static AttachmentDescriptor of(String contentType, byte[] plaintext) {
        return new AttachmentDescriptor(contentType, plaintext.length, sha256(plaintext));
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    byte[] unsafeSha256() {
        return sha256;
    }

    /**
     * PROTOCOL.md §5 (attachments): the uploaded plaintext must have exactly the committed size and
     * SHA-256.
     *
     * @throws FrankingException with {@link FailureCode#ATTACHMENT_MISMATCH} otherwise
     */
    public void verify(byte[] plaintext) throws FrankingException {
        if (plaintext.length != size || !Bytes.constantTimeEquals(sha256(plaintext), sha256)) {
            throw new FrankingException(
                    FailureCode.ATTACHMENT_MISMATCH,
                    "attachment does not match its committed size and SHA-256");
        }
    }

    /**
     * Streaming form of {@link #verify(byte[])}: reads at most {@code size + 1} bytes, so an
     * oversized upload is rejected without being read in full.
     */
    public void verify(InputStream plaintext) throws FrankingException, IOException {
        MessageDigest md = newSha256();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = plaintext.read(buf)) > 0) {
            total += n;
            if (total > size) {
                throw new FrankingException(
                        FailureCode.ATTACHMENT_MISMATCH,
                        "attachment is larger than its committed size");
            }
            md.update(buf, 0, n);
        }
        if (total != size || !Bytes.constantTimeEquals(md.digest(), sha256)) {
            throw new FrankingException(
                    FailureCode.ATTACHMENT_MISMATCH,
                    "attachment does not match its committed size and SHA-256");
        }
    }

    static byte[] sha256(byte[] data) {
        return newSha256().digest(data);
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttachmentDescriptor other
                && contentType.equals(other.contentType)
                && size == other.size
                && Bytes.constantTimeEquals(sha256, other.sha256);
    }

    @Override
    public int hashCode() {
        return Bytes.hash(sha256);
    }

    @Override
    public String toString() {
        return "AttachmentDescriptor[contentType=" + contentType + ", size=" + size + "]";
    }
}
