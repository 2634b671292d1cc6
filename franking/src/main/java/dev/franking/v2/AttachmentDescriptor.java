package dev.franking.v2;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * One committed attachment (PROTOCOL.md §1): {@code attachment_i = str(content_type_i) ||
 * u64(size_i) || H(plaintext_i)}. Content type 1..255 bytes of UTF-8, size 0..2^53−1.
 */
public record AttachmentDescriptor(String contentType, long size, byte[] sha256) {
    public AttachmentDescriptor {
        Ids.checkContentType(contentType, "attachment content type");
        if (size < 0 || size > Limits.MAX_SAFE_INTEGER) {
            throw new LimitException(
                    FailureCode.INVALID_ATTACHMENT, "attachment size must be in 0..2^53-1");
        }
        sha256 =
                Bytes.exact(
                        sha256,
                        Limits.HASH_BYTES,
                        FailureCode.INVALID_ATTACHMENT,
                        "attachment sha256");
    }

    /** The descriptor of a plaintext the sender is about to attach. */
    public static AttachmentDescriptor of(String contentType, byte[] plaintext) {
        return new AttachmentDescriptor(contentType, plaintext.length, Sha256.hash(plaintext));
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    byte[] unsafeSha256() {
        return sha256;
    }

    /**
     * The plaintext has exactly the committed size and SHA-256 (§4 before showing it, §5 before
     * accepting an upload).
     *
     * @throws FrankingException {@link FailureCode#ATTACHMENT_MISMATCH} otherwise
     */
    public void verify(byte[] plaintext) throws FrankingException {
        if (plaintext.length != size || !Bytes.constantTimeEquals(Sha256.hash(plaintext), sha256)) {
            throw mismatch();
        }
    }

    /**
     * Streaming {@link #verify(byte[])}: reads at most {@code size + 1} bytes, so an oversized
     * upload is refused without being read in full.
     */
    public void verify(InputStream plaintext) throws FrankingException, IOException {
        MessageDigest md = Sha256.newDigest();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = plaintext.read(buf, 0, (int) Math.min(buf.length, size - total + 1))) > 0) {
            total += n;
            if (total > size) {
                throw mismatch();
            }
            md.update(buf, 0, n);
        }
        if (total != size || !Bytes.constantTimeEquals(md.digest(), sha256)) {
            throw mismatch();
        }
    }

    private static FrankingException mismatch() {
        return new FrankingException(
                FailureCode.ATTACHMENT_MISMATCH,
                "attachment does not match its committed size and SHA-256");
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
        return java.util.Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return "AttachmentDescriptor[contentType=" + contentType + ", size=" + size + "]";
    }
}
