package dev.franking;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One stamp key of the relay's ring (PROTOCOL.md §3): a {@link Kid}, 32 secret bytes and its
 * validity. It issues stamps in {@code [notBefore, issueUntil)} and verifies them until {@code
 * expiresAt}, the end of the reporting window, after which it is destroyed. Prints as {@code
 * [REDACTED]}.
 */
public final class StampKey {
    private final Kid kid;
    private final byte[] secret;
    private final Instant notBefore;
    private final Instant issueUntil;
    private final Instant expiresAt;
    // a keyed Mac per thread: re-keying costs two SHA-256 blocks per stamp, cloning a keyed Mac
    // does not
    private final ThreadLocal<Mac> macs;

    public StampKey(
            Kid kid, byte[] secret, Instant notBefore, Instant issueUntil, Instant expiresAt) {
        this.kid = Objects.requireNonNull(kid, "kid");
        this.secret = Bytes.exact(secret, Limits.KEY_BYTES, FailureCode.INVALID_KEY, "stamp key");
        this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
        this.issueUntil = Objects.requireNonNull(issueUntil, "issueUntil");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        if (issueUntil.isBefore(notBefore) || expiresAt.isBefore(issueUntil)) {
            throw new IllegalArgumentException(
                    "stamp key validity must satisfy notBefore <= issueUntil <= expiresAt");
        }
        Mac prototype = Hmac.newMac();
        try {
            prototype.init(new SecretKeySpec(this.secret, "HmacSHA256"));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        this.macs =
                ThreadLocal.withInitial(
                        () -> {
                            try {
                                return (Mac) prototype.clone();
                            } catch (CloneNotSupportedException e) {
                                return Hmac.keyed(this.secret);
                            }
                        });
    }

    /**
     * A fresh key that issues for {@code rotation} from {@code now} and verifies for {@code window}
     * after that.
     */
    public static StampKey generate(
            Kid kid, Instant now, Duration rotation, Duration window, SecureRandom random) {
        byte[] k = new byte[Limits.KEY_BYTES];
        random.nextBytes(k);
        Instant issueUntil = now.plus(rotation);
        return new StampKey(kid, k, now, issueUntil, issueUntil.plus(window));
    }

    public Kid kid() {
        return kid;
    }

    /** A copy of the secret, for wrapping under a key-encryption key; callers own it. */
    public byte[] secret() {
        return secret.clone();
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant issueUntil() {
        return issueUntil;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public boolean issuesAt(Instant t) {
        return !t.isBefore(notBefore) && t.isBefore(issueUntil);
    }

    public boolean verifiesAt(Instant t) {
        return !t.isBefore(notBefore) && !t.isAfter(expiresAt);
    }

    /**
     * {@code stamp_mac = HMAC(stamp_key[kid], stamp_input)} (PROTOCOL.md §3):
     *
     * <pre>
     * stamp_input = str("franking/v1/stamp") || str(kid) || commitment
     *            || str(sender_id) || str(recipient_id) || str(conversation_id) || str(message_id)
     *            || u64(received_at)
     * </pre>
     */
    byte[] mac(Commitment commitment, StampContext ctx, long receivedAt) {
        Mac mac = macs.get();
        // one update of the whole input (for the usual id lengths), not two per field
        Wire.Gather s = new Wire.Gather(Hmac.sink(mac), Hmac.GATHER_BYTES);
        s.str(Stamper.LABEL);
        s.str(kid.value());
        s.write(commitment.unsafeBytes());
        s.str(ctx.senderId());
        s.str(ctx.recipientId());
        s.str(ctx.conversationId());
        s.str(ctx.messageId());
        s.u64(receivedAt);
        s.flush();
        return mac.doFinal();
    }

    @Override
    public String toString() {
        return "StampKey[kid="
                + kid
                + ", notBefore="
                + notBefore
                + ", issueUntil="
                + issueUntil
                + ", expiresAt="
                + expiresAt
                + ", secret=[REDACTED]]";
    }
}
