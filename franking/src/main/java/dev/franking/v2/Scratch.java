package dev.franking.v2;

import java.security.MessageDigest;

/**
 * Per-thread working memory of the hashes a verification computes (PROTOCOL.md §5 step 4): one
 * SHA-256 digest and one buffer, for {@code content_bytes}, the route's input and the stamp's input
 * in turn. A one-message report used to allocate a writer and a fresh array for each of those and
 * look up two per-thread digests; here it is one look-up per report and no arrays but the results.
 *
 * <p>Rules that keep it safe: each use fills the scratch and is done with it (its result copied
 * out) before it runs any code but this package's (no caller's list, clock or key source), so a
 * nested use on the same thread cannot see half-written state. A reference may be held across such
 * calls ({@link ReportVerifier} looks it up once per report): between uses the scratch holds
 * nothing that a later use reads, as every use resets the digest and writes the part of the buffer
 * it hashes. Key material written into it (a padded franking key) is zeroed before the method
 * returns ({@link HmacSha256}). A buffer that had to grow past {@link #KEEP} bytes (a report with a
 * large body) is used once and dropped, so a thread keeps at most a few KB.
 */
final class Scratch {
    /** The largest buffer a thread keeps between uses. */
    static final int KEEP = 16 * 1024;

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    /** SHA-256, reset after every use (a digest resets itself when it finishes). */
    final MessageDigest md = Sha256.newDigest();

    /** {@code opad || inner hash} of a one-shot HMAC. */
    final byte[] pad = new byte[64 + Limits.HASH_BYTES];

    private byte[] buf = new byte[1024];

    private Scratch() {}

    static Scratch get() {
        return LOCAL.get();
    }

    /** A buffer of at least {@code n} bytes; its contents are whatever the last use left. */
    byte[] buffer(int n) {
        if (n <= buf.length) {
            return buf;
        }
        byte[] b = new byte[Math.max(n, Math.min(KEEP, 2 * buf.length))];
        if (b.length <= KEEP) {
            buf = b;
        }
        return b;
    }

    /**
     * Keeps {@code grown} (an array a {@link Wire.Writer} grew out of {@link #buffer}) for the next
     * use, if it is small enough.
     */
    void keep(byte[] grown) {
        if (grown != buf && grown.length > buf.length && grown.length <= KEEP) {
            buf = grown;
        }
    }
}
