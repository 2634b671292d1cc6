package dev.franking.service.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.DecisionTemplate;
import dev.franking.service.ServiceTestBase;
import java.util.EnumSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decision templates on real PostgreSQL through Hibernate and Spring Data JPA, next to the
 * service's JdbcClient code in the same transactions (the audit row of each change): admins only,
 * names unique whatever their case, and optimistic locking: an edit or deletion against an older
 * version is refused and changes nothing, both when the version is seen to differ on reading and
 * when another transaction commits between reading and writing (Hibernate's own version check).
 */
class DecisionTemplatesTest extends ServiceTestBase {
    @Autowired ReviewPorts.Templates templates;
    @Autowired DecisionTemplateRepository repository;
    @Autowired PlatformTransactionManager txm;

    static final Reviewer ADMIN = new Reviewer("tpl-admin", EnumSet.of(Role.ADMIN));
    static final Reviewer ADMIN2 = new Reviewer("tpl-admin-2", EnumSet.of(Role.ADMIN));
    static final Reviewer MOD = new Reviewer("tpl-mod", EnumSet.of(Role.MODERATOR));

    private DecisionTemplate find(UUID id) {
        return templates.list().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    private int auditRows(String event, UUID id) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM audit_log WHERE event = ? AND subject = ?",
                Integer.class,
                event,
                id.toString());
    }

    @Test
    void adminsCreateEditAndDeleteEachChangeAudited() {
        String name = unique("Spam");
        UUID id = templates.create(name, "Terms of service: spam", "Advertised.", ADMIN);
        DecisionTemplate t = find(id);
        assertThat(t.version()).isZero();
        assertThat(t.updatedBy()).isEqualTo(ADMIN.username());
        assertThat(auditRows("template.created", id)).isEqualTo(1);

        templates.update(id, 0, name, "Terms of service: spam", "Advertised twice.", ADMIN2);
        t = find(id);
        assertThat(t.version()).isEqualTo(1);
        assertThat(t.facts()).isEqualTo("Advertised twice.");
        assertThat(t.updatedBy()).isEqualTo(ADMIN2.username());
        assertThat(auditRows("template.updated", id)).isEqualTo(1);

        templates.delete(id, 1, ADMIN);
        assertThat(templates.list()).noneMatch(x -> x.id().equals(id));
        assertThat(auditRows("template.deleted", id)).isEqualTo(1);
    }

    @Test
    void aStaleEditOrDeletionIsRefusedAndOverwritesNothing() {
        String name = unique("Hate");
        UUID id = templates.create(name, "Terms of service: hate", "Slurs.", ADMIN);
        templates.update(id, 0, name, "Terms of service: hate", "First admin's facts.", ADMIN);

        assertThatThrownBy(
                        () ->
                                templates.update(
                                        id,
                                        0,
                                        name,
                                        "Terms of service: hate",
                                        "Second admin's facts.",
                                        ADMIN2))
                .isInstanceOf(ReviewPorts.ActionRefused.class)
                .extracting(e -> ((ReviewPorts.ActionRefused) e).messageKey())
                .isEqualTo("refused.template-stale");
        assertThatThrownBy(() -> templates.delete(id, 0, ADMIN2))
                .isInstanceOf(ReviewPorts.ActionRefused.class)
                .extracting(e -> ((ReviewPorts.ActionRefused) e).messageKey())
                .isEqualTo("refused.template-stale");
        DecisionTemplate t = find(id);
        assertThat(t.facts()).isEqualTo("First admin's facts.");
        assertThat(t.version()).isEqualTo(1);
        assertThat(auditRows("template.updated", id)).isEqualTo(1);
    }

    @Test
    void hibernateRefusesAWriteWhenAnotherTransactionCommittedSinceTheRead() {
        UUID id = templates.create(unique("Fraud"), "Terms of service: fraud", "Scam.", ADMIN);
        TransactionTemplate tx = new TransactionTemplate(txm);
        assertThatThrownBy(
                        () ->
                                tx.executeWithoutResult(
                                        s -> {
                                            DecisionTemplateEntity e =
                                                    repository.findById(id).orElseThrow();
                                            concurrentSave(id);
                                            e.write(
                                                    e.name(),
                                                    e.ground(),
                                                    "mine",
                                                    ADMIN.username(),
                                                    CLOCK.instant());
                                            repository.saveAndFlush(e);
                                        }))
                .isInstanceOf(ObjectOptimisticLockingFailureException.class);
        assertThat(find(id).facts()).isEqualTo("theirs");
    }

    /**
     * Another admin's save, committed at once: on another thread, so on a connection and in a
     * transaction of its own (on this thread the JDBC calls would join the open transaction).
     */
    private void concurrentSave(UUID id) {
        CompletableFuture.runAsync(
                        () ->
                                jdbc.update(
                                        "UPDATE decision_templates SET version = version + 1,"
                                                + " facts = 'theirs' WHERE id = ?",
                                        id))
                .join();
    }

    @Test
    void onlyAdminsAndUniqueValidNames() {
        assertThatThrownBy(() -> templates.create(unique("x"), "g", "f", MOD))
                .extracting(e -> ((ReviewPorts.ActionRefused) e).messageKey())
                .isEqualTo("refused.admin-only");
        String name = unique("Threats");
        UUID id = templates.create(name, "g", "f", ADMIN);
        assertThatThrownBy(() -> templates.create(name.toUpperCase(), "g", "f", ADMIN))
                .extracting(e -> ((ReviewPorts.ActionRefused) e).messageKey())
                .isEqualTo("refused.template-name-taken");
        assertThatThrownBy(() -> templates.create(unique("y"), " ", "f", ADMIN))
                .extracting(e -> ((ReviewPorts.ActionRefused) e).messageKey())
                .isEqualTo("refused.template-invalid");
        assertThatThrownBy(() -> templates.update(id, 0, name, "g", "f", MOD))
                .extracting(e -> ((ReviewPorts.ActionRefused) e).messageKey())
                .isEqualTo("refused.admin-only");
        assertThatThrownBy(() -> templates.delete(UUID.randomUUID(), 0, ADMIN))
                .isInstanceOf(ReviewPorts.NotFound.class);
    }
}
