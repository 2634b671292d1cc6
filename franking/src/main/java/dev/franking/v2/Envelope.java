package dev.franking.v2;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The optional committing envelope of PROTOCOL.md §2 (CtE1 of Grubbs, Lu and Ristenpart, with
 * AES-256-GCM):
 *
 * <pre>
 * payload  = lp(content_bytes) || franking_key
 *         || u32(n) || blob_key_1 || lp(locator_1) || ... || blob_key_n || lp(locator_n)
 * ad       = str("franking/v2/envelope") || commitment
 * nonce    = 12 bytes from a CSPRNG
 * envelope = nonce || AES-256-GCM-Encrypt(K, nonce, ad, payload)      (ciphertext || 16-byte tag)
 * </pre>
 *
 * Sealing is public; opening is {@link Receipt#open}, which adds the checks of §4, so that no
 * caller can open an envelope and forget them.
 */
public final class Envelope {
    static final String LABEL = "franking/v2/envelope";

    private Envelope() {}

    /**
     * Seals a message under {@code key} with a fresh nonce from the system's CSPRNG. {@code blobs}
     * holds one entry per attachment of the content, in order.
     *
     * @throws LimitException {@link FailureCode#INVALID_ATTACHMENT} if {@code blobs} does not have
     *     one entry per attachment
     */
    public static byte[] seal(MessageKey key, Opening opening, List<BlobRef> blobs) {
        return seal(key, opening, blobs, RandomBytes.SYSTEM);
    }

    static byte[] seal(MessageKey key, Opening opening, List<BlobRef> blobs, RandomBytes random) {
        byte[] payload = payload(opening, blobs);
        byte[] nonce = random.next(Aes.NONCE_BYTES);
        byte[] out = new byte[Aes.NONCE_BYTES + payload.length + Aes.TAG_BYTES];
        System.arraycopy(nonce, 0, out, 0, Aes.NONCE_BYTES);
        Aes.encrypt(
                key.unsafeBytes(),
                nonce,
                ad(opening.commitment()),
                payload,
                0,
                payload.length,
                out,
                Aes.NONCE_BYTES);
        Arrays.fill(payload, (byte) 0);
        return out;
    }

    static byte[] payload(Opening opening, List<BlobRef> blobs) {
        MessageContent content = opening.content();
        if (blobs == null || blobs.size() != content.attachments().size()) {
            throw new LimitException(
                    FailureCode.INVALID_ATTACHMENT,
                    "one blob reference per attachment is required");
        }
        Wire.Writer w = new Wire.Writer(300 + content.unsafeBody().length + blobs.size() * 100);
        w.u32(0); // lp(content_bytes): the length is patched in once the content is written
        content.writeTo(w);
        Wire.putBigEndian(w.array(), 0, w.length() - 4, 4);
        w.write(opening.frankingKey().unsafeBytes());
        w.u32(blobs.size());
        for (BlobRef b : blobs) {
            if (b == null) {
                throw new LimitException(
                        FailureCode.INVALID_ATTACHMENT, "blob reference is missing");
            }
            w.write(b.key().unsafeBytes()).lp(b.unsafeLocator());
        }
        return w.toByteArray();
    }

    /** What an envelope held, once it opened and its commitment checked. */
    record Opened(
            MessageContent content,
            FrankingKey frankingKey,
            Commitment commitment,
            List<BlobRef> blobs) {}

    /**
     * Decrypts with the delivered commitment in the AD, parses the payload and {@code
     * content_bytes} exactly (every limit of §1, {@code n} equal to the attachment count, no
     * trailing bytes), recomputes {@code HMAC(franking_key, content_bytes)} and compares it with
     * the delivered commitment in constant time.
     *
     * @throws FrankingException {@link FailureCode#BAD_ENVELOPE}, one error for every failure
     */
    static Opened open(MessageKey key, byte[] envelope, Commitment delivered)
            throws FrankingException {
        byte[] payload = null;
        try {
            if (envelope == null || envelope.length < Aes.NONCE_BYTES + Aes.TAG_BYTES) {
                throw new IllegalArgumentException("short");
            }
            payload =
                    Aes.decrypt(
                            key.unsafeBytes(),
                            Arrays.copyOf(envelope, Aes.NONCE_BYTES),
                            ad(delivered),
                            envelope,
                            Aes.NONCE_BYTES,
                            envelope.length - Aes.NONCE_BYTES);
            Wire.Reader r = new Wire.Reader(payload, 0, payload.length);
            int contentStart = r.skipLp(Integer.MAX_VALUE);
            int contentEnd = r.position();
            FrankingKey fk = FrankingKey.fromBytes(r.bytes(Limits.KEY_BYTES));
            MessageContent content = MessageContent.parse(payload, contentStart, contentEnd);
            long n = r.u32();
            if (n != content.attachments().size()) {
                throw new IllegalArgumentException("blob count");
            }
            List<BlobRef> blobs = new ArrayList<>((int) n);
            for (int i = 0; i < n; i++) {
                AttachmentKey bk = AttachmentKey.fromBytes(r.bytes(Limits.KEY_BYTES));
                blobs.add(BlobRef.of(bk, r.lp(Limits.MAX_LOCATOR_BYTES)));
            }
            if (!r.atEnd()) {
                throw new IllegalArgumentException("trailing bytes");
            }
            byte[] mac =
                    HmacSha256.mac(
                            fk.unsafeBytes(), payload, contentStart, contentEnd - contentStart);
            if (!Bytes.constantTimeEquals(mac, delivered.unsafeBytes())) {
                throw new IllegalArgumentException("commitment");
            }
            return new Opened(content, fk, delivered, List.copyOf(blobs));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // one error for every failure: which step failed is not revealed
            throw new FrankingException(
                    FailureCode.BAD_ENVELOPE,
                    "envelope does not open under this key and commitment");
        } finally {
            if (payload != null) {
                Arrays.fill(payload, (byte) 0);
            }
        }
    }

    private static byte[] ad(Commitment commitment) {
        return new Wire.Writer(64).str(LABEL).write(commitment.unsafeBytes()).toByteArray();
    }
}
