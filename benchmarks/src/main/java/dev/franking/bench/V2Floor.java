package dev.franking.bench;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * The SHA-256 blocks of a one-message verification with a 100-byte body, and nothing else: the
 * floor of PROTOCOL.md §5's construction on the JDK, against which the verifier's own cost is read.
 * Block counts (64-byte blocks, with SHA-256's 9 bytes of padding and length):
 *
 * <ul>
 *   <li>the commitment, {@code HMAC(franking_key, content_bytes)} under a key used once: inner
 *       {@code ipad || 234 bytes} = 5 blocks, outer {@code opad || 32 bytes} = 2 blocks;
 *   <li>the route, {@code H(106 bytes)} = 2 blocks;
 *   <li>the stamp mac over the 113-byte {@code stamp_input}, from prepared keyed states (the
 *       prefix's 41 bytes buffered): inner 72 more bytes = 2 blocks, outer 32 bytes = 1 block.
 * </ul>
 *
 * Twelve blocks in all. OpenSSL's two HMACs over the same lengths with a reused key are 8 blocks:
 * 234 bytes = 4 + 1, 113 bytes = 2 + 1. {@link #openSslBlocks} does those 8 on the JDK, to compare
 * the two SHA-256 implementations apart from everything else.
 */
final class V2Floor {
    private final MessageDigest md = sha256();
    private final MessageDigest stampInner = sha256();
    private final MessageDigest stampOuter = sha256();
    private final MessageDigest hmacInner = sha256();
    private final byte[] pad = new byte[64];
    private final byte[] content = V2Fixtures.bytes(234, 11);
    private final byte[] routeInput = V2Fixtures.bytes(106, 12);
    private final byte[] stampVariable = V2Fixtures.bytes(72, 13);
    private final byte[] out = new byte[32];

    V2Floor() {
        stampInner.update(pad);
        stampInner.update(V2Fixtures.bytes(41, 14)); // str(label) || str(kid), buffered
        stampOuter.update(pad);
        hmacInner.update(pad);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 12 blocks of {@code verify/100}. */
    byte[] verifyBlocks() throws Exception {
        // commitment: 5 + 2
        md.update(pad);
        md.update(content);
        md.digest(out, 0, 32);
        md.update(pad);
        md.update(out);
        md.digest(out, 0, 32);
        // route: 2
        md.update(routeInput);
        md.digest(out, 0, 32);
        // stamp mac: 2 + 1, from the prepared states
        hmac(stampInner, stampVariable, 72);
        return out;
    }

    /** OpenSSL's 8 blocks (HMAC at 234 and 113 bytes, key reused), on the JDK. */
    byte[] openSslBlocks() throws Exception {
        hmac(hmacInner, content, 234);
        hmac(stampInner, stampVariable, 72);
        return out;
    }

    private void hmac(MessageDigest preparedInner, byte[] data, int len)
            throws CloneNotSupportedException, DigestException {
        MessageDigest i = (MessageDigest) preparedInner.clone();
        i.update(data, 0, len);
        i.digest(out, 0, 32);
        MessageDigest o = (MessageDigest) stampOuter.clone();
        o.update(out);
        o.digest(out, 0, 32);
    }
}
