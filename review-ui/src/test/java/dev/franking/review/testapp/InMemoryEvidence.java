package dev.franking.review.testapp;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.review.model.Views.ConnectionTest;
import dev.franking.review.model.Views.DestinationRow;
import dev.franking.review.model.Views.EvidenceStatus;
import dev.franking.review.model.Views.ForwardingRow;
import dev.franking.review.model.Views.HoldRow;
import dev.franking.review.model.Views.PackageDownload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An in-memory test double of {@link ReviewPorts.Evidence}, with the rules the report service's
 * implementation has: requesting needs the child-safety role; approving and rejecting need
 * child-safety or admin, and approving a different person than the requester (four eyes); downloads
 * only of approved forwardings; holds and destinations for admins. Visibility follows {@link
 * InMemoryReviewPorts} (a child-safety case is a {@code NotFound} for a plain moderator).
 *
 * <p>Seeded on {@link InMemoryReviewPorts#CASE}: a pending request by "dana" ({@link #PENDING}) and
 * an approved download forwarding whose package is ready ({@link #READY}).
 */
public class InMemoryEvidence implements ReviewPorts.Evidence {
    public static final UUID WEBHOOK = UUID.fromString("00000000-0000-4000-8000-0000000000d1");
    public static final UUID DOWNLOAD = UUID.fromString("00000000-0000-4000-8000-0000000000d2");
    public static final UUID PENDING = UUID.fromString("00000000-0000-4000-8000-0000000000f1");
    public static final UUID READY = UUID.fromString("00000000-0000-4000-8000-0000000000f2");
    public static final UUID CYBERTIPLINE = UUID.fromString("00000000-0000-4000-8000-0000000000d3");

    /** A CyberTipline forwarding whose submit went unanswered: failed, waiting for a person. */
    public static final UUID FAILED = UUID.fromString("00000000-0000-4000-8000-0000000000f3");

    public static final String FAILED_ERROR =
            "CyberTipline /submit: no usable answer (HttpTimeoutException); it may have been"
                    + " processed, so it is not repeated automatically";
    public static final byte[] ZIP = zip();
    public static final String ZIP_SHA256 = sha256(ZIP);
    public static final Duration PRESERVATION = Duration.ofDays(365);

    /**
     * What the UI passed to addDestination, secret included, so that tests can check it arrived.
     */
    public record AddedDestination(
            String name, String kind, String url, String username, String secret, String by) {}

    public record Download(UUID caseId, UUID forwardingId, String by) {}

    /** A repair of a failed forwarding, as the real port audits it. */
    public record Repair(UUID forwardingId, String what, String by) {}

    private static final class Destination {
        UUID id;
        String name;
        String kind;
        String url;
        String username;
        boolean hasSecret;
        long version;
    }

    private static final class Forwarding {
        UUID id;
        UUID caseId;
        Destination destination;
        String requestedBy;
        Instant requestedAt;
        String reason;
        String decidedBy;
        Instant decidedAt;
        String status;
        String reference;
        String lastError;
        String sha256;
        Views.TiplineChoices tipline;

        ForwardingRow row() {
            return new ForwardingRow(
                    id,
                    destination.name,
                    destination.kind,
                    requestedBy,
                    requestedAt,
                    reason,
                    decidedBy,
                    decidedAt,
                    status,
                    reference,
                    lastError,
                    sha256,
                    tipline);
        }
    }

    private final InMemoryReviewPorts ports;
    private final Clock clock;
    private final Map<UUID, Destination> destinations = new LinkedHashMap<>();
    private final Map<UUID, Forwarding> forwardings = new LinkedHashMap<>();
    private final Map<UUID, HoldRow> holds = new LinkedHashMap<>();

    /** Every hold, active and lifted, as the back office lists them (newest first). */
    private final List<Views.LegalHold> holdHistory = new ArrayList<>();

    /** A lifted hold every reset starts with (the list is never empty). */
    public static final UUID LIFTED_HOLD = UUID.fromString("00000000-0000-4000-8000-0000000000e1");

    private final Map<UUID, Instant> preservedUntil = new LinkedHashMap<>();
    public final List<AddedDestination> added = new CopyOnWriteArrayList<>();
    public final List<Download> downloads = new CopyOnWriteArrayList<>();
    public final List<Repair> repairs = new CopyOnWriteArrayList<>();

    /** What the next connection test answers. */
    public volatile ConnectionTest nextTest = new ConnectionTest(true, null);

    public InMemoryEvidence(InMemoryReviewPorts ports, Clock clock) {
        this.ports = ports;
        this.clock = clock;
        ports.onReset(this::reset);
    }

    /**
     * Runs with {@link InMemoryReviewPorts#reset()} (not synchronized here: that would invert the
     * lock order).
     */
    public void reset() {
        destinations.clear();
        forwardings.clear();
        holds.clear();
        holdHistory.clear();
        deleted.clear();
        holdHistory.add(
                new Views.LegalHold(
                        LIFTED_HOLD,
                        InMemoryReviewPorts.CASE,
                        "ada",
                        clock.instant().minus(Duration.ofDays(30)),
                        "preservation request 2026-03",
                        "ada",
                        clock.instant().minus(Duration.ofDays(2)),
                        "request withdrawn",
                        1));
        preservedUntil.clear();
        added.clear();
        downloads.clear();
        repairs.clear();
        nextTest = new ConnectionTest(true, null);
        Instant now = clock.instant();
        Destination webhook =
                destination(
                        WEBHOOK,
                        "Partner trust and safety",
                        "webhook",
                        "https://partner.example/evidence");
        Destination download = destination(DOWNLOAD, "Manual submission", "download", null);

        Forwarding pending = new Forwarding();
        pending.id = PENDING;
        pending.caseId = InMemoryReviewPorts.CASE;
        pending.destination = webhook;
        pending.requestedBy = "dana";
        pending.requestedAt = now.minus(Duration.ofHours(2));
        pending.reason = "threats against a minor";
        pending.status = "requested";
        forwardings.put(pending.id, pending);

        Forwarding ready = new Forwarding();
        ready.id = READY;
        ready.caseId = InMemoryReviewPorts.CASE;
        ready.destination = download;
        ready.requestedBy = "dana";
        ready.requestedAt = now.minus(Duration.ofHours(5));
        ready.reason = "police request 2026-17";
        ready.decidedBy = "ada";
        ready.decidedAt = now.minus(Duration.ofHours(4));
        ready.status = "ready";
        ready.sha256 = ZIP_SHA256;
        forwardings.put(ready.id, ready);
        preservedUntil.put(InMemoryReviewPorts.CASE, ready.decidedAt.plus(PRESERVATION));

        Destination ncmec =
                destination(
                        CYBERTIPLINE,
                        "NCMEC CyberTipline",
                        "cybertipline",
                        "https://ncmec.example");
        Forwarding failed = new Forwarding();
        failed.id = FAILED;
        failed.caseId = InMemoryReviewPorts.CASE;
        failed.destination = ncmec;
        failed.requestedBy = "dana";
        failed.requestedAt = now.minus(Duration.ofHours(7));
        failed.reason = "apparent CSAM, mandatory report";
        failed.decidedBy = "ada";
        failed.decidedAt = now.minus(Duration.ofHours(6));
        failed.status = "failed";
        failed.lastError = FAILED_ERROR;
        failed.sha256 = ZIP_SHA256;
        forwardings.put(failed.id, failed);
    }

    private Destination destination(UUID id, String name, String kind, String url) {
        Destination d = new Destination();
        d.id = id;
        d.name = name;
        d.kind = kind;
        d.url = url;
        destinations.put(id, d);
        return d;
    }

    /** NotFound when the reviewer may not see the case, as the real port. */
    private void visible(UUID caseId, Reviewer r) {
        if (ports.find(caseId, r).isEmpty()) {
            throw new ReviewPorts.NotFound();
        }
    }

    private Forwarding forwarding(UUID caseId, UUID forwardingId) {
        Forwarding f = forwardings.get(forwardingId);
        if (f == null || !f.caseId.equals(caseId)) {
            throw new ReviewPorts.NotFound();
        }
        return f;
    }

    private static void reasonGiven(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ActionRefused("refused.reason-required");
        }
    }

    private void notDestroyed() {
        if (ports.evidenceDestroyed) {
            throw new ActionRefused("refused.evidence-destroyed");
        }
    }

    @Override
    public synchronized EvidenceStatus status(UUID caseId, Reviewer viewer) {
        if (ports.find(caseId, viewer).isEmpty()) {
            return null;
        }
        List<ForwardingRow> rows = new ArrayList<>();
        for (Forwarding f : forwardings.values()) {
            if (f.caseId.equals(caseId)) {
                rows.add(f.row());
            }
        }
        return new EvidenceStatus(
                caseId,
                preservedUntil.get(caseId),
                holds.get(caseId),
                rows,
                ports.evidenceDestroyed);
    }

    @Override
    public synchronized List<DestinationRow> destinations() {
        return destinations.values().stream()
                .map(d -> new DestinationRow(d.id, d.name, d.kind, d.url))
                .toList();
    }

    @Override
    public synchronized UUID requestForwarding(
            UUID caseId,
            UUID destinationId,
            String reason,
            Views.TiplineChoices tipline,
            Reviewer by) {
        visible(caseId, by);
        if (!by.has(Role.CHILD_SAFETY)) {
            throw new ActionRefused("refused.forwarding-child-safety-only");
        }
        notDestroyed();
        reasonGiven(reason);
        Destination d = destinations.get(destinationId);
        if (d == null) {
            throw new ActionRefused("refused.destination-unknown");
        }
        Forwarding f = new Forwarding();
        f.id = UUID.randomUUID();
        f.caseId = caseId;
        f.destination = d;
        f.requestedBy = by.username();
        f.requestedAt = clock.instant();
        f.reason = reason;
        if ("cybertipline".equals(d.kind)) {
            // as the real port: the default type when none is chosen, escalation needs a reason
            Views.IncidentType type =
                    tipline == null || tipline.incidentType() == null
                            ? Views.IncidentType.ONLINE_ENTICEMENT
                            : tipline.incidentType();
            String escalation = tipline == null ? null : tipline.escalation();
            if (escalation != null && escalation.isBlank()) {
                throw new ActionRefused("refused.escalation-reason-required");
            }
            f.tipline =
                    new Views.TiplineChoices(
                            type, escalation, tipline == null ? null : tipline.annotations());
        }
        f.status = "requested";
        forwardings.put(f.id, f);
        return f.id;
    }

    @Override
    public Views.IncidentType defaultIncidentType(UUID caseId, Reviewer viewer) {
        return Views.IncidentType.ONLINE_ENTICEMENT; // the in-memory cases carry no images
    }

    @Override
    public synchronized void approveForwarding(UUID caseId, UUID forwardingId, Reviewer by) {
        visible(caseId, by);
        if (!by.seesChildSafety()) {
            throw new ActionRefused("refused.forwarding-approver-role");
        }
        Forwarding f = forwarding(caseId, forwardingId);
        if (!"requested".equals(f.status)) {
            throw new ActionRefused("refused.forwarding-not-pending");
        }
        if (f.requestedBy.equals(by.username())) {
            throw new ActionRefused("refused.four-eyes");
        }
        notDestroyed();
        f.decidedBy = by.username();
        f.decidedAt = clock.instant();
        f.status = "download".equals(f.destination.kind) ? "ready" : "queued";
        f.sha256 = ZIP_SHA256;
        preservedUntil.merge(
                caseId, f.decidedAt.plus(PRESERVATION), (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public synchronized void rejectForwarding(
            UUID caseId, UUID forwardingId, String reason, Reviewer by) {
        visible(caseId, by);
        if (!by.seesChildSafety()) {
            throw new ActionRefused("refused.forwarding-approver-role");
        }
        reasonGiven(reason);
        Forwarding f = forwarding(caseId, forwardingId);
        if (!"requested".equals(f.status)) {
            throw new ActionRefused("refused.forwarding-not-pending");
        }
        f.decidedBy = by.username();
        f.decidedAt = clock.instant();
        f.status = "rejected";
        f.lastError = null;
    }

    static final Set<String> APPROVED = Set.of("queued", "sent", "acknowledged", "failed", "ready");

    @Override
    public synchronized PackageDownload download(UUID caseId, UUID forwardingId, Reviewer by) {
        visible(caseId, by);
        if (!by.seesChildSafety()) {
            throw new ActionRefused("refused.forbidden");
        }
        Forwarding f = forwarding(caseId, forwardingId);
        if (!APPROVED.contains(f.status)) {
            throw new ActionRefused("refused.forwarding-not-approved");
        }
        notDestroyed();
        downloads.add(new Download(caseId, forwardingId, by.username()));
        return new PackageDownload("evidence-" + caseId + ".zip", ZIP.clone(), ZIP_SHA256);
    }

    @Override
    public synchronized void placeHold(UUID caseId, String reason, Reviewer by) {
        visible(caseId, by);
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.forbidden");
        }
        reasonGiven(reason);
        if (holds.containsKey(caseId)) {
            throw new ActionRefused("refused.already-held");
        }
        notDestroyed();
        holds.put(caseId, new HoldRow(by.username(), clock.instant(), reason));
        holdHistory.add(
                0,
                new Views.LegalHold(
                        UUID.randomUUID(),
                        caseId,
                        by.username(),
                        clock.instant(),
                        reason,
                        null,
                        null,
                        null,
                        0));
    }

    @Override
    public synchronized void liftHold(UUID caseId, String reason, Reviewer by) {
        visible(caseId, by);
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.forbidden");
        }
        reasonGiven(reason);
        if (holds.remove(caseId) == null) {
            throw new ActionRefused("refused.not-held");
        }
        holdHistory.replaceAll(
                h -> h.caseId().equals(caseId) && h.active() ? lifted(h, reason, by) : h);
    }

    private Views.LegalHold lifted(Views.LegalHold h, String reason, Reviewer by) {
        return new Views.LegalHold(
                h.id(),
                h.caseId(),
                h.placedBy(),
                h.placedAt(),
                h.reason(),
                by.username(),
                clock.instant(),
                reason,
                h.version() + 1);
    }

    @Override
    public synchronized List<Views.LegalHold> holds() {
        return List.copyOf(holdHistory);
    }

    @Override
    public synchronized void liftHoldById(UUID holdId, long version, String reason, Reviewer by) {
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.forbidden");
        }
        reasonGiven(reason);
        Views.LegalHold h =
                holdHistory.stream()
                        .filter(x -> x.id().equals(holdId))
                        .findFirst()
                        .orElseThrow(() -> new ActionRefused("refused.hold-unknown"));
        if (h.version() != version || !h.active()) {
            throw new ActionRefused("refused.hold-stale");
        }
        holds.remove(h.caseId());
        holdHistory.replaceAll(x -> x.id().equals(holdId) ? lifted(x, reason, by) : x);
    }

    /** Destinations deleted through the back office, by name, for the tests. */
    public final List<String> deleted = new CopyOnWriteArrayList<>();

    @Override
    public synchronized List<Views.DestinationDetail> destinationDetails() {
        return destinations.values().stream()
                .sorted(java.util.Comparator.comparing(d -> d.name))
                .map(
                        d ->
                                new Views.DestinationDetail(
                                        d.id,
                                        d.name,
                                        d.kind,
                                        d.url,
                                        d.username,
                                        d.hasSecret,
                                        d.version))
                .toList();
    }

    @Override
    public synchronized void updateDestination(
            UUID destinationId,
            long version,
            String name,
            String url,
            String username,
            String secret,
            Reviewer by) {
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.forbidden");
        }
        Destination d = destinations.get(destinationId);
        if (d == null) {
            throw new ActionRefused("refused.destination-unknown");
        }
        if (d.version != version) {
            throw new ActionRefused("refused.destination-stale");
        }
        if (!"download".equals(d.kind) && (url == null || !url.startsWith("https://"))) {
            throw new ActionRefused("refused.destination-https-required");
        }
        d.name = name;
        d.url = "download".equals(d.kind) ? null : url;
        d.username = username;
        d.hasSecret |= secret != null && !secret.isEmpty();
        d.version++;
    }

    @Override
    public synchronized void deleteDestination(UUID destinationId, long version, Reviewer by) {
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.forbidden");
        }
        Destination d = destinations.get(destinationId);
        if (d == null) {
            throw new ActionRefused("refused.destination-unknown");
        }
        if (d.version != version) {
            throw new ActionRefused("refused.destination-stale");
        }
        boolean inUse =
                forwardings.values().stream()
                        .anyMatch(
                                f ->
                                        f.destination == d
                                                && Set.of("requested", "queued", "sent", "failed")
                                                        .contains(f.status));
        if (inUse) {
            throw new ActionRefused("refused.destination-in-use");
        }
        destinations.remove(destinationId);
        deleted.add(d.name);
    }

    @Override
    public synchronized UUID addDestination(
            String name, String kind, String url, String username, String secret, Reviewer by) {
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.forbidden");
        }
        if (name == null || name.isBlank()) {
            throw new ActionRefused("refused.destination-name-required");
        }
        if (!Set.of("cybertipline", "webhook", "download").contains(kind)) {
            throw new ActionRefused("refused.destination-kind-unknown");
        }
        if (!"download".equals(kind) && !httpsUrl(url)) {
            throw new ActionRefused("refused.destination-https-required");
        }
        added.add(new AddedDestination(name, kind, url, username, secret, by.username()));
        return destination(UUID.randomUUID(), name, kind, url).id;
    }

    /**
     * The service's rule (report-service's {@code DestinationUrls}) without its loopback setting,
     * which this test app does not have: decided on the parsed URL, never on a prefix, so that
     * {@code https://user:pw@host/} and look-alike hosts are refused here as they are there.
     */
    static boolean httpsUrl(String url) {
        if (url == null) {
            return false;
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        return u.isAbsolute()
                && !u.isOpaque()
                && "https".equalsIgnoreCase(u.getScheme())
                && u.getRawAuthority() != null
                && !u.getRawAuthority().contains("@")
                && u.getRawUserInfo() == null
                && u.getHost() != null
                && !u.getHost().isEmpty();
    }

    @Override
    public synchronized void retryForwarding(UUID caseId, UUID forwardingId, Reviewer by) {
        visible(caseId, by);
        if (!by.has(Role.CHILD_SAFETY)) {
            throw new ActionRefused("refused.forwarding-child-safety-only");
        }
        Forwarding f = forwarding(caseId, forwardingId);
        if (!"failed".equals(f.status)) {
            throw new ActionRefused("refused.forwarding-not-failed");
        }
        f.status = "queued";
        f.lastError = null;
        repairs.add(new Repair(forwardingId, "retry", by.username()));
    }

    @Override
    public synchronized void recordForwardingReference(
            UUID caseId, UUID forwardingId, String reference, Reviewer by) {
        visible(caseId, by);
        if (!by.has(Role.CHILD_SAFETY)) {
            throw new ActionRefused("refused.forwarding-child-safety-only");
        }
        if (reference == null || !reference.strip().matches("[0-9]{1,20}")) {
            throw new ActionRefused("refused.forwarding-reference-invalid");
        }
        Forwarding f = forwarding(caseId, forwardingId);
        if (!"failed".equals(f.status) || !"cybertipline".equals(f.destination.kind)) {
            throw new ActionRefused("refused.forwarding-not-failed");
        }
        f.status = "queued";
        f.lastError = null;
        f.reference = reference.strip();
        repairs.add(new Repair(forwardingId, "reference=" + f.reference, by.username()));
    }

    @Override
    public synchronized ConnectionTest testDestination(UUID destinationId, Reviewer by) {
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.forbidden");
        }
        Destination d = destinations.get(destinationId);
        if (d == null) {
            throw new ReviewPorts.NotFound();
        }
        if (!"cybertipline".equals(d.kind)) {
            throw new ActionRefused("refused.destination-test-unsupported");
        }
        return nextTest;
    }

    private static byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write("{\"case\":\"test\"}".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
