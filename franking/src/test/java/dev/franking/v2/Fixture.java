package dev.franking.v2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A small world for the v2 tests: a ring with one live key, a stamper and a verifier on a fixed
 * clock, and messages that go through the whole protocol (commit, route, stamp, envelope, receipt).
 */
final class Fixture {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Kid KID = new Kid("k20261201");

    final InMemoryStampKeyRing ring = new InMemoryStampKeyRing();
    final StampKey key;
    final ReportVerifier verifier;
    private long clock = NOW.toEpochMilli() - 3_600_000;

    Fixture() {
        key =
                StampKey.generate(
                        KID,
                        NOW.minus(Duration.ofHours(2)),
                        Duration.ofHours(24),
                        Duration.ofDays(90));
        ring.add(key);
        verifier = new ReportVerifier(ring, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** A message sent and received: what the recipient holds. */
    record Sent(
            Opening opening,
            String recipientId,
            RecipientStamp stamp,
            MessageKey messageKey,
            byte[] envelope,
            Delivery delivery) {
        SubmittedMessage submission() {
            return SubmittedMessage.of(opening, recipientId, stamp);
        }

        Commitment commitment() {
            return opening.commitment();
        }
    }

    static MessageContent content(
            String messageId,
            String sender,
            String conversation,
            List<Commitment> prev,
            String text) {
        return new MessageContent(
                messageId,
                sender,
                conversation,
                NOW.toEpochMilli() - 7_200_000,
                prev,
                "text/plain; charset=utf-8",
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                List.of());
    }

    /**
     * Sends {@code content} to {@code recipient}; each call is a minute later on the relay's clock.
     */
    Sent send(MessageContent content, String recipient) {
        clock += 60_000;
        return send(content, recipient, clock);
    }

    Sent send(MessageContent content, String recipient, long receivedAt) {
        Opening opening = Opening.commit(content);
        RouteSalt salt = RouteSalt.generate();
        Route route =
                Route.compute(
                        salt,
                        content.senderId(),
                        recipient,
                        content.conversationId(),
                        content.messageId());
        Stamp stamp =
                new Stamper(ring, Clock.fixed(Instant.ofEpochMilli(receivedAt), ZoneOffset.UTC))
                        .stamp(opening.commitment(), route);
        RecipientStamp rs = RecipientStamp.of(stamp, salt);
        MessageKey mk = MessageKey.generate();
        byte[] envelope =
                Envelope.seal(
                        mk,
                        opening,
                        content.attachments().stream()
                                .map(a -> BlobRef.of(AttachmentKey.generate(), new byte[0]))
                                .toList());
        Delivery d =
                new Delivery(
                        opening.commitment(),
                        content.senderId(),
                        recipient,
                        content.conversationId(),
                        content.messageId(),
                        rs);
        return new Sent(opening, recipient, rs, mk, envelope, d);
    }
}
