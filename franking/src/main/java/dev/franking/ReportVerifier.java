package dev.franking;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Report verification, PROTOCOL.md §5. For every message, in this order:
 *
 * <ol>
 *   <li>decode and enforce the limits of §0 and §1 (a code per limit);
 *   <li>{@code commitment = HMAC(franking_key, content_bytes)} from the submitted fields;
 *   <li>look up {@code stamp_key[kid]}: {@code unknown_key}; destroyed or outside the reporting
 *       window: {@code stamp_expired};
 *   <li>recompute the stamp MAC, constant-time compare: {@code bad_stamp};
 *   <li>the reported message's recipient must be the reporter; a context message's recipient or
 *       sender must be: {@code not_a_party};
 *   <li>every message must be in the reported message's conversation: {@code wrong_conversation}.
 * </ol>
 *
 * A report verifies only if every message does. Beyond the protocol's list, a message id may appear
 * only once in a report ({@code duplicate_message}).
 */
public final class ReportVerifier {
    private final KeyLookup.Source keys;
    private final Clock clock;

    public ReportVerifier(KeyLookup.Source keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * @param reporterId the authenticated principal, never a field of the request
     * @throws ReportVerificationException naming the failed check for each failing message
     */
    public VerifiedReport verify(String reporterId, List<SubmittedMessage> messages)
            throws ReportVerificationException {
        Instant now = clock.instant();
        if (messages == null || messages.isEmpty()) {
            throw new ReportVerificationException(
                    List.of(new ReportVerificationException.Failure(-1, FailureCode.NO_MESSAGES)));
        }
        if (messages.size() > Limits.MAX_REPORT_MESSAGES) {
            throw new ReportVerificationException(
                    List.of(
                            new ReportVerificationException.Failure(
                                    Limits.MAX_REPORT_MESSAGES, FailureCode.TOO_MANY_MESSAGES)));
        }
        List<ReportVerificationException.Failure> failures = new ArrayList<>();
        List<VerifiedMessage> verified = new ArrayList<>(messages.size());
        String conversation = messages.get(0) == null ? null : messages.get(0).conversationId();
        Set<String> seenIds = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            try {
                verified.add(verifyOne(i, messages.get(i), reporterId, conversation, seenIds, now));
            } catch (FrankingException e) {
                failures.add(new ReportVerificationException.Failure(i, e.code()));
            } catch (LimitException e) {
                failures.add(new ReportVerificationException.Failure(i, e.code()));
            }
        }
        if (!failures.isEmpty()) {
            throw new ReportVerificationException(failures);
        }
        return new VerifiedReport(reporterId, verified, now);
    }

    private VerifiedMessage verifyOne(
            int index,
            SubmittedMessage m,
            String reporterId,
            String conversation,
            Set<String> seenIds,
            Instant now)
            throws FrankingException {
        if (m == null) {
            throw new LimitException(FailureCode.INVALID_ID, "message is missing");
        }
        // 1. limits: the typed constructors enforce §0 and §1
        List<AttachmentDescriptor> attachments = new ArrayList<>();
        if (m.attachments() != null) {
            if (m.attachments().size() > Limits.MAX_ATTACHMENTS) {
                throw new LimitException(FailureCode.TOO_MANY_ATTACHMENTS, "too many attachments");
            }
            for (SubmittedMessage.Attachment a : m.attachments()) {
                if (a == null) {
                    throw new LimitException(
                            FailureCode.INVALID_ATTACHMENT, "attachment is missing");
                }
                attachments.add(new AttachmentDescriptor(a.contentType(), a.size(), a.sha256()));
            }
        }
        MessageContent content =
                new MessageContent(
                        m.messageId(),
                        m.senderId(),
                        m.conversationId(),
                        m.sentAt(),
                        m.contentType(),
                        m.body(),
                        attachments);
        StampContext ctx =
                new StampContext(m.senderId(), m.recipientId(), m.conversationId(), m.messageId());
        FrankingKey frankingKey = new FrankingKey(m.frankingKey());
        Stamp stamp = new Stamp(new Kid(m.kid()), m.receivedAt(), m.mac());
        if (!seenIds.add(m.messageId())) {
            throw new FrankingException(
                    FailureCode.DUPLICATE_MESSAGE, "message id appears twice in the report");
        }
        // 2. the commitment is recomputed, never taken from the request
        Commitment commitment = Commitment.compute(frankingKey, content);
        // 3. the key
        KeyLookup found = keys.lookup(stamp.kid());
        StampKey key;
        if (found instanceof KeyLookup.Found f) {
            key = f.key();
        } else if (found instanceof KeyLookup.Destroyed) {
            throw new FrankingException(FailureCode.STAMP_EXPIRED, "stamp key has been destroyed");
        } else {
            throw new FrankingException(FailureCode.UNKNOWN_KEY, "no stamp key has this kid");
        }
        if (!key.verifiesAt(now)) {
            throw new FrankingException(
                    FailureCode.STAMP_EXPIRED, "stamp key is outside its reporting window");
        }
        // 4. the stamp
        Stamper.verify(key, stamp, commitment, ctx);
        // 5. the reporter is a party
        boolean party =
                index == 0
                        ? m.recipientId().equals(reporterId)
                        : m.recipientId().equals(reporterId) || m.senderId().equals(reporterId);
        if (!party) {
            throw new FrankingException(
                    FailureCode.NOT_A_PARTY, "reporter is not a party to this message");
        }
        // 6. one conversation
        if (!m.conversationId().equals(conversation)) {
            throw new FrankingException(
                    FailureCode.WRONG_CONVERSATION, "message is from another conversation");
        }
        return new VerifiedMessage(
                index,
                content,
                m.recipientId(),
                frankingKey,
                commitment,
                stamp,
                key.expiresAt(),
                now);
    }
}
