package dev.franking.v2;

import dev.franking.v2.ReportRejectedException.Failure;
import dev.franking.v2.ReportRejectedException.Step;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Report verification, PROTOCOL.md §5, in exactly its order; a later step never runs for a report
 * that failed an earlier one:
 *
 * <ol>
 *   <li><b>Form</b> ({@link #parse}): 1..30 messages, and per message every limit of §0 and §1,
 *       {@code prev} as §1 says, canonical B64, a franking key of 32 bytes, a route salt of 16, a
 *       mac and each sha256 of 32.
 *   <li><b>Claims</b>, nothing secret used: the reported message's recipient is the reporter and
 *       every context message has the reporter as sender or recipient ({@code not_a_party}); every
 *       message is in the reported message's conversation ({@code wrong_conversation}); no two
 *       messages share (sender, message id) ({@code duplicate_message}, on the later one).
 *   <li><b>Keys</b>, the kid is public: {@code unknown_key}, {@code stamp_expired}.
 *   <li><b>Proof</b>: commitment and route from the submitted fields, the stamp's mac recomputed
 *       and compared in constant time: {@code bad_stamp}, the only cryptographic failure code.
 *   <li><b>Transcript</b>, never a failure: links, gaps, and Kahn's order ({@link Transcript}).
 * </ol>
 *
 * The form step is separate ({@link #parse}) so that a service can recognise a repeated report
 * ({@link ParsedReport#repeatKey()}) after step 1 and before the others, as §5 says.
 */
public final class ReportVerifier {
    private final KeyLookup.Source keys;
    private final Clock clock;

    public ReportVerifier(KeyLookup.Source keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** (sender_id, message_id): what makes a message unique within a report (§5 step 2). */
    private record SenderMessage(String senderId, String messageId) {}

    /** Steps 1 to 5. */
    public VerifiedReport verify(String reporterId, List<SubmittedMessage> messages)
            throws ReportRejectedException {
        return verify(parse(reporterId, messages));
    }

    /**
     * Step 1, the form.
     *
     * @param reporterId the authenticated principal, never a field of the request
     * @throws ReportRejectedException at step {@link Step#FORM}
     */
    public ParsedReport parse(String reporterId, List<SubmittedMessage> messages)
            throws ReportRejectedException {
        Ids.checkId(reporterId, "reporterId");
        if (messages == null || messages.isEmpty()) {
            throw new ReportRejectedException(
                    Step.FORM, List.of(new Failure(-1, FailureCode.NO_MESSAGES)));
        }
        if (messages.size() > Limits.MAX_REPORT_MESSAGES) {
            throw new ReportRejectedException(
                    Step.FORM, List.of(new Failure(-1, FailureCode.TOO_MANY_MESSAGES)));
        }
        List<Failure> failures = new ArrayList<>();
        List<ParsedReport.Message> parsed = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            try {
                parsed.add(parseOne(messages.get(i)));
            } catch (LimitException e) {
                failures.add(new Failure(i, e.code()));
            }
        }
        if (!failures.isEmpty()) {
            throw new ReportRejectedException(Step.FORM, failures);
        }
        return new ParsedReport(reporterId, parsed);
    }

    private static ParsedReport.Message parseOne(SubmittedMessage m) {
        if (m == null) {
            throw new LimitException(FailureCode.INVALID_MESSAGE, "message is missing");
        }
        Ids.checkId(m.recipientId(), "recipientId");
        List<Commitment> prev = new ArrayList<>();
        if (m.prev() == null) {
            throw new LimitException(FailureCode.INVALID_PREV, "prev is missing");
        }
        if (m.prev().size() > Limits.MAX_PREV) {
            throw new LimitException(FailureCode.INVALID_PREV, "too many prev entries");
        }
        for (String p : m.prev()) {
            prev.add(
                    Commitment.fromBytes(
                            Bytes.exact(
                                    B64.decode(p, FailureCode.INVALID_PREV, "prev entry"),
                                    Limits.HASH_BYTES,
                                    FailureCode.INVALID_PREV,
                                    "prev entry")));
        }
        byte[] body = B64.decode(m.body(), FailureCode.INVALID_BODY, "body");
        if (m.attachments() == null) {
            throw new LimitException(FailureCode.INVALID_ATTACHMENT, "attachments are missing");
        }
        if (m.attachments().size() > Limits.MAX_ATTACHMENTS) {
            throw new LimitException(FailureCode.TOO_MANY_ATTACHMENTS, "too many attachments");
        }
        List<AttachmentDescriptor> attachments = new ArrayList<>(m.attachments().size());
        for (SubmittedMessage.Attachment a : m.attachments()) {
            if (a == null || a.size() == null) {
                throw new LimitException(FailureCode.INVALID_ATTACHMENT, "attachment is missing");
            }
            attachments.add(
                    new AttachmentDescriptor(
                            a.contentType(),
                            a.size(),
                            B64.decode(a.sha256(), FailureCode.INVALID_ATTACHMENT, "sha256")));
        }
        if (m.sentAt() == null) {
            throw new LimitException(FailureCode.INVALID_TIME, "sentAt is missing");
        }
        MessageContent content =
                new MessageContent(
                        m.messageId(),
                        m.senderId(),
                        m.conversationId(),
                        m.sentAt(),
                        prev,
                        m.contentType(),
                        body,
                        attachments);
        FrankingKey fk =
                FrankingKey.fromBytes(
                        B64.decode(
                                m.frankingKey(), FailureCode.INVALID_FRANKING_KEY, "franking key"));
        SubmittedMessage.SubmittedStamp s = m.stamp();
        if (s == null) {
            throw new LimitException(FailureCode.INVALID_MAC, "stamp is missing");
        }
        Kid kid = new Kid(s.kid());
        if (s.receivedAt() == null) {
            throw new LimitException(FailureCode.INVALID_TIME, "receivedAt is missing");
        }
        RecipientStamp stamp =
                new RecipientStamp(
                        kid,
                        s.receivedAt(),
                        RouteSalt.fromBase64(s.routeSalt()),
                        B64.decode(s.mac(), FailureCode.INVALID_MAC, "mac"));
        return new ParsedReport.Message(content, m.recipientId(), fk, stamp);
    }

    /**
     * Steps 2 to 5 of a report that passed the form.
     *
     * @throws ReportRejectedException at step {@link Step#CLAIMS}, {@link Step#KEYS} or {@link
     *     Step#PROOF}
     */
    public VerifiedReport verify(ParsedReport report) throws ReportRejectedException {
        Instant now = clock.instant();
        String reporter = report.reporterId();
        List<ParsedReport.Message> ms = report.messages();

        // 2. claims: identifiers only
        List<Failure> failures = new ArrayList<>();
        String conversation = ms.get(0).content().conversationId();
        Set<SenderMessage> seen = new HashSet<>();
        for (int i = 0; i < ms.size(); i++) {
            MessageContent c = ms.get(i).content();
            String recipient = ms.get(i).recipientId();
            boolean party =
                    i == 0
                            ? recipient.equals(reporter)
                            : recipient.equals(reporter) || c.senderId().equals(reporter);
            boolean fresh = seen.add(new SenderMessage(c.senderId(), c.messageId()));
            if (!party) {
                failures.add(new Failure(i, FailureCode.NOT_A_PARTY));
            } else if (!c.conversationId().equals(conversation)) {
                failures.add(new Failure(i, FailureCode.WRONG_CONVERSATION));
            } else if (!fresh) {
                failures.add(new Failure(i, FailureCode.DUPLICATE_MESSAGE));
            }
        }
        if (!failures.isEmpty()) {
            throw new ReportRejectedException(Step.CLAIMS, failures);
        }

        // 3. keys: the kid is public; no key is used yet
        Map<Kid, KeyLookup> found = new HashMap<>();
        List<StampKey> stampKeys = new ArrayList<>(ms.size());
        for (int i = 0; i < ms.size(); i++) {
            Kid kid = ms.get(i).stamp().kid();
            KeyLookup k = found.computeIfAbsent(kid, keys::lookup);
            if (k instanceof KeyLookup.Found f && f.key().kid().equals(kid)) {
                if (f.key().verifiesAt(now)) {
                    stampKeys.add(f.key());
                } else {
                    failures.add(new Failure(i, FailureCode.STAMP_EXPIRED));
                }
            } else if (k instanceof KeyLookup.Destroyed) {
                failures.add(new Failure(i, FailureCode.STAMP_EXPIRED));
            } else {
                failures.add(new Failure(i, FailureCode.UNKNOWN_KEY));
            }
        }
        if (!failures.isEmpty()) {
            throw new ReportRejectedException(Step.KEYS, failures);
        }

        // 4. proof: every cryptographic mismatch is the one code bad_stamp
        List<Commitment> commitments = new ArrayList<>(ms.size());
        List<Route> routes = new ArrayList<>(ms.size());
        for (int i = 0; i < ms.size(); i++) {
            ParsedReport.Message m = ms.get(i);
            MessageContent c = m.content();
            Commitment commitment = i == 0 ? report.reportedCommitment() : m.commitment();
            RecipientStamp s = m.stamp();
            Route route =
                    Route.compute(
                            s.routeSalt(),
                            c.senderId(),
                            m.recipientId(),
                            c.conversationId(),
                            c.messageId());
            byte[] mac = stampKeys.get(i).mac(commitment, route, s.receivedAt());
            if (!Bytes.constantTimeEquals(mac, s.unsafeMac())) {
                failures.add(new Failure(i, FailureCode.BAD_STAMP));
            }
            commitments.add(commitment);
            routes.add(route);
        }
        if (!failures.isEmpty()) {
            throw new ReportRejectedException(Step.PROOF, failures);
        }

        // 5. transcript: never a failure
        List<VerifiedMessage> verified = new ArrayList<>(ms.size());
        for (int i = 0; i < ms.size(); i++) {
            ParsedReport.Message m = ms.get(i);
            verified.add(
                    new VerifiedMessage(
                            i,
                            m.content(),
                            m.recipientId(),
                            m.frankingKey(),
                            commitments.get(i),
                            routes.get(i),
                            m.stamp(),
                            stampKeys.get(i).destroyAt(),
                            m.content().senderId().equals(reporter)));
        }
        return new VerifiedReport(reporter, verified, Transcript.of(verified), now);
    }
}
