package dev.franking.service.cases;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.ReviewPorts.NotFound;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.AttachmentRow;
import dev.franking.review.model.Views.AuditRow;
import dev.franking.review.model.Views.CaseView;
import dev.franking.review.model.Views.CategoryCount;
import dev.franking.review.model.Views.EvidenceRow;
import dev.franking.review.model.Views.HeldOriginal;
import dev.franking.review.model.Views.HistoryRow;
import dev.franking.review.model.Views.NoteRow;
import dev.franking.review.model.Views.OriginalHold;
import dev.franking.review.model.Views.Party;
import dev.franking.review.model.Views.Proof;
import dev.franking.review.model.Views.ReportCursor;
import dev.franking.review.model.Views.ReportRow;
import dev.franking.review.model.Views.ReportVerdict;
import dev.franking.review.model.Views.ReportsPage;
import dev.franking.review.model.Views.RevealGrant;
import dev.franking.review.model.Views.RevealedAttachment;
import dev.franking.review.model.Views.RevealedItem;
import dev.franking.review.model.Views.RevealedTranscript;
import dev.franking.review.model.Views.TranscriptLine;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.crypto.Vault;
import dev.franking.service.moderators.ModeratorService;
import dev.franking.service.reports.ReportRepository;
import dev.franking.v2.MessageContent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A case as the review UI shows it, and the audited reveals of its plaintext: every view of
 * content, an attachment or a comment appends its audit row in the same transaction.
 */
@Service
class CaseViews implements ReviewPorts.Cases {
    private final CaseAccess access;
    private final CaseRepository cases;
    private final ReportRepository reports;
    private final AuditLog audit;
    private final Pseudonyms pseudonyms;
    private final ModeratorService moderators;
    private final Vault vault;
    private final Clock clock;

    CaseViews(
            CaseAccess access,
            CaseRepository cases,
            ReportRepository reports,
            AuditLog audit,
            Pseudonyms pseudonyms,
            ModeratorService moderators,
            Vault vault,
            Clock clock) {
        this.access = access;
        this.cases = cases;
        this.reports = reports;
        this.audit = audit;
        this.pseudonyms = pseudonyms;
        this.moderators = moderators;
        this.vault = vault;
        this.clock = clock;
    }

    /**
     * The case with one page of its reports (issue 15: a case of 20,001 reports was read whole and
     * did not render in a minute). Each statement reads a bounded number of rows: the page's
     * reports by their index and a LIMIT, the page before's start (index-only), the counts by
     * category (index-only over the case's entries), the page's messages and stamps in one
     * statement by the reports' keys, the items' reporter counts (index-only), their attachments
     * without the blobs, the notes, and the newest rows of the history.
     */
    @Override
    public Optional<CaseView> find(UUID caseId, Reviewer viewer, ReportCursor from) {
        CaseRow c;
        try {
            c = access.visible(caseId, viewer, false);
        } catch (NotFound e) {
            return Optional.empty();
        }
        String reported = c.sender();
        int size = ReportsPage.SIZE;
        ReportRepository.ReportKey fromKey =
                from == null ? null : new ReportRepository.ReportKey(from.receivedAt(), from.id());
        List<ReportRepository.CaseReport> fetched = reports.reportsPage(caseId, fromKey, size + 1);
        List<ReportRepository.CaseReport> caseReports =
                fetched.subList(0, Math.min(size, fetched.size()));
        ReportCursor next =
                fetched.size() > size
                        ? new ReportCursor(fetched.get(size).receivedAt(), fetched.get(size).id())
                        : null;
        boolean hasPrevious = false;
        ReportCursor previous = null;
        if (fromKey != null) {
            // one more than a page: a full page before this one starts at its last row, unless
            // that row is the case's first (then the link is the first page's, without a cursor)
            List<ReportRepository.ReportKey> before = reports.before(caseId, fromKey, size + 1);
            hasPrevious = !before.isEmpty();
            if (before.size() > size) {
                ReportRepository.ReportKey start = before.get(size - 1);
                previous = new ReportCursor(start.receivedAt(), start.id());
            }
        }
        List<CategoryCount> breakdown =
                reports.categoryCounts(caseId).stream()
                        .map(
                                k ->
                                        new CategoryCount(
                                                k.category(),
                                                k.reports(),
                                                k.upheld(),
                                                k.dismissed()))
                        .toList();
        int total = breakdown.stream().mapToInt(CategoryCount::reports).sum();

        // each report's transcript as stored at verification (PROTOCOL.md §5 step 5), in order,
        // and the stamps verified for it: one read of the page's report_messages rows
        List<ReportRepository.MessageEntry> messages =
                reports.messagesOfReports(
                        caseReports.stream().map(ReportRepository.CaseReport::id).toList());
        Map<UUID, List<TranscriptLine>> transcripts = new LinkedHashMap<>();
        Map<UUID, ReportRepository.MessageEntry> items = new LinkedHashMap<>();
        Map<UUID, List<ReportRepository.MessageEntry>> stamps = new LinkedHashMap<>();
        for (ReportRepository.MessageEntry t : messages) {
            transcripts
                    .computeIfAbsent(t.reportId(), k -> new ArrayList<>())
                    .add(
                            new TranscriptLine(
                                    t.idx(),
                                    t.evidenceItemId(),
                                    party(t.senderId(), reported),
                                    Instant.ofEpochMilli(t.sentAt()),
                                    Instant.ofEpochMilli(t.receivedAt()),
                                    t.idx() == 0,
                                    t.transcriptPos(),
                                    t.gapCount(),
                                    t.byReporter()));
            items.putIfAbsent(t.evidenceItemId(), t);
            stamps.computeIfAbsent(t.evidenceItemId(), k -> new ArrayList<>()).add(t);
        }
        List<ReportRow> reportRows =
                caseReports.stream()
                        .map(
                                r ->
                                        new ReportRow(
                                                r.id(),
                                                pseudonyms.of(r.reporterId()),
                                                r.category(),
                                                r.hasComment(),
                                                r.receivedAt(),
                                                transcripts.getOrDefault(r.id(), List.of()),
                                                verdict(r.verdict()),
                                                r.verdictBy()))
                        .toList();
        Map<UUID, List<AttachmentRow>> attachments = new LinkedHashMap<>();
        for (ReportRepository.AttachmentInfo a : reports.attachmentsOfItems(items.keySet())) {
            attachments
                    .computeIfAbsent(a.evidenceItemId(), k -> new ArrayList<>())
                    .add(
                            new AttachmentRow(
                                    a.n(),
                                    a.contentType(),
                                    a.size(),
                                    HexFormat.of().formatHex(a.sha256()),
                                    a.uploaded()));
        }
        Map<UUID, Integer> reportedBy = reports.reportedBy(items.keySet());
        List<EvidenceRow> evidence =
                items.values().stream()
                        .sorted(
                                Comparator.comparingLong(ReportRepository.MessageEntry::sentAt)
                                        .thenComparing(
                                                ReportRepository.MessageEntry::evidenceItemId))
                        .map(
                                e ->
                                        new EvidenceRow(
                                                e.evidenceItemId(),
                                                e.messageId(),
                                                party(e.senderId(), reported),
                                                e.conversationId(),
                                                Instant.ofEpochMilli(e.sentAt()),
                                                e.contentType(),
                                                e.bodyLength(),
                                                reportedBy.getOrDefault(e.evidenceItemId(), 0),
                                                proofs(stamps.get(e.evidenceItemId()), reported),
                                                attachments.getOrDefault(
                                                        e.evidenceItemId(), List.of())))
                        .toList();
        byte[] key = c.wrappedKey() == null ? null : access.dataKey(c);
        Map<String, String> noteTexts = new java.util.HashMap<>();
        List<NoteRow> notes =
                cases.notes(caseId).stream()
                        .map(
                                n -> {
                                    String text =
                                            key == null || n.textEnc() == null
                                                    ? null
                                                    : vault.openNote(key, n.id(), n.textEnc());
                                    if (text != null) {
                                        noteTexts.put(n.id().toString(), text);
                                    }
                                    return new NoteRow(n.createdAt(), n.author(), text);
                                })
                        .toList();
        // the newest rows only: intake writes one per report received, so a big case's history is
        // as long as its reports; the audit page (by case) has all of it
        List<AuditRow> recent = audit.recentForCase(caseId, CaseView.HISTORY + 1);
        boolean historyCut = recent.size() > CaseView.HISTORY;
        List<HistoryRow> history =
                new ArrayList<>(
                        recent.subList(historyCut ? 1 : 0, recent.size()).stream()
                                .map(
                                        a ->
                                                new HistoryRow(
                                                        a.at(),
                                                        a.actor(),
                                                        a.event(),
                                                        withReason(a, noteTexts)))
                                .toList());
        if ("child_safety_report".equals(c.reroutedWhy()) && c.reroutedAt() != null) {
            // intake moved the case away from its assignee inside the report's batch, where no
            // audit row can be appended; the case row records it, and the history shows it
            history.add(
                    new HistoryRow(
                            c.reroutedAt(),
                            "system",
                            "case.rerouted",
                            "child-safety report; taken from=" + c.reroutedFrom()));
            history.sort(java.util.Comparator.comparing(HistoryRow::at));
        }
        return Optional.of(
                new CaseView(
                        c.id(),
                        c.sender(),
                        c.status(),
                        c.category(),
                        c.childSafety(),
                        c.assignee(),
                        c.openedAt(),
                        c.closedAt(),
                        c.decision(),
                        reportRows,
                        evidence,
                        notes,
                        List.copyOf(history),
                        c.wrappedKey() == null,
                        new ReportsPage(total, breakdown, from, hasPrevious, previous, next),
                        historyCut));
    }

    /** The stamps verified for an item in this page's reports, by verification time. */
    private List<Proof> proofs(List<ReportRepository.MessageEntry> rows, String reported) {
        return rows.stream()
                .sorted(
                        Comparator.comparing(ReportRepository.MessageEntry::verifiedAt)
                                .thenComparing(ReportRepository.MessageEntry::reportId)
                                .thenComparingInt(ReportRepository.MessageEntry::idx))
                .map(
                        s ->
                                new Proof(
                                        party(s.senderId(), reported),
                                        party(s.recipientId(), reported),
                                        s.conversationId(),
                                        Instant.ofEpochMilli(s.receivedAt()),
                                        s.kid(),
                                        s.verifiedAt()))
                .toList();
    }

    /** Audit events whose subject is the case note holding their reason. */
    private static final java.util.Set<String> REASON_IN_NOTE =
            java.util.Set.of(AuditEvent.CASE_ESCALATED.wire(), AuditEvent.CASE_REOPENED.wire());

    /**
     * An escalation's or a reopening's reason is sealed as a case note, which its audit row names
     * (the log itself holds no such text); the history shows it beside the row (issue 14: "reasons
     * in the history"), to the same viewer the notes are shown to, and not once the case key is
     * gone.
     */
    private static String withReason(
            dev.franking.review.model.Views.AuditRow a, Map<String, String> noteTexts) {
        String reason = REASON_IN_NOTE.contains(a.event()) ? noteTexts.get(a.subject()) : null;
        if (reason == null) {
            return a.detail();
        }
        return (a.detail() == null ? "" : a.detail() + "; ") + "reason=" + reason;
    }

    /** The one policy (issue 11): the reported account by its id, anyone else by pseudonym. */
    private Party party(String id, String reported) {
        return id.equals(reported) ? Party.account(id) : Party.pseudonymous(pseudonyms.of(id));
    }

    static ReportVerdict verdict(String wire) {
        return wire == null ? null : ReportVerdict.valueOf(wire.toUpperCase(Locale.ROOT));
    }

    @Override
    @Transactional
    public RevealedItem reveal(UUID caseId, UUID itemId, Reviewer viewer) {
        CaseRow c = access.visible(caseId, viewer, false);
        byte[] key = access.dataKey(c);
        RevealedItem shown = open(key, caseId, itemId);
        audit.append(
                viewer.username(), AuditEvent.EVIDENCE_VIEWED, caseId, itemId.toString(), null);
        return shown;
    }

    /**
     * A report's whole transcript in one audited action: one row, its subject the report, its
     * detail every message shown (the evidence package counts it as a view of each).
     */
    @Override
    @Transactional
    public RevealedTranscript revealTranscript(UUID caseId, UUID reportId, Reviewer viewer) {
        CaseRow c = access.visible(caseId, viewer, false);
        byte[] key = access.dataKey(c);
        List<UUID> items = transcriptItems(caseId, reportId);
        List<RevealedItem> shown = new ArrayList<>();
        for (UUID item : items) {
            shown.add(open(key, caseId, item));
        }
        audit.append(
                viewer.username(),
                AuditEvent.TRANSCRIPT_VIEWED,
                caseId,
                reportId.toString(),
                AuditLog.SHOWN_ITEMS
                        + String.join(",", items.stream().map(UUID::toString).toList()));
        return new RevealedTranscript(reportId, List.copyOf(shown));
    }

    /**
     * Shows again, unaudited, exactly what this viewer's recorded view covered, while that record
     * is younger than the grant's lifetime: the audit log, not the browser, is what the grant
     * stands on, so a grant copied to another session or person, or kept too long, shows nothing.
     */
    @Override
    @Transactional(readOnly = true)
    public List<RevealedItem> showAgain(RevealGrant grant, Reviewer viewer) {
        if (grant.comment()) {
            return List.of(); // a comment's grant shows the comment only (showCommentAgain)
        }
        CaseRow c;
        try {
            c = access.visible(grant.caseId(), viewer, false);
        } catch (NotFound e) {
            return List.of();
        }
        if (c.wrappedKey() == null) {
            return List.of();
        }
        Instant since = clock.instant().minus(RevealGrant.LIFETIME);
        boolean transcript = grant.reportId() != null;
        if (!audit.recordedSince(
                viewer.username(),
                transcript ? AuditEvent.TRANSCRIPT_VIEWED : AuditEvent.EVIDENCE_VIEWED,
                c.id(),
                (transcript ? grant.reportId() : grant.itemId()).toString(),
                since)) {
            return List.of();
        }
        byte[] key;
        try {
            key = access.dataKey(c);
        } catch (ReviewPorts.ActionRefused destroyed) {
            return List.of();
        }
        List<UUID> items =
                transcript ? transcriptItems(c.id(), grant.reportId()) : List.of(grant.itemId());
        List<RevealedItem> shown = new ArrayList<>();
        for (UUID item : items) {
            shown.add(open(key, c.id(), item));
        }
        return List.copyOf(shown);
    }

    /** The evidence items of one report of this case, in its causal order. */
    private List<UUID> transcriptItems(UUID caseId, UUID reportId) {
        List<UUID> items = reports.transcriptItems(caseId, reportId).stream().distinct().toList();
        if (items.isEmpty()) {
            throw new NotFound();
        }
        return items;
    }

    private RevealedItem open(byte[] key, UUID caseId, UUID itemId) {
        byte[] sealed = reports.sealedContent(caseId, itemId).orElseThrow(NotFound::new);
        if (sealed == null) {
            throw new ReviewPorts.ActionRefused("refused.evidence-destroyed");
        }
        MessageContent content = vault.openContent(key, itemId, sealed).content();
        String type = content.contentType().toLowerCase(Locale.ROOT);
        boolean textual = type.startsWith("text/") || type.isEmpty();
        return new RevealedItem(
                itemId,
                content.contentType(),
                textual ? new String(content.body(), StandardCharsets.UTF_8) : null,
                textual,
                content.body().length);
    }

    @Override
    @Transactional
    public RevealedAttachment attachment(UUID caseId, UUID itemId, int n, Reviewer viewer) {
        return attachment(caseId, itemId, n, null, viewer);
    }

    @Override
    @Transactional
    public RevealedAttachment attachment(
            UUID caseId, UUID itemId, int n, OriginalHold hold, Reviewer viewer) {
        CaseRow c = access.visible(caseId, viewer, false);
        byte[] key = access.dataKey(c);
        ReportRepository.SealedAttachment b =
                reports.sealedAttachment(caseId, itemId, n).orElseThrow(NotFound::new);
        byte[] plain = vault.openAttachment(key, itemId, n, b.blobEnc());
        // "view original": the one row that makes an attachment count as viewed (issue 13); under
        // a hold, its detail names the hold (a digest of its token) and whether colour was shown
        audit.append(
                viewer.username(),
                AuditEvent.ATTACHMENT_ORIGINAL_VIEWED,
                caseId,
                itemId + "#" + n,
                hold == null
                        ? null
                        : holdDetail(hold.token()) + (hold.colour() ? HOLD_COLOUR : ""));
        return new RevealedAttachment(b.contentType(), plain);
    }

    /** The detail of a "view original" row under a hold: {@code hold=<digest>[;colour]}. */
    static final String HOLD_DETAIL = "hold=";

    static final String HOLD_COLOUR = ";colour";

    /**
     * A hold's token as its audit rows name it: the first 128 bits of its SHA-256, so that the
     * token, which opens the view to its person for a few minutes, is never in the log itself.
     */
    static String holdDetail(String token) {
        try {
            byte[] d =
                    java.security.MessageDigest.getInstance("SHA-256")
                            .digest(token.getBytes(StandardCharsets.UTF_8));
            return HOLD_DETAIL + HexFormat.of().formatHex(d, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Shows an original again, unaudited, to the reviewer whose "view original" rows of the last
     * {@link OriginalHold#LIFETIME} name this hold: the audit log is shared by every instance, so
     * the hold holds wherever the next request lands, and nothing decrypted waits in memory.
     */
    @Override
    @Transactional(readOnly = true)
    public Optional<HeldOriginal> originalAgain(
            UUID caseId, UUID itemId, int n, String token, Reviewer viewer) {
        if (token == null || token.isEmpty() || token.length() > OriginalHold.TOKEN_MAX) {
            return Optional.empty();
        }
        CaseRow c;
        try {
            c = access.visible(caseId, viewer, false);
        } catch (NotFound e) {
            return Optional.empty();
        }
        if (c.wrappedKey() == null) {
            return Optional.empty();
        }
        String hold = holdDetail(token);
        List<String> rows =
                audit.detailsSince(
                        viewer.username(),
                        AuditEvent.ATTACHMENT_ORIGINAL_VIEWED,
                        c.id(),
                        itemId + "#" + n,
                        hold,
                        clock.instant().minus(OriginalHold.LIFETIME));
        List<String> mine =
                rows.stream().filter(d -> d.equals(hold) || d.equals(hold + HOLD_COLOUR)).toList();
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        byte[] key;
        try {
            key = access.dataKey(c);
        } catch (ReviewPorts.ActionRefused destroyed) {
            return Optional.empty();
        }
        Optional<ReportRepository.SealedAttachment> b = reports.sealedAttachment(c.id(), itemId, n);
        if (b.isEmpty()) {
            return Optional.empty();
        }
        byte[] plain = vault.openAttachment(key, itemId, n, b.get().blobEnc());
        return Optional.of(
                new HeldOriginal(b.get().contentType(), plain, mine.contains(hold + HOLD_COLOUR)));
    }

    @Override
    @Transactional
    public RevealedAttachment attachmentForPreview(
            UUID caseId, UUID itemId, int n, Reviewer viewer) {
        CaseRow c = access.visible(caseId, viewer, false);
        byte[] key = access.dataKey(c);
        ReportRepository.SealedAttachment b =
                reports.sealedAttachment(caseId, itemId, n).orElseThrow(NotFound::new);
        byte[] plain = vault.openAttachment(key, itemId, n, b.blobEnc());
        // decrypted for a blurred preview made on the server: recorded, but not a view
        audit.append(
                viewer.username(), AuditEvent.ATTACHMENT_PREVIEWED, caseId, itemId + "#" + n, null);
        return new RevealedAttachment(b.contentType(), plain);
    }

    @Override
    @Transactional
    public String revealComment(UUID caseId, UUID reportId, Reviewer viewer) {
        CaseRow c = access.visible(caseId, viewer, false);
        byte[] key = access.dataKey(c);
        byte[] sealed = reports.sealedComment(caseId, reportId).orElseThrow(NotFound::new);
        String text = vault.openComment(key, reportId, sealed);
        audit.append(
                viewer.username(), AuditEvent.COMMENT_VIEWED, caseId, reportId.toString(), null);
        return text;
    }

    /**
     * Shows a comment again, unaudited, while this viewer's {@code comment.viewed} row of it is
     * younger than the grant's lifetime (as {@link #showAgain} for content).
     */
    @Override
    @Transactional(readOnly = true)
    public Optional<String> showCommentAgain(RevealGrant grant, Reviewer viewer) {
        if (!grant.comment() || grant.reportId() == null) {
            return Optional.empty();
        }
        CaseRow c;
        try {
            c = access.visible(grant.caseId(), viewer, false);
        } catch (NotFound e) {
            return Optional.empty();
        }
        if (c.wrappedKey() == null
                || !audit.recordedSince(
                        viewer.username(),
                        AuditEvent.COMMENT_VIEWED,
                        c.id(),
                        grant.reportId().toString(),
                        clock.instant().minus(RevealGrant.LIFETIME))) {
            return Optional.empty();
        }
        byte[] key;
        try {
            key = access.dataKey(c);
        } catch (ReviewPorts.ActionRefused destroyed) {
            return Optional.empty();
        }
        return reports.sealedComment(c.id(), grant.reportId())
                .map(box -> vault.openComment(key, grant.reportId(), box));
    }

    @Override
    public List<String> assignees() {
        return moderators.usernames();
    }
}
