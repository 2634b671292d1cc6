package dev.franking;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The optional committing envelope of PROTOCOL.md §2 (CtE1 of Grubbs, Lu and Ristenpart, with
 * AES-256-GCM):
 *
 * <pre>
 * payload  = lp(content_bytes) || franking_key
 * ad       = str("franking/v1/envelope") || commitment
 * nonce    = 12 bytes from a CSPRNG
 * envelope = nonce || AES-256-GCM-Encrypt(K, nonce, ad, payload)      (ciphertext || 16-byte tag)
 * </pre>
 */
public final class Envelope {
    static final String LABEL = "franking/v1/envelope";

    private Envelope() {}

    /** Seals an opening under {@code key} with a fresh nonce from {@code random}. */
    public static byte[] seal(SymmetricKey key, Opening opening, SecureRandom random) {
        byte[] nonce = new byte[Aes.NONCE_BYTES];
        random.nextBytes(nonce);
        return seal(key, opening, nonce);
    }

    /** Seals with a given nonce; for known-answer vectors. Never reuse a nonce under one key. */
    public static byte[] seal(SymmetricKey key, Opening opening, byte[] nonce) {
        if (nonce.length != Aes.NONCE_BYTES) {
            throw new IllegalArgumentException("nonce must be " + Aes.NONCE_BYTES + " bytes");
        }
        Wire.Buffer payload = new Wire.Buffer(200 + opening.content().bodyLength());
        payload.lp(opening.content().contentBytes());
        payload.write(opening.frankingKey().unsafeBytes());
        byte[] ct =
                Aes.encrypt(
                        key.unsafeBytes(), nonce, ad(opening.commitment()), payload.toByteArray());
        byte[] out = new byte[nonce.length + ct.length];
        System.arraycopy(nonce, 0, out, 0, nonce.length);
        System.arraycopy(ct, 0, out, nonce.length, ct.length);
        return out;
    }

    /**
     * Opens an envelope with {@code key} and the commitment the relay delivered beside it: decrypts
     * (the AD carries the delivered commitment), parses the payload, recomputes the commitment and
     * compares it in constant time.
     *
     * @throws FrankingException {@link FailureCode#BAD_ENVELOPE}, one error for every failure
     */
    public static Opening open(SymmetricKey key, byte[] envelope, Commitment delivered)
            throws FrankingException {
        try {
            if (envelope.length < Aes.NONCE_BYTES + Aes.TAG_BYTES) {
                throw new IllegalArgumentException("short");
            }
            byte[] nonce = Arrays.copyOf(envelope, Aes.NONCE_BYTES);
            byte[] payload =
                    Aes.decrypt(
                            key.unsafeBytes(),
                            nonce,
                            ad(delivered),
                            envelope,
                            Aes.NONCE_BYTES,
                            envelope.length - Aes.NONCE_BYTES);
            Wire.Reader r = new Wire.Reader(payload, 0);
            byte[] contentBytes = r.lp(Integer.MAX_VALUE);
            FrankingKey fk = new FrankingKey(r.bytes(Limits.KEY_BYTES));
            if (!r.atEnd()) {
                throw new IllegalArgumentException("trailing bytes");
            }
            Opening opening = new Opening(MessageContent.parse(contentBytes), fk, delivered);
            opening.verify();
            return opening;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // one error for every failure: which step failed is not revealed to the caller
            throw new FrankingException(
                    FailureCode.BAD_ENVELOPE,
                    "envelope does not open under this key and commitment");
        }
    }

    private static byte[] ad(Commitment commitment) {
        Wire.Buffer ad = new Wire.Buffer(64);
        ad.str(LABEL);
        ad.write(commitment.unsafeBytes());
        return ad.toByteArray();
    }
}
