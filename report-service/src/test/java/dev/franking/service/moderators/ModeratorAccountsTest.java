package dev.franking.service.moderators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.AccountRow;
import dev.franking.service.ServiceTestBase;
import java.sql.Timestamp;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moderator accounts through the back office's port on real PostgreSQL (Hibernate, Spring Data JPA,
 * the audit rows in the same transactions): admins only, a reason for every change, audited with
 * who, what and why; the password returned once and never stored or audited in the clear; the guard
 * rail that no change leaves the service without an active admin; optimistic locking.
 */
class ModeratorAccountsTest extends ServiceTestBase {
    @Autowired ReviewPorts.ModeratorAdmin accounts;
    @Autowired ModeratorService moderators;
    @Autowired ModeratorRepository repository;
    @Autowired PasswordEncoder encoder;
    @Autowired PlatformTransactionManager txm;

    static final Reviewer ADMIN = new Reviewer("acc-admin", EnumSet.of(Role.ADMIN));
    static final Reviewer MOD = new Reviewer("acc-mod", EnumSet.of(Role.MODERATOR));

    private AccountRow row(String username) {
        return accounts.list().stream()
                .filter(a -> a.username().equals(username))
                .findFirst()
                .orElseThrow();
    }

    private String detail(String event, String username) {
        return jdbc.queryForObject(
                "SELECT string_agg(actor || ' ' || coalesce(detail, ''), ' | ' ORDER BY seq) FROM"
                        + " audit_log WHERE event = ? AND subject = ?",
                String.class,
                event,
                username);
    }

    private static void refused(ThrowingCallable call, String key) {
        assertThatThrownBy(call)
                .isInstanceOf(ReviewPorts.ActionRefused.class)
                .extracting(e -> ((ReviewPorts.ActionRefused) e).messageKey())
                .isEqualTo(key);
    }

    @Test
    void anAdminCreatesChangesDisablesEnablesAndResetsEachChangeAuditedWithItsReason() {
        String name = unique("acc-nina");
        String pw = accounts.create(name, EnumSet.of(Role.MODERATOR), "joins spam team", ADMIN);
        assertThat(pw).hasSizeGreaterThanOrEqualTo(20);
        assertThat(encoder.matches(pw, moderators.loadUserByUsername(name).getPassword())).isTrue();
        assertThat(row(name).version()).isZero();
        assertThat(detail("moderator.created", name))
                .isEqualTo("acc-admin roles=moderator; reason=joins spam team");
        assertThat(accounts.activeRoles(name)).contains(Set.of(Role.MODERATOR));

        accounts.setRoles(name, 0, EnumSet.of(Role.MODERATOR, Role.CHILD_SAFETY), "trained", ADMIN);
        assertThat(row(name).roles()).containsExactlyInAnyOrder(Role.MODERATOR, Role.CHILD_SAFETY);
        assertThat(detail("moderator.roles_changed", name))
                .isEqualTo("acc-admin roles=moderator -> moderator,child_safety; reason=trained");

        accounts.disable(name, 1, "left the company", ADMIN);
        assertThat(row(name).active()).isFalse();
        assertThat(accounts.activeRoles(name)).isEmpty();
        assertThat(moderators.loadUserByUsername(name).isEnabled()).isFalse();
        assertThat(moderators.exists(name)).isFalse();
        assertThat(detail("moderator.disabled", name))
                .isEqualTo("acc-admin reason=left the company");

        accounts.enable(name, 2, "came back", ADMIN);
        assertThat(row(name).active()).isTrue();
        assertThat(detail("moderator.enabled", name)).isEqualTo("acc-admin reason=came back");

        String pw2 = accounts.resetPassword(name, 3, "forgot it", ADMIN);
        String hash = moderators.loadUserByUsername(name).getPassword();
        assertThat(encoder.matches(pw2, hash)).isTrue();
        assertThat(encoder.matches(pw, hash)).isFalse();
        assertThat(detail("moderator.password_reset", name))
                .isEqualTo("acc-admin reason=forgot it");
        // no password anywhere in the trail
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM audit_log WHERE detail LIKE ? OR detail LIKE"
                                        + " ?",
                                Integer.class,
                                "%" + pw + "%",
                                "%" + pw2 + "%"))
                .isZero();
    }

    @Test
    void onlyAdminsWithAReasonAndValidInput() {
        String name = unique("acc-x");
        refused(
                () -> accounts.create(name, EnumSet.of(Role.MODERATOR), "why", MOD),
                "refused.admin-only");
        refused(
                () -> accounts.create(name, EnumSet.of(Role.MODERATOR), " ", ADMIN),
                "refused.account-invalid");
        refused(
                () -> accounts.create("bad name!", EnumSet.of(Role.MODERATOR), "why", ADMIN),
                "refused.account-invalid");
        refused(
                () -> accounts.create(name, EnumSet.noneOf(Role.class), "why", ADMIN),
                "refused.account-invalid");
        assertThat(repository.existsById(name)).isFalse();
        accounts.create(name, EnumSet.of(Role.MODERATOR), "why", ADMIN);
        refused(
                () -> accounts.create(name, EnumSet.of(Role.ADMIN), "again", ADMIN),
                "refused.account-exists");
        refused(() -> accounts.disable(name, 0, "why", MOD), "refused.admin-only");
        refused(
                () -> accounts.disable(unique("nobody"), 0, "why", ADMIN),
                "refused.account-unknown");
        assertThat(row(name).active()).isTrue();
    }

    @Test
    void aStaleChangeIsRefusedAndOverwritesNothing() {
        String name = unique("acc-stale");
        accounts.create(name, EnumSet.of(Role.MODERATOR), "new", ADMIN);
        accounts.setRoles(name, 0, EnumSet.of(Role.CHILD_SAFETY), "first admin", ADMIN);
        refused(
                () -> accounts.setRoles(name, 0, EnumSet.of(Role.ADMIN), "second admin", ADMIN),
                "refused.account-stale");
        refused(() -> accounts.disable(name, 0, "second admin", ADMIN), "refused.account-stale");
        refused(
                () -> accounts.resetPassword(name, 0, "second admin", ADMIN),
                "refused.account-stale");
        AccountRow r = row(name);
        assertThat(r.roles()).containsExactly(Role.CHILD_SAFETY);
        assertThat(r.active()).isTrue();
        assertThat(r.version()).isEqualTo(1);
    }

    @Test
    void hibernateRefusesAWriteWhenAnotherTransactionCommittedSinceTheRead() {
        String name = unique("acc-race");
        accounts.create(name, EnumSet.of(Role.MODERATOR), "new", ADMIN);
        TransactionTemplate tx = new TransactionTemplate(txm);
        assertThatThrownBy(
                        () ->
                                tx.executeWithoutResult(
                                        s -> {
                                            ModeratorEntity m =
                                                    repository.findById(name).orElseThrow();
                                            concurrentlyDisable(name);
                                            m.roles("admin");
                                            repository.saveAndFlush(m);
                                        }))
                .isInstanceOf(ObjectOptimisticLockingFailureException.class);
        AccountRow r = row(name);
        assertThat(r.roles()).containsExactly(Role.MODERATOR);
        assertThat(r.active()).isFalse();
    }

    /**
     * Another admin's change, committed at once: on another thread, so on a connection and in a
     * transaction of its own.
     */
    private void concurrentlyDisable(String name) {
        CompletableFuture.runAsync(
                        () ->
                                jdbc.update(
                                        "UPDATE moderators SET version = version + 1, disabled_at"
                                                + " = now() WHERE username = ?",
                                        name))
                .join();
    }

    /**
     * With every other admin disabled (inside a transaction that is rolled back, so that the shared
     * database keeps its admins), the last one can neither disable nor demote themselves, nor be
     * disabled by anyone; with a second admin, demoting the first works.
     */
    @Test
    void noChangeLeavesTheServiceWithoutAnActiveAdmin() {
        String last = unique("acc-last");
        accounts.create(last, EnumSet.of(Role.ADMIN), "the one admin", ADMIN);
        Reviewer me = new Reviewer(last, EnumSet.of(Role.ADMIN));
        alone(
                Set.of(last),
                () -> refused(() -> accounts.disable(last, 0, "bye", me), "refused.last-admin"));
        alone(
                Set.of(last),
                () ->
                        refused(
                                () ->
                                        accounts.setRoles(
                                                last, 0, EnumSet.of(Role.MODERATOR), "demote", me),
                                "refused.last-admin"));
        alone(
                Set.of(last),
                () ->
                        refused(
                                () -> accounts.disable(last, 0, "by another", ADMIN),
                                "refused.last-admin"));
        assertThat(row(last).active()).isTrue();
        assertThat(row(last).roles()).containsExactly(Role.ADMIN);
        assertThat(detail("moderator.disabled", last)).isNull();
        assertThat(detail("moderator.roles_changed", last)).isNull();

        // a second admin: now the first may step down, and then the second is the last
        String second = unique("acc-second");
        accounts.create(second, EnumSet.of(Role.ADMIN), "deputy", ADMIN);
        alone(
                Set.of(last, second),
                () -> {
                    accounts.setRoles(last, 0, EnumSet.of(Role.MODERATOR), "steps down", me);
                    assertThat(row(last).roles()).containsExactly(Role.MODERATOR);
                    refused(() -> accounts.disable(second, 0, "bye", me), "refused.last-admin");
                });
    }

    /** Runs {@code check} with every account but these disabled, then rolls everything back. */
    private void alone(Set<String> keep, Runnable check) {
        TransactionTemplate tx = new TransactionTemplate(txm);
        tx.executeWithoutResult(
                s -> {
                    jdbc.update(
                            "UPDATE moderators SET disabled_at = ? WHERE disabled_at IS NULL AND"
                                    + " NOT (username = ANY (?))",
                            Timestamp.from(CLOCK.instant()),
                            keep.toArray(String[]::new));
                    try {
                        check.run();
                    } finally {
                        s.setRollbackOnly();
                    }
                });
        // nothing of it stays: the first admin is active again
        assertThat(moderators.exists("admin")).isTrue();
    }
}
