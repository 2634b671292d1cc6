package dev.franking.v2;

import dev.franking.v2.ReportRejectedException.Failure;
import dev.franking.v2.ReportRejectedException.Step;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    /** Steps 1 to 5. */
    public VerifiedReport verify(String reporterId, List<SubmittedMessage> messages)
            throws ReportRejectedException {
        // one per-thread look-up for the whole report (see Scratch: no use of it spans a call
        // out of this package, so holding it across the caller's list, clock and keys is safe)
        Scratch scratch = Scratch.get();
        return verify(parse(reporterId, messages, scratch), scratch);
    }

    /**
     * Step 1, the form.
     *
     * @param reporterId the authenticated principal, never a field of the request
     * @throws ReportRejectedException at step {@link Step#FORM}
     */
    public ParsedReport parse(String reporterId, List<SubmittedMessage> messages)
            throws ReportRejectedException {
        return parse(reporterId, messages, Scratch.get());
    }

    private ParsedReport parse(String reporterId, List<SubmittedMessage> messages, Scratch scratch)
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
        List<Failure> failures = null;
        ParsedReport.Message[] parsed = new ParsedReport.Message[messages.size()];
        for (int i = 0; i < parsed.length; i++) {
            try {
                parsed[i] = parseOne(messages.get(i));
            } catch (LimitException e) {
                failures = add(failures, new Failure(i, e.code()));
            }
        }
        if (failures != null) {
            throw new ReportRejectedException(Step.FORM, failures);
        }
        return new ParsedReport(reporterId, List.of(parsed), scratch);
    }

    /** A list made only when a report fails: a report that verifies allocates none. */
    private static List<Failure> add(List<Failure> failures, Failure f) {
        List<Failure> l = failures == null ? new ArrayList<>() : failures;
        l.add(f);
        return l;
    }

    private static ParsedReport.Message parseOne(SubmittedMessage m) {
        if (m == null) {
            throw new LimitException(FailureCode.INVALID_MESSAGE, "message is missing");
        }
        // Every check below is the one the typed values' constructors make, in their order
        // (recipientId, then MessageContent's: ids, sentAt, prev, content type, body), so that a
        // message fails with the same first code as before. The identifiers are checked in the
        // pass that writes their str() encodings (Wire.Writer#strChecked): the commitment and the
        // route copy those bytes instead of scanning every identifier twice more.
        Wire.Writer ids =
                new Wire.Writer(
                        20
                                + length(m.recipientId())
                                + length(m.messageId())
                                + length(m.senderId())
                                + length(m.conversationId())
                                + length(m.contentType()));
        ids.strChecked(
                m.recipientId(), 1, Limits.MAX_ID_BYTES, FailureCode.INVALID_ID, "recipientId");
        if (m.prev() == null) {
            throw new LimitException(FailureCode.INVALID_PREV, "prev is missing");
        }
        if (m.prev().size() > Limits.MAX_PREV) {
            throw new LimitException(FailureCode.INVALID_PREV, "too many prev entries");
        }
        // immutable lists from arrays, of non-null entries
        Commitment[] prev = new Commitment[m.prev().size()];
        for (int i = 0; i < prev.length; i++) {
            prev[i] =
                    Commitment.fromBase64(m.prev().get(i), FailureCode.INVALID_PREV, "prev entry");
        }
        byte[] body = B64.decode(m.body(), FailureCode.INVALID_BODY, "body");
        if (m.attachments() == null) {
            throw new LimitException(FailureCode.INVALID_ATTACHMENT, "attachments are missing");
        }
        if (m.attachments().size() > Limits.MAX_ATTACHMENTS) {
            throw new LimitException(FailureCode.TOO_MANY_ATTACHMENTS, "too many attachments");
        }
        AttachmentDescriptor[] attachments = new AttachmentDescriptor[m.attachments().size()];
        for (int i = 0; i < attachments.length; i++) {
            SubmittedMessage.Attachment a = m.attachments().get(i);
            if (a == null || a.size() == null) {
                throw new LimitException(FailureCode.INVALID_ATTACHMENT, "attachment is missing");
            }
            attachments[i] =
                    new AttachmentDescriptor(
                            a.contentType(),
                            a.size(),
                            B64.decode(a.sha256(), FailureCode.INVALID_ATTACHMENT, "sha256"));
        }
        if (m.sentAt() == null) {
            throw new LimitException(FailureCode.INVALID_TIME, "sentAt is missing");
        }
        // MessageContent's public constructor's checks, in its order
        int messageAt = ids.length();
        ids.strChecked(m.messageId(), 1, Limits.MAX_ID_BYTES, FailureCode.INVALID_ID, "messageId");
        int senderAt = ids.length();
        ids.strChecked(m.senderId(), 1, Limits.MAX_ID_BYTES, FailureCode.INVALID_ID, "senderId");
        int conversationAt = ids.length();
        ids.strChecked(
                m.conversationId(),
                1,
                Limits.MAX_ID_BYTES,
                FailureCode.INVALID_ID,
                "conversationId");
        long sentAt = m.sentAt();
        Ids.checkTime(sentAt, "sentAt");
        List<Commitment> prevList = MessageContent.checkPrev(List.of(prev));
        int contentTypeAt = ids.length();
        ids.strChecked(
                m.contentType(),
                1,
                Limits.MAX_CONTENT_TYPE_BYTES,
                FailureCode.INVALID_CONTENT_TYPE,
                "contentType");
        MessageContent.checkBodySize(body.length);
        // the decoded body is nobody else's: the content takes it without a copy
        MessageContent content =
                MessageContent.checked(
                        m.messageId(),
                        m.senderId(),
                        m.conversationId(),
                        sentAt,
                        prevList,
                        m.contentType(),
                        body,
                        List.of(attachments));
        FrankingKey fk = FrankingKey.fromBase64(m.frankingKey());
        SubmittedMessage.SubmittedStamp s = m.stamp();
        if (s == null) {
            throw new LimitException(FailureCode.INVALID_MAC, "stamp is missing");
        }
        Kid kid = new Kid(s.kid());
        if (s.receivedAt() == null) {
            throw new LimitException(FailureCode.INVALID_TIME, "receivedAt is missing");
        }
        long receivedAt = s.receivedAt();
        RouteSalt routeSalt = RouteSalt.fromBase64(s.routeSalt());
        byte[] mac = B64.decode(s.mac(), FailureCode.INVALID_MAC, "mac");
        // RecipientStamp's public constructor's checks, in its order (kid and salt are not null
        // here); the decoded mac is nobody else's: the stamp takes it without a copy
        Ids.checkTime(receivedAt, "receivedAt");
        Bytes.owned(mac, Limits.HASH_BYTES, FailureCode.INVALID_MAC, "stamp mac");
        RecipientStamp stamp = RecipientStamp.checked(kid, receivedAt, routeSalt, mac);
        return new ParsedReport.Message(
                content,
                m.recipientId(),
                fk,
                stamp,
                ids.array(),
                messageAt,
                senderAt,
                conversationAt,
                contentTypeAt,
                ids.length());
    }

    /** A length to size a buffer by, of a field that may be missing. */
    private static int length(String s) {
        return s == null ? 0 : Math.min(s.length(), 4 * Limits.MAX_ID_BYTES);
    }

    /**
     * Steps 2 to 5 of a report that passed the form.
     *
     * @throws ReportRejectedException at step {@link Step#CLAIMS}, {@link Step#KEYS} or {@link
     *     Step#PROOF}
     */
    public VerifiedReport verify(ParsedReport report) throws ReportRejectedException {
        return verify(report, Scratch.get());
    }

    private VerifiedReport verify(ParsedReport report, Scratch scratch)
            throws ReportRejectedException {
        Instant now = clock.instant();
        String reporter = report.reporterId();
        List<ParsedReport.Message> ms = report.messages();
        int n = ms.size();

        // 2. claims: identifiers only. At most 30 messages: comparing each with the ones before
        // it costs less than the set of (sender_id, message_id) it replaces
        List<Failure> failures = null;
        String conversation = ms.get(0).content().conversationId();
        for (int i = 0; i < n; i++) {
            MessageContent c = ms.get(i).content();
            String recipient = ms.get(i).recipientId();
            boolean party =
                    i == 0
                            ? recipient.equals(reporter)
                            : recipient.equals(reporter) || c.senderId().equals(reporter);
            if (!party) {
                failures = add(failures, new Failure(i, FailureCode.NOT_A_PARTY));
            } else if (!c.conversationId().equals(conversation)) {
                failures = add(failures, new Failure(i, FailureCode.WRONG_CONVERSATION));
            } else if (seenBefore(ms, i)) {
                failures = add(failures, new Failure(i, FailureCode.DUPLICATE_MESSAGE));
            }
        }
        if (failures != null) {
            throw new ReportRejectedException(Step.CLAIMS, failures);
        }

        // 3. keys: the kid is public; no key is used yet. One lookup per distinct kid
        StampKey[] stampKeys = new StampKey[n];
        KeyLookup[] lookups = new KeyLookup[n];
        for (int i = 0; i < n; i++) {
            Kid kid = ms.get(i).stamp().kid();
            KeyLookup k = null;
            for (int j = 0; j < i && k == null; j++) {
                if (lookups[j] != null && ms.get(j).stamp().kid().equals(kid)) {
                    k = lookups[j];
                }
            }
            if (k == null) {
                k = keys.lookup(kid);
            }
            lookups[i] = k;
            if (k instanceof KeyLookup.Found f && f.key().kid().equals(kid)) {
                if (f.key().verifiesAt(now)) {
                    stampKeys[i] = f.key();
                } else {
                    failures = add(failures, new Failure(i, FailureCode.STAMP_EXPIRED));
                }
            } else if (k instanceof KeyLookup.Destroyed) {
                failures = add(failures, new Failure(i, FailureCode.STAMP_EXPIRED));
            } else {
                failures = add(failures, new Failure(i, FailureCode.UNKNOWN_KEY));
            }
        }
        if (failures != null) {
            throw new ReportRejectedException(Step.KEYS, failures);
        }

        // 4. proof: every cryptographic mismatch is the one code bad_stamp
        Commitment[] commitments = new Commitment[n];
        Route[] routes = new Route[n];
        // the per-thread scratch serves every hash of this step; nothing but this package's code
        // runs while it is in use
        for (int i = 0; i < n; i++) {
            ParsedReport.Message m = ms.get(i);
            Commitment commitment = i == 0 ? report.reportedCommitment() : m.commitment(scratch);
            RecipientStamp s = m.stamp();
            // from the identifiers' encodings the form step wrote while checking them
            Route route = m.route(scratch);
            if (!stampKeys[i].verifyMac(
                    scratch, commitment, route, s.receivedAt(), s.unsafeMac())) {
                failures = add(failures, new Failure(i, FailureCode.BAD_STAMP));
            }
            commitments[i] = commitment;
            routes[i] = route;
        }
        if (failures != null) {
            throw new ReportRejectedException(Step.PROOF, failures);
        }

        // 5. transcript: never a failure
        VerifiedMessage[] verified = new VerifiedMessage[n];
        for (int i = 0; i < n; i++) {
            ParsedReport.Message m = ms.get(i);
            verified[i] =
                    new VerifiedMessage(
                            i,
                            m.content(),
                            m.recipientId(),
                            m.frankingKey(),
                            commitments[i],
                            routes[i],
                            m.stamp(),
                            stampKeys[i].destroyAt(),
                            m.content().senderId().equals(reporter));
        }
        List<VerifiedMessage> list = List.of(verified);
        return new VerifiedReport(reporter, list, Transcript.of(list), now);
    }

    /** Whether a message before {@code i} has message {@code i}'s (sender_id, message_id). */
    private static boolean seenBefore(List<ParsedReport.Message> ms, int i) {
        MessageContent c = ms.get(i).content();
        for (int j = 0; j < i; j++) {
            MessageContent d = ms.get(j).content();
            if (d.messageId().equals(c.messageId()) && d.senderId().equals(c.senderId())) {
                return true;
            }
        }
        return false;
    }
}
