package dev.franking.evidence;

import dev.franking.v2.Commitment;
import dev.franking.v2.FrankingKey;
import dev.franking.v2.Limits;
import dev.franking.v2.RouteSalt;
import dev.franking.v2.Stamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Everything an evidence package holds, as the service passes it in (EVIDENCE.md, "Manifest"). The
 * package builder is a pure function of this, a signer and a clock: the service reads the case, its
 * reports, evidence items, attachments and audit rows, decrypts the content, and hands them over
 * here; nothing in this module touches a database.
 *
 * <p>Views: {@code viewedAt} lists the instants at which the audit log shows a person at the
 * platform viewing that file's content (empty if it shows none); {@code viewedByPlatform} in the
 * manifest is derived from it, so it cannot say true without a time, nor false with one.
 *
 * <p>People (issue 11, one policy everywhere): the case's reported account appears by its real id;
 * everyone else (reporters, recipients, other senders) only by a keyed pseudonym of at least 128
 * bits ({@link #isPseudonym}), which the service makes ({@code cases.Pseudonyms}). The builder
 * refuses an input that names anyone else by something that is not such a pseudonym.
 *
 * @param packageId a fresh id for this package (the service records it with the package's hash)
 * @param platform the platform's name, as it should read to an agency
 * @param kase the case
 * @param reports the case's reports, in the order they were received
 * @param messages the case's evidence items (one per reported or context message)
 * @param custody the case's audit rows, oldest first (its chain of custody)
 * @param auditChainHead the newest row of the whole audit log when the package was built, or null
 *     if the caller does not supply it; signed into the package, so that an anchor the platform
 *     publishes later can be compared with it
 */
public record EvidenceInput(
        UUID packageId,
        String platform,
        CaseInfo kase,
        List<ReportInfo> reports,
        List<MessageEvidence> messages,
        List<CustodyEvent> custody,
        AuditChainHead auditChainHead) {
    public EvidenceInput {
        Objects.requireNonNull(packageId, "packageId");
        requireText(platform, "platform");
        Objects.requireNonNull(kase, "kase");
        reports = List.copyOf(reports);
        messages = List.copyOf(messages);
        custody = List.copyOf(custody);
        if (auditChainHead != null
                && !custody.isEmpty()
                && custody.get(custody.size() - 1).seq() > auditChainHead.seq()) {
            throw new IllegalArgumentException(
                    "the audit-chain head is older than the package's newest custody event");
        }
    }

    /** An input without the audit-chain head. */
    public EvidenceInput(
            UUID packageId,
            String platform,
            CaseInfo kase,
            List<ReportInfo> reports,
            List<MessageEvidence> messages,
            List<CustodyEvent> custody) {
        this(packageId, platform, kase, reports, messages, custody, null);
    }

    /** This input with {@code head} as its audit-chain head. */
    public EvidenceInput withAuditChainHead(AuditChainHead head) {
        return new EvidenceInput(packageId, platform, kase, reports, messages, custody, head);
    }

    /**
     * The head of the platform's hash-chained audit log (the V2 migration's formula, EVIDENCE.md):
     * its newest row's {@code seq}, time and hash.
     */
    public record AuditChainHead(long seq, Instant at, byte[] hash) {
        public AuditChainHead {
            Objects.requireNonNull(at, "at");
            if (hash == null || hash.length != 32) {
                throw new IllegalArgumentException("an audit row hash is 32 bytes");
            }
            hash = hash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AuditChainHead h
                    && h.seq == seq
                    && h.at.equals(at)
                    && java.util.Arrays.equals(h.hash, hash);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(seq) * 31 + java.util.Arrays.hashCode(hash);
        }

        @Override
        public String toString() {
            return "AuditChainHead[seq=" + seq + ", at=" + at + "]";
        }
    }

    /**
     * The case.
     *
     * @param id the case id
     * @param reportedAccount the platform's id of the reported account (the reported sender)
     * @param openedAt when the case was opened
     * @param closedAt when it was closed, or null while open
     * @param decision the moderator's decision (DISMISS, WARN, RESTRICT, SUSPEND), or null
     * @param decidedAt when it was decided, or null
     */
    public record CaseInfo(
            UUID id,
            String reportedAccount,
            Instant openedAt,
            Instant closedAt,
            String decision,
            Instant decidedAt) {
        public CaseInfo {
            Objects.requireNonNull(id, "case id");
            requireText(reportedAccount, "reportedAccount");
            Objects.requireNonNull(openedAt, "openedAt");
        }
    }

    /**
     * One report of the case.
     *
     * @param reporterPseudonym the reporter as the review UI shows them (a keyed pseudonym)
     * @param category the report's category (PROTOCOL.md §7)
     */
    public record ReportInfo(
            UUID id, String reporterPseudonym, String category, Instant receivedAt) {
        public ReportInfo {
            Objects.requireNonNull(id, "report id");
            requirePseudonym(reporterPseudonym, "reporterPseudonym");
            requireText(category, "category");
            Objects.requireNonNull(receivedAt, "receivedAt");
        }
    }

    /**
     * One message (evidence item): its routing fields as committed (PROTOCOL.md §1), its body, its
     * committed attachments and every stamp under which it was reported and verified.
     *
     * @param itemId the evidence item's id
     * @param sender who wrote it, as the package shows them: the case's reported account by its
     *     real id (the committed {@code sender_id}), anyone else by pseudonym ({@link
     *     #isPseudonym}). Only a message of the reported account can be reopened by the agency: for
     *     anyone else the committed {@code sender_id} stays out of the package, and so must the
     *     franking key (with it, every guess at the real id could be tested against the commitment)
     * @param sentAt the sender's {@code sent_at}, milliseconds since the epoch, as committed (the
     *     sender's clock: never the order, PROTOCOL.md §5.5)
     * @param prev the message's committed {@code prev} (§1): the heads its sender had seen, at most
     *     8, strictly ascending
     * @param body the message body (the plaintext of {@code lp(body)} in content_bytes)
     * @param bodyViewedAt when the audit log shows a person viewing the body; empty if never
     * @param frankingKey the opening of the commitment, or null to leave it out of the package;
     *     with it, a recipient can recompute the commitment from the content. Must be null when
     *     {@code sender} is a pseudonym
     * @param attachments the committed attachments, in commitment order (all of them, uploaded or
     *     not)
     * @param stamps one per report that holds this message
     */
    public record MessageEvidence(
            UUID itemId,
            String messageId,
            String sender,
            String conversationId,
            long sentAt,
            List<Commitment> prev,
            String contentType,
            byte[] body,
            List<Instant> bodyViewedAt,
            Commitment commitment,
            FrankingKey frankingKey,
            List<AttachmentEvidence> attachments,
            List<StampEvidence> stamps) {
        public MessageEvidence {
            Objects.requireNonNull(itemId, "itemId");
            requireText(messageId, "messageId");
            requireText(sender, "sender");
            requireText(conversationId, "conversationId");
            prev = List.copyOf(Objects.requireNonNull(prev, "prev"));
            if (prev.size() > Limits.MAX_PREV) {
                throw new IllegalArgumentException(
                        "message " + messageId + ": prev holds at most " + Limits.MAX_PREV);
            }
            for (int i = 1; i < prev.size(); i++) {
                if (prev.get(i - 1).compareTo(prev.get(i)) >= 0) {
                    throw new IllegalArgumentException(
                            "message " + messageId + ": prev must be strictly ascending (§1)");
                }
            }
            Objects.requireNonNull(contentType, "contentType");
            body = Objects.requireNonNull(body, "body").clone();
            bodyViewedAt = List.copyOf(bodyViewedAt);
            Objects.requireNonNull(commitment, "commitment");
            attachments = List.copyOf(attachments);
            stamps = List.copyOf(stamps);
            if (stamps.isEmpty()) {
                throw new IllegalArgumentException(
                        "message "
                                + messageId
                                + ": no stamp (every evidence item was reported under one)");
            }
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        byte[] unsafeBody() {
            return body;
        }
    }

    /**
     * One committed attachment (PROTOCOL.md §1): its descriptor, and its plaintext if the reporter
     * uploaded it.
     *
     * @param n its position in the commitment (0-based)
     * @param sha256 the committed SHA-256 of its plaintext (32 bytes)
     * @param plaintext the uploaded plaintext, or null if it was never uploaded (or was destroyed)
     * @param viewedAt when the audit log shows a person viewing it; empty if never
     */
    public record AttachmentEvidence(
            int n,
            String contentType,
            long size,
            byte[] sha256,
            byte[] plaintext,
            List<Instant> viewedAt) {
        public AttachmentEvidence {
            if (n < 0) {
                throw new IllegalArgumentException("attachment n < 0");
            }
            Objects.requireNonNull(contentType, "contentType");
            if (size < 0) {
                throw new IllegalArgumentException("attachment size < 0");
            }
            sha256 = Objects.requireNonNull(sha256, "sha256").clone();
            if (sha256.length != 32) {
                throw new IllegalArgumentException("attachment sha256 must be 32 bytes");
            }
            plaintext = plaintext == null ? null : plaintext.clone();
            viewedAt = List.copyOf(viewedAt);
            if (plaintext == null && !viewedAt.isEmpty()) {
                throw new IllegalArgumentException(
                        "attachment " + n + ": views of an attachment that is not in the package");
            }
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        @Override
        public byte[] plaintext() {
            return plaintext == null ? null : plaintext.clone();
        }

        byte[] unsafePlaintext() {
            return plaintext;
        }
    }

    /**
     * One stamp under which a report held this message, what the service proved of it when it
     * verified the report (PROTOCOL.md §5: all checks passed, or the report would not exist), and
     * the message's place in that report's transcript (§5.5), which the verifier recomputes.
     *
     * @param reportId the report
     * @param index the message's position in that report as submitted (0 = the reported message)
     * @param recipient the recipient the stamp names: the case's reported account by its real id,
     *     anyone else (the reporter, another member of a group) by pseudonym
     * @param stamp kid, receivedAt (the platform's clock) and MAC
     * @param routeSalt the relay's salt of this stamp's route (§3), or null where the service holds
     *     none (stamps stored before protocol v2). The route itself is left out: with it, anyone
     *     could test guesses at the recipient's real id
     * @param transcriptPosition the message's position in the report's causal order (§5.5; 0 =
     *     first), as the service stored it when it verified the report
     * @param gaps how many of the message's {@code prev} entries name no message of that report
     *     (messages the report left out), as stored
     * @param byReporter whether the report's reporter wrote this message (its {@code sender_id} is
     *     the reporter): shown as such wherever people see it (§5.5)
     * @param verifiedAt when the service verified commitment and stamp
     * @param keyExpiresAt when the stamp key is (or was) destroyed
     */
    public record StampEvidence(
            UUID reportId,
            int index,
            String recipient,
            Stamp stamp,
            RouteSalt routeSalt,
            int transcriptPosition,
            int gaps,
            boolean byReporter,
            Instant verifiedAt,
            Instant keyExpiresAt) {
        public StampEvidence {
            Objects.requireNonNull(reportId, "reportId");
            if (index < 0 || transcriptPosition < 0 || gaps < 0) {
                throw new IllegalArgumentException(
                        "index, transcript position and gaps are not negative");
            }
            requireText(recipient, "recipient");
            Objects.requireNonNull(stamp, "stamp");
            Objects.requireNonNull(verifiedAt, "verifiedAt");
            Objects.requireNonNull(keyExpiresAt, "keyExpiresAt");
        }
    }

    /**
     * One row of the audit log about this case (V2 migration, table {@code audit_log}), so that a
     * recipient can recompute its hash: {@code SHA-256(prevHash || lp(seq) || lp(at) || lp(actor)
     * || lp(event) || lp(caseId) || lp(subject) || lp(detail))}.
     *
     * @param prevHash the previous row's hash (32 bytes), or null if the caller does not pass it
     * @param hash this row's hash (32 bytes)
     */
    public record CustodyEvent(
            long seq,
            Instant at,
            String actor,
            String event,
            String subject,
            String detail,
            byte[] prevHash,
            byte[] hash) {
        public CustodyEvent {
            Objects.requireNonNull(at, "at");
            requireText(actor, "actor");
            requireText(event, "event");
            prevHash = prevHash == null ? null : prevHash.clone();
            hash = Objects.requireNonNull(hash, "hash").clone();
        }

        @Override
        public byte[] prevHash() {
            return prevHash == null ? null : prevHash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }
    }

    /**
     * The form of a pseudonym the package accepts: {@code P-} and at least 32 upper-case hex digits
     * (128 bits; issue 11: 32-bit pseudonyms collide at some 65,000 people, and a package could
     * then merge two of them).
     */
    private static final Pattern PSEUDONYM = Pattern.compile("P-[0-9A-F]{32,64}");

    /** Whether {@code s} has the form of a pseudonym (above). */
    public static boolean isPseudonym(String s) {
        return s != null && PSEUDONYM.matcher(s).matches();
    }

    static void requirePseudonym(String s, String name) {
        if (!isPseudonym(s)) {
            throw new IllegalArgumentException(
                    name + " must be a pseudonym of at least 128 bits (P- and 32 hex digits)");
        }
    }

    static void requireText(String s, String name) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(name + " is missing");
        }
    }
}
