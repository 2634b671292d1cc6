package dev.franking.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit chain's lock scope (see {@link AuditLog}'s lock order): an append takes the chain lock
 * only at its transaction's commit, so intake never waits for a moderator's open transaction, and
 * intake and moderators' actions on the same cases run side by side without a deadlock.
 */
class AuditLockOrderTest extends ServiceTestBase {
    @Autowired AuditLog audit;
    @Autowired ReviewPorts.Actions actions;
    @Autowired TransactionTemplate tx;

    private String post(String sender, String reporter) {
        var held =
                messenger
                        .send(
                                messenger.compose(
                                        unique("m"), sender, unique("c"), "words", List.of()),
                                reporter)
                        .get(0);
        Api.Response r =
                api.post(
                        "/api/v2/reports",
                        TestTokens.token(reporter, "report"),
                        Messenger.reportJson("spam", held));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("reportId").asString();
    }

    private UUID caseOf(String reportId) {
        return jdbc.queryForObject(
                "SELECT case_id FROM reports WHERE id = ?::uuid", UUID.class, reportId);
    }

    /** Whether another session could take the chain lock now (taken and released at once). */
    private boolean chainLockFree() {
        return Boolean.TRUE.equals(
                jdbc.queryForObject(
                        "SELECT pg_try_advisory_xact_lock(?)", Boolean.class, AuditLog.CHAIN_LOCK));
    }

    @Test
    void aModeratorsOpenTransactionHoldsNoChainLockAndIntakeDoesNotWaitForIt() throws Exception {
        Reviewer mod = new Reviewer(unique("lock-mod"), EnumSet.of(Role.MODERATOR));
        UUID worked = caseOf(post(unique("sender"), unique("r")));
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> moderator =
                    pool.submit(
                            () ->
                                    tx.executeWithoutResult(
                                            s -> {
                                                actions.claim(worked, mod);
                                                appended.countDown();
                                                try {
                                                    commit.await(60, TimeUnit.SECONDS);
                                                } catch (InterruptedException e) {
                                                    Thread.currentThread().interrupt();
                                                }
                                            }));
            assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();

            // the claim changed the case and appended its row, and is not committed: the chain is
            // not locked, and a batch of the intake (another sender) goes through meanwhile
            assertThat(chainLockFree()).isTrue();
            String other = unique("sender");
            Future<String> report = pool.submit(() -> post(other, unique("r")));
            String id = report.get(30, TimeUnit.SECONDS);
            assertThat(moderator.isDone()).isFalse();
            assertThat(audit.forCase(caseOf(id)))
                    .extracting(r -> r.event())
                    .containsExactly("case.opened", "report.received");
            // the claim's row is not written before its commit
            assertThat(audit.forCase(worked))
                    .extracting(r -> r.event())
                    .doesNotContain("case.claimed");

            commit.countDown();
            moderator.get(30, TimeUnit.SECONDS);
            assertThat(audit.forCase(worked))
                    .extracting(r -> r.event())
                    .containsExactly("case.opened", "report.received", "case.claimed");
            assertThat(audit.verifyChain().intact()).isTrue();
        } finally {
            commit.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void intakeAndModeratorActionsOnTheSameCasesRunConcurrentlyWithoutDeadlock() throws Exception {
        int senders = 3;
        List<String> senderIds = new ArrayList<>();
        List<UUID> caseIds = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            String s = unique("busy");
            senderIds.add(s);
            caseIds.add(caseOf(post(s, unique("r"))));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        List<String> reportIds = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger moderatorActions = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6 + senders);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> jobs = new ArrayList<>();
        try {
            // intake: reports keep joining the cases the moderators are working on
            for (int t = 0; t < 6; t++) {
                int first = t;
                jobs.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    for (int n = first;
                                            System.nanoTime() < deadline && errors.isEmpty();
                                            n++) {
                                        try {
                                            reportIds.add(
                                                    post(senderIds.get(n % senders), unique("r")));
                                        } catch (Throwable e) {
                                            errors.add(e);
                                        }
                                    }
                                    return null;
                                }));
            }
            // moderators: each claims, annotates and releases its case, again and again (locks
            // the case row, then appends: the order moderators' actions always take)
            for (int m = 0; m < senders; m++) {
                UUID caseId = caseIds.get(m);
                Reviewer mod = new Reviewer(unique("busy-mod"), EnumSet.of(Role.MODERATOR));
                jobs.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    while (System.nanoTime() < deadline && errors.isEmpty()) {
                                        try {
                                            actions.claim(caseId, mod);
                                            actions.note(caseId, "looked", mod);
                                            actions.release(caseId, mod);
                                            moderatorActions.addAndGet(3);
                                        } catch (Throwable e) {
                                            errors.add(e);
                                        }
                                    }
                                    return null;
                                }));
            }
            go.countDown();
            for (Future<?> f : jobs) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(errors).as("no deadlock, no failed request").isEmpty();
        assertThat(reportIds).isNotEmpty();
        assertThat(moderatorActions.get()).isPositive();
        // every report stored has its receipt row, on its case
        for (String id : reportIds) {
            assertThat(
                            jdbc.queryForObject(
                                    "SELECT count(*) FROM audit_log a JOIN reports r ON r.case_id"
                                            + " = a.case_id WHERE a.event = 'report.received' AND"
                                            + " a.subject = ? AND r.id = ?::uuid",
                                    Integer.class,
                                    id,
                                    id))
                    .isEqualTo(1);
        }
        for (UUID c : caseIds) {
            var events = audit.forCase(c).stream().map(r -> r.event()).toList();
            long claimed = events.stream().filter("case.claimed"::equals).count();
            assertThat(claimed).isPositive();
            assertThat(events.stream().filter("case.note_added"::equals).count())
                    .isEqualTo(claimed);
            assertThat(events.stream().filter("case.released"::equals).count()).isEqualTo(claimed);
        }
        var check = audit.verifyChain();
        assertThat(check.intact()).as("first broken: %s", check.firstBrokenSeq()).isTrue();
    }
}
