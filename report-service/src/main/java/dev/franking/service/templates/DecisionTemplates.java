package dev.franking.service.templates;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.ReviewPorts.NotFound;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.DecisionTemplate;
import dev.franking.review.web.ReviewLimits;
import dev.franking.review.web.TemplatesController;
import dev.franking.service.Rows;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The review UI's templates port. Admins create, edit and delete, each change audited in its
 * transaction; an edit or deletion made against a version that is no longer the saved one is
 * refused ({@code refused.template-stale}) whether the difference is seen on reading (someone saved
 * since the page was opened) or by Hibernate's version check on writing (someone saved in the same
 * instant).
 */
@Service
class DecisionTemplates implements ReviewPorts.Templates {
    private final DecisionTemplateRepository repository;
    private final AuditLog audit;
    private final Clock clock;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    DecisionTemplates(
            DecisionTemplateRepository repository,
            AuditLog audit,
            Clock clock,
            org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A plain read without a transaction: the queue and case pages list the templates on every view
     * (one round trip, no persistence context).
     */
    @Override
    public List<DecisionTemplate> list() {
        return jdbc.sql(
                        "SELECT id, name, ground, facts, version, updated_by, updated_at FROM"
                                + " decision_templates ORDER BY name")
                .query(Rows.of(DecisionTemplate.class))
                .list();
    }

    private static DecisionTemplate view(DecisionTemplateEntity e) {
        return new DecisionTemplate(
                e.id(), e.name(), e.ground(), e.facts(), e.version(), e.updatedBy(), e.updatedAt());
    }

    private static void admin(Reviewer by) {
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.admin-only");
        }
    }

    private static void valid(String name, String ground, String facts) {
        if (blankOrLonger(name, TemplatesController.NAME_MAX)
                || blankOrLonger(ground, ReviewLimits.GROUND_MAX)
                || blankOrLonger(facts, ReviewLimits.FACTS_MAX)) {
            throw new ActionRefused("refused.template-invalid");
        }
    }

    private static boolean blankOrLonger(String s, int max) {
        return s == null || s.isBlank() || s.length() > max;
    }

    @Override
    @Transactional
    public UUID create(String name, String ground, String facts, Reviewer by) {
        admin(by);
        valid(name, ground, facts);
        if (repository.existsByNameIgnoreCase(name)) {
            throw new ActionRefused("refused.template-name-taken");
        }
        DecisionTemplateEntity e =
                new DecisionTemplateEntity(UUID.randomUUID(), by.username(), clock.instant());
        e.write(name, ground, facts, by.username(), clock.instant());
        flush(() -> repository.saveAndFlush(e));
        audit.append(by.username(), AuditEvent.TEMPLATE_CREATED, null, e.id().toString(), name);
        return e.id();
    }

    @Override
    @Transactional
    public void update(
            UUID id, long version, String name, String ground, String facts, Reviewer by) {
        admin(by);
        valid(name, ground, facts);
        DecisionTemplateEntity e = current(id, version);
        if (repository.existsByNameIgnoreCaseAndIdNot(name, id)) {
            throw new ActionRefused("refused.template-name-taken");
        }
        String before = e.name();
        e.write(name, ground, facts, by.username(), clock.instant());
        flush(() -> repository.saveAndFlush(e));
        audit.append(
                by.username(),
                AuditEvent.TEMPLATE_UPDATED,
                null,
                id.toString(),
                "version=" + e.version() + (before.equals(name) ? "" : "; renamed from=" + before));
    }

    @Override
    @Transactional
    public void delete(UUID id, long version, Reviewer by) {
        admin(by);
        DecisionTemplateEntity e = current(id, version);
        flush(
                () -> {
                    repository.delete(e);
                    repository.flush();
                });
        audit.append(by.username(), AuditEvent.TEMPLATE_DELETED, null, id.toString(), e.name());
    }

    /** The template, if it is still at the version the admin saw. */
    private DecisionTemplateEntity current(UUID id, long version) {
        DecisionTemplateEntity e = repository.findById(id).orElseThrow(NotFound::new);
        if (e.version() == null || e.version() != version) {
            throw new ActionRefused("refused.template-stale");
        }
        return e;
    }

    /**
     * Writes now rather than at commit, so that Hibernate's version check and the name's unique
     * index answer here, as refusals (the transaction rolls back with them).
     */
    private static void flush(Runnable write) {
        try {
            write.run();
        } catch (OptimisticLockingFailureException e) {
            throw new ActionRefused("refused.template-stale");
        } catch (DataIntegrityViolationException e) {
            throw new ActionRefused("refused.template-name-taken");
        }
    }
}
