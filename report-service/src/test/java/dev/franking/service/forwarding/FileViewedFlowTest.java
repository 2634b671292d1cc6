package dev.franking.service.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.service.forwarding.destinations.FakeCyberTipline;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;

/**
 * Issue 13 item 3 through the fake CyberTipline: {@code fileViewedByEsp} is true exactly for the
 * files a person was shown unobscured. A blurred preview is no view; "view original" is (also after
 * the package was built, before delivery); the package's ZIP counts when any file in it does;
 * downloading an evidence package counts for every file in it, and is audited as such.
 */
class FileViewedFlowTest extends ForwardingTestBase {
    static final Reviewer SENIOR = new Reviewer("fv-senior", EnumSet.of(Role.CHILD_SAFETY));
    static final Reviewer ADMIN = new Reviewer("fv-admin", EnumSet.of(Role.ADMIN));

    /** A child-safety report of one message with one uploaded image. */
    private Reported reported() {
        return childSafetyReportWithImage(Duration.ofMinutes(5));
    }

    private UUID tipline(FakeCyberTipline ncmec) {
        return evidence.addDestination(
                unique("fv-tipline"),
                "cybertipline",
                ncmec.baseUri().toString(),
                "esp-user",
                "esp-password",
                ADMIN);
    }

    /**
     * The report's files: "zip", "body", "image" → fileViewedByEsp. {@code between} runs after
     * approval (the package is built) and before delivery.
     */
    private Map<String, String> viewed(Reported c, Runnable between) throws Exception {
        try (FakeCyberTipline ncmec = new FakeCyberTipline("esp-user", "esp-password")) {
            UUID f =
                    evidence.requestForwarding(
                            c.caseId(), tipline(ncmec), "mandatory report", SENIOR);
            evidence.approveForwarding(c.caseId(), f, ADMIN);
            between.run();
            assertThat(newDispatcher().deliverDue()).isEqualTo(1);
            assertThat(ncmec.violations()).isEmpty();
            assertThat(ncmec.reports()).hasSize(1);
            Map<String, String> out = new TreeMap<>();
            for (Document d : ncmec.reports().get(0).fileDetails.values()) {
                var e = d.getDocumentElement();
                assertThat(FakeCyberTipline.validate(e, "fileDetails")).isEmpty();
                String name = FakeCyberTipline.childText(e, "fileName");
                String kind =
                        name.endsWith(".zip")
                                ? "zip"
                                : name.contains("attachment") ? "image" : "body";
                assertThat(out.put(kind, FakeCyberTipline.childText(e, "fileViewedByEsp")))
                        .as("one file of each kind: " + name)
                        .isNull();
            }
            return out;
        }
    }

    private int rows(UUID caseId, String event) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM audit_log WHERE case_id = ? AND event = ?",
                Integer.class,
                caseId,
                event);
    }

    @Test
    void nothingShownUnobscuredIsNotViewedAndAPreviewIsNoView() throws Exception {
        Reported c = reported();
        cases.attachmentForPreview(c.caseId(), c.item(), 0, SENIOR);
        assertThat(rows(c.caseId(), "attachment.previewed")).isEqualTo(1);
        assertThat(viewed(c, () -> {}))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("zip", "false", "body", "false", "image", "false"));
    }

    @Test
    void viewOriginalMakesTheImageAndTheZipViewedButNotTheUnshownBody() throws Exception {
        Reported c = reported();
        cases.attachment(c.caseId(), c.item(), 0, SENIOR);
        assertThat(rows(c.caseId(), "attachment.original_viewed")).isEqualTo(1);
        assertThat(viewed(c, () -> {}))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("zip", "true", "body", "false", "image", "true"));
    }

    @Test
    void aViewAfterApprovalStillCountsAtDelivery() throws Exception {
        Reported c = reported();
        assertThat(viewed(c, () -> cases.attachment(c.caseId(), c.item(), 0, SENIOR)))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("zip", "true", "body", "false", "image", "true"));
    }

    @Test
    void theOldBlurredDisplayRowIsNoView() throws Exception {
        Reported c = reported();
        // a row as the review UI wrote it before issue 13 (the browser blurred the image)
        tx.executeWithoutResult(
                s ->
                        audit.append(
                                SENIOR.username(),
                                dev.franking.service.audit.AuditEvent.ATTACHMENT_VIEWED,
                                c.caseId(),
                                c.item() + "#0",
                                null));
        assertThat(viewed(c, () -> {}))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("zip", "false", "body", "false", "image", "false"));
    }

    @Test
    void aPackageDownloadIsAViewOfEverythingInItAndIsAuditedAsSuch() throws Exception {
        Reported c = reported();
        UUID manual =
                evidence.addDestination(unique("fv-manual"), "download", null, null, null, ADMIN);
        UUID f = evidence.requestForwarding(c.caseId(), manual, "manual submission", SENIOR);
        evidence.approveForwarding(c.caseId(), f, ADMIN);
        assertThat(rows(c.caseId(), "evidence.viewed")).isZero();
        evidence.download(c.caseId(), f, SENIOR);
        // one row for the download, and one view per file in it, naming the package
        assertThat(rows(c.caseId(), "evidence.package_downloaded")).isEqualTo(1);
        assertThat(rows(c.caseId(), "evidence.viewed")).isEqualTo(1);
        assertThat(rows(c.caseId(), "attachment.original_viewed")).isEqualTo(1);
        assertThat(
                        jdbc.queryForList(
                                "SELECT detail FROM audit_log WHERE case_id = ? AND event IN"
                                        + " ('evidence.viewed', 'attachment.original_viewed')",
                                String.class,
                                c.caseId()))
                .allSatisfy(d -> assertThat(d).startsWith("package="));

        assertThat(viewed(c, () -> {}))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("zip", "true", "body", "true", "image", "true"));
    }

    @Autowired ReviewPorts.Wellness wellness;

    @Test
    void contentViewsAreCountedPerModeratorPerDayAndPreviewsAreNot() throws Exception {
        Reviewer me = new Reviewer(unique("fv-counted"), EnumSet.of(Role.CHILD_SAFETY));
        Reviewer admin = new Reviewer(unique("fv-admin"), EnumSet.of(Role.ADMIN));
        Reported c = reported();
        assertThat(wellness.exposureToday(me).views()).isZero();
        cases.attachmentForPreview(c.caseId(), c.item(), 0, me);
        assertThat(wellness.exposureToday(me).views()).as("a preview is not counted").isZero();
        cases.reveal(c.caseId(), c.item(), me);
        cases.attachment(c.caseId(), c.item(), 0, me);
        assertThat(wellness.exposureToday(me).views()).isEqualTo(2);
        // a package download counts once, not once per file in it
        UUID manual =
                evidence.addDestination(unique("fv-manual"), "download", null, null, null, ADMIN);
        UUID f = evidence.requestForwarding(c.caseId(), manual, "manual submission", SENIOR);
        evidence.approveForwarding(c.caseId(), f, ADMIN);
        evidence.download(c.caseId(), f, me);
        var mine = wellness.exposureToday(me);
        assertThat(mine.views()).isEqualTo(3);
        assertThat(mine.softLimit()).isEqualTo(150);
        assertThat(mine.overLimit()).isFalse();
        // admins see everyone's figure; others are refused
        assertThat(wellness.exposuresToday(admin))
                .anySatisfy(
                        x -> {
                            assertThat(x.username()).isEqualTo(me.username());
                            assertThat(x.views()).isEqualTo(3);
                        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> wellness.exposuresToday(me))
                .hasMessage("refused.admin-only");
        // tomorrow (UTC) starts again
        CLOCK.advance(Duration.ofDays(1));
        assertThat(wellness.exposureToday(me).views()).isZero();
    }
}
