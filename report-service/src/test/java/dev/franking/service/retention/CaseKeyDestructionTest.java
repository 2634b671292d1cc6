package dev.franking.service.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Api;
import dev.franking.service.Instances;
import dev.franking.service.Messenger;
import dev.franking.service.MutableClock;
import dev.franking.service.TestTokens;
import dev.franking.service.cases.CaseKeyEpochs;
import dev.franking.service.cases.CaseRepository;
import dev.franking.service.crypto.EpochKeyProbe;
import dev.franking.service.crypto.Epochs;
import dev.franking.service.crypto.Vault;
import dev.franking.v2.AttachmentDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Destroyed means gone from backups too (issue 12 item 3, case data): a backup of the database
 * (pg_dump and the database's files) taken before retention runs opens the case's message,
 * attachment, comment, note and statement of reasons with what the service holds until the end of
 * the epoch in which retention destroyed the case, and after it, with everything the service still
 * holds (its database and files now, its KEK, every epoch key left), opens none of them. Cases that
 * must live on (open, held, preserved) are moved under later epochs and stay readable (item 3 of
 * the task: their first epoch's key is destroyed under them).
 */
class CaseKeyDestructionTest {
    /** A Tuesday: the week 2026-W49. */
    private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");

    private static final Duration RETENTION = Duration.ofDays(90);
    private static final Reviewer MOD = new Reviewer("dk-mod", EnumSet.of(Role.MODERATOR));
    private static final Reviewer ADMIN = new Reviewer("dk-admin", EnumSet.of(Role.ADMIN));
    private static final Reviewer SENIOR = new Reviewer("dk-senior", EnumSet.of(Role.CHILD_SAFETY));

    /** One service instance of the test's own: its database, epoch key store, clock. */
    private static final class Service implements AutoCloseable {
        final String db;
        final MutableClock clock = new MutableClock(START);
        final Instant began = Instant.now();
        final ConfigurableApplicationContext ctx;
        final JdbcTemplate jdbc;
        final EpochKeyProbe janitor;
        final Api api;
        final Messenger messenger;

        Service(String db) {
            this.db = db;
            ctx = Instances.start(Instances.external(db), clock);
            jdbc = ctx.getBean(JdbcTemplate.class);
            janitor = new EpochKeyProbe(ctx);
            api = new Api(Instances.port(ctx));
            messenger = new Messenger(api, () -> TestTokens.token("relay-1", "stamp", clock));
        }

        <T> T bean(Class<T> type) {
            return ctx.getBean(type);
        }

        BackupAttack.Holdings holdings() {
            return new BackupAttack.Holdings(
                    BackupAttack.kek(Instances.KEK),
                    Path.of(Instances.epochKeyDirectory(db)),
                    bean(Vault.class));
        }

        BackupAttack.Copy copy(String name) {
            return BackupAttack.take(db + "-" + name, db, jdbc, began);
        }

        /** Time passes to {@code until}, the epoch janitor running twice a day as it would. */
        void liveUntil(Instant until) {
            while (clock.instant().isBefore(until)) {
                Instant next = clock.instant().plus(Duration.ofHours(12));
                clock.set(next.isAfter(until) ? until : next);
                janitor.scheduled();
            }
        }

        String epochOf(UUID caseId) {
            return jdbc.queryForObject(
                    "SELECT data_key_epoch FROM cases WHERE id = ?", String.class, caseId);
        }

        @Override
        public void close() {
            ctx.close();
        }
    }

    /** What a reported case holds: its message's text, attachment, comment, note. */
    private record Reported(UUID caseId, UUID itemId, UUID reportId, String text, byte[] image) {}

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A report of one message with an attachment (uploaded) and a comment, through the API. */
    private static Reported report(Service s, String text) {
        String alice = unique("alice"), bob = unique("bob");
        byte[] image = ("image of " + text).getBytes(StandardCharsets.UTF_8);
        var held =
                s.messenger
                        .send(
                                s.messenger.compose(
                                        unique("m"),
                                        alice,
                                        unique("c"),
                                        text,
                                        List.of(AttachmentDescriptor.of("image/png", image))),
                                bob)
                        .get(0);
        String token = TestTokens.token(bob, "report", s.clock);
        Api.Response r =
                s.api.post(
                        "/api/v2/reports",
                        token,
                        Messenger.reportJson(
                                "harassment",
                                "comment on " + text,
                                List.of(Messenger.messageJson(held))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String reportId = r.json().get("reportId").asString();
        Api.Response up =
                s.api.put(
                        "/api/v2/reports/" + reportId + "/messages/0/attachments/0", token, image);
        assertThat(up.status()).as(up.body()).isEqualTo(204);
        UUID caseId =
                s.jdbc.queryForObject(
                        "SELECT case_id FROM reports WHERE id = ?::uuid", UUID.class, reportId);
        UUID itemId =
                s.jdbc.queryForObject(
                        "SELECT id FROM evidence_items WHERE case_id = ?", UUID.class, caseId);
        s.bean(ReviewPorts.Actions.class).note(caseId, "note on " + text, SENIOR);
        return new Reported(caseId, itemId, UUID.fromString(reportId), text, image);
    }

    private static void close(Service s, UUID caseId) {
        ReviewPorts.Actions actions = s.bean(ReviewPorts.Actions.class);
        actions.claim(caseId, MOD);
        actions.decide(
                caseId,
                Views.Decision.DISMISS,
                new Views.StatementOfReasons("not abuse", "facts of the case", false),
                MOD);
    }

    /** What the attack opened of one case, by kind (message, attachment, comment, note, facts). */
    private static Map<String, String> openedOf(Map<String, byte[]> opened, Reported r) {
        List<String> labels =
                List.of(
                        "message evidence-content:" + r.itemId(),
                        "attachment evidence-attachment:" + r.itemId() + ":0",
                        "comment report-comment:" + r.reportId(),
                        "facts case-reasons:" + r.caseId());
        Map<String, String> out =
                opened.entrySet().stream()
                        .filter(
                                e ->
                                        labels.contains(e.getKey())
                                                || e.getKey().startsWith("note case-note:")
                                                        && new String(
                                                                        e.getValue(),
                                                                        StandardCharsets.UTF_8)
                                                                .endsWith(r.text()))
                        .collect(
                                Collectors.toMap(
                                        e -> e.getKey().substring(0, e.getKey().indexOf(' ')),
                                        e ->
                                                new String(
                                                        e.getValue(),
                                                        StandardCharsets.ISO_8859_1)));
        return out;
    }

    @Test
    void aBackupOfADestroyedCaseOpensNothingOnceItsEpochHasEnded() {
        try (Service s = new Service("case_key_backup")) {
            Reported doomed = report(s, "doomed-" + UUID.randomUUID());
            close(s, doomed.caseId());
            Reported held = report(s, "held-" + UUID.randomUUID());
            close(s, held.caseId());
            s.bean(RetentionService.class).placeHold(held.caseId(), "court order", ADMIN);
            Instant closedAt = s.clock.instant();

            // a fresh case's key goes under a near epoch; nothing of it is under the KEK
            assertThat(s.epochOf(doomed.caseId())).isEqualTo("2026-W49");
            BackupAttack.Copy early = s.copy("early");
            BackupAttack.Holdings holdings = s.holdings();
            Map<String, String> earlyOpened =
                    openedOf(BackupAttack.open(holdings, List.of(early)), doomed);
            assertThat(earlyOpened)
                    .containsOnlyKeys("message", "attachment", "comment", "note", "facts");

            // the janitor moves the closed case's key to the epoch of its retention deadline
            Instant deadline = closedAt.plus(RETENTION);
            String doomedEpoch = Epochs.of(deadline);
            s.liveUntil(deadline.minus(Duration.ofDays(1)));
            assertThat(s.epochOf(doomed.caseId())).isEqualTo(doomedEpoch);
            assertThat(s.janitor.live()).doesNotContain("2026-W49");
            // the early backup already died with its near epoch
            assertThat(openedOf(BackupAttack.open(holdings, List.of(early)), doomed)).isEmpty();

            // the backup taken before retention runs: the negative control, it opens today
            BackupAttack.Copy backup = s.copy("before-retention");
            Map<String, List<Map<String, String>>> dumped = BackupAttack.tables(backup.dump());
            byte[] wrapped = wrappedKey(dumped, doomed.caseId());
            assertThat(Vault.caseKeyEpoch(wrapped)).isEqualTo(doomedEpoch);
            assertThat(BackupAttack.filesHold(backup, wrapped))
                    .as("the copied files hold the wrapped key the dump holds")
                    .isTrue();
            Map<String, String> before =
                    openedOf(BackupAttack.open(holdings, List.of(backup)), doomed);
            assertThat(before)
                    .containsOnlyKeys("message", "attachment", "comment", "note", "facts");
            assertThat(before.get("attachment"))
                    .isEqualTo(new String(doomed.image(), StandardCharsets.ISO_8859_1));
            assertThat(before.get("message")).contains(doomed.text());
            assertThat(before.get("comment")).isEqualTo("comment on " + doomed.text());
            assertThat(before.get("facts")).isEqualTo("facts of the case");

            // retention destroys the case; until its epoch ends, the backup still opens
            s.liveUntil(deadline.plus(Duration.ofHours(1)));
            assertThat(s.bean(RetentionService.class).run(s.clock.instant()))
                    .doesNotContain(held.caseId());
            assertThat(
                            s.jdbc.queryForObject(
                                    "SELECT wrapped_data_key IS NULL AND shredded_at IS NOT NULL"
                                            + " FROM cases WHERE id = ?",
                                    Boolean.class,
                                    doomed.caseId()))
                    .isTrue();
            assertThat(s.clock.instant()).isBefore(Epochs.end(doomedEpoch));
            assertThat(openedOf(BackupAttack.open(holdings, List.of(backup)), doomed)).isNotEmpty();

            // the epoch ends: nothing the service holds opens the destroyed case from any copy
            s.liveUntil(Epochs.end(doomedEpoch).plus(Duration.ofHours(1)));
            assertThat(s.janitor.live()).doesNotContain(doomedEpoch).isNotEmpty();
            BackupAttack.Copy now = s.copy("after");
            Map<String, byte[]> after = BackupAttack.open(holdings, List.of(early, backup, now));
            assertThat(openedOf(after, doomed)).isEmpty();
            assertThatThrownBy(() -> holdings.vault().unwrapCaseKey(doomed.caseId(), wrapped))
                    .isInstanceOf(IllegalStateException.class);
            // while the held case, under the same attack, is as readable as it should be: the
            // attack works, the keys it is owed are there
            assertThat(openedOf(after, held))
                    .containsOnlyKeys("message", "attachment", "comment", "note", "facts");
            assertThat(s.epochOf(held.caseId())).isGreaterThan(doomedEpoch);
        }
    }

    private static byte[] wrappedKey(Map<String, List<Map<String, String>>> dumped, UUID caseId) {
        String hex =
                dumped.get("cases").stream()
                        .filter(r -> r.get("id").equals(caseId.toString()))
                        .findFirst()
                        .orElseThrow()
                        .get("wrapped_data_key");
        assertThat(hex).startsWith("\\\\x");
        return java.util.HexFormat.of().parseHex(hex.substring(3));
    }

    /**
     * Open, held and preserved cases live past their first epoch: each is moved under a later epoch
     * before the janitor destroys the first, and reads through the service after it.
     */
    @Test
    void openHeldAndPreservedCasesOutliveTheirFirstEpoch() {
        try (Service s = new Service("case_key_survivors")) {
            Reported open = report(s, "open-" + UUID.randomUUID());
            Reported held = report(s, "held-" + UUID.randomUUID());
            close(s, held.caseId());
            Reported preserved = report(s, "preserved-" + UUID.randomUUID());
            close(s, preserved.caseId());
            Reported plain = report(s, "plain-" + UUID.randomUUID());
            close(s, plain.caseId());
            for (Reported r : List.of(open, held, preserved, plain)) {
                assertThat(s.epochOf(r.caseId())).isEqualTo("2026-W49");
            }

            // a hold moves the key at once (here to its retention deadline's epoch, the later of
            // that and a near one), a preservation to the epoch of its end
            RetentionService retention = s.bean(RetentionService.class);
            retention.placeHold(held.caseId(), "court order", ADMIN);
            assertThat(s.epochOf(held.caseId())).isEqualTo(Epochs.of(START.plus(RETENTION)));
            Instant until = START.plus(Duration.ofDays(400));
            s.bean(CaseRepository.class).preserveUntil(preserved.caseId(), until);
            assertThat(s.epochOf(preserved.caseId())).isEqualTo(Epochs.of(until));
            assertThat(s.epochOf(plain.caseId())).isEqualTo("2026-W49");

            // past the first epoch's end, and then past the retention deadline's
            s.liveUntil(Epochs.end("2026-W49").plus(Duration.ofHours(1)));
            assertThat(s.janitor.live()).doesNotContain("2026-W49");
            Instant deadline = START.plus(RETENTION);
            s.liveUntil(Epochs.end(Epochs.of(deadline)).plus(Duration.ofHours(1)));
            assertThat(s.janitor.live()).doesNotContain(Epochs.of(deadline));

            ReviewPorts.Cases cases = s.bean(ReviewPorts.Cases.class);
            for (Reported r : List.of(open, held, preserved)) {
                String epoch = s.epochOf(r.caseId());
                assertThat(Epochs.end(epoch)).as(r.text()).isAfter(s.clock.instant());
                assertThat(s.janitor.live()).as(r.text()).contains(epoch);
                assertThat(cases.reveal(r.caseId(), r.itemId(), SENIOR).text())
                        .as(r.text())
                        .isEqualTo(r.text());
                assertThat(cases.revealComment(r.caseId(), r.reportId(), SENIOR))
                        .isEqualTo("comment on " + r.text());
                assertThat(cases.attachment(r.caseId(), r.itemId(), 0, SENIOR).bytes())
                        .isEqualTo(r.image());
            }
            // an open or held case's key stays near: at most NEAR plus a week ahead
            for (Reported r : List.of(open, held)) {
                assertThat(Epochs.end(s.epochOf(r.caseId())))
                        .isBeforeOrEqualTo(
                                s.clock
                                        .instant()
                                        .plus(CaseKeyEpochs.NEAR)
                                        .plus(Duration.ofDays(8)));
            }
            // the plain case was destroyed by retention before its epoch's key went
            assertThat(
                            s.jdbc.queryForObject(
                                    "SELECT wrapped_data_key IS NULL AND shredded_at IS NOT NULL"
                                            + " FROM cases WHERE id = ?",
                                    Boolean.class,
                                    plain.caseId()))
                    .isTrue();
            assertThatThrownBy(() -> cases.reveal(plain.caseId(), plain.itemId(), SENIOR))
                    .hasMessage("refused.evidence-destroyed");

            // once the hold is lifted, the held case goes the way of the others
            retention.liftHold(held.caseId(), "order expired", ADMIN);
            assertThat(retention.run(s.clock.instant())).containsExactly(held.caseId());
        }
    }
}
