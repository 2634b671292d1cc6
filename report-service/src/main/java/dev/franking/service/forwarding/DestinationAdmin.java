package dev.franking.service.forwarding;

import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views;
import dev.franking.review.web.ReviewLimits;
import dev.franking.service.ReportsProperties;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.crypto.Vault;
import dev.franking.service.forwarding.destinations.DestinationUrls;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Destinations edited and deleted by admins (issue 14, back office), through JPA with the version
 * the admin saw ({@code refused.destination-stale} otherwise). The secret is write-only: an edit
 * without one keeps the stored one, and none is ever shown or audited. A destination is not deleted
 * while a forwarding to it is pending or in flight ({@link #IN_FLIGHT}); one that earlier
 * forwardings name is kept, disabled, for their history (the forwardings' foreign key and the
 * evidence trail need its name), one that none names is deleted.
 */
@Service
class DestinationAdmin {
    /**
     * Forwarding statuses that still need their destination: waiting for the second person, queued
     * or being delivered, or failed and awaiting a retry or a recorded reference.
     */
    static final List<String> IN_FLIGHT = List.of("requested", "queued", "sent", "failed");

    private final DestinationRepository repository;
    private final JdbcClient jdbc;
    private final Vault vault;
    private final AuditLog audit;
    private final Clock clock;
    private final boolean allowLoopbackHttp;

    DestinationAdmin(
            DestinationRepository repository,
            JdbcTemplate jdbc,
            Vault vault,
            AuditLog audit,
            Clock clock,
            ReportsProperties props) {
        this.repository = repository;
        this.jdbc = JdbcClient.create(jdbc);
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
        this.allowLoopbackHttp = props.forwarding().allowLoopbackHttp();
    }

    @Transactional(readOnly = true)
    List<Views.DestinationDetail> details() {
        return repository.findByDisabledAtIsNullOrderByNameAsc().stream()
                .map(
                        d ->
                                new Views.DestinationDetail(
                                        d.id(),
                                        d.name(),
                                        d.kind(),
                                        d.url(),
                                        d.username(),
                                        d.hasSecret(),
                                        d.version()))
                .toList();
    }

    @Transactional
    void update(
            UUID id,
            long version,
            String name,
            String url,
            String username,
            String secret,
            Reviewer by) {
        admin(by);
        DestinationEntity d = current(repository.findById(id), version);
        boolean download = "download".equals(d.kind());
        if (name == null || name.isBlank() || name.length() > ReviewLimits.DESTINATION_NAME_MAX) {
            throw new ActionRefused("refused.destination-name-required");
        }
        if (!download && !DestinationUrls.acceptable(url, allowLoopbackHttp)) {
            throw new ActionRefused("refused.destination-https-required");
        }
        if ((url != null && url.length() > ReviewLimits.DESTINATION_URL_MAX)
                || (username != null && username.length() > ReviewLimits.DESTINATION_USERNAME_MAX)
                || (secret != null && secret.length() > ReviewLimits.DESTINATION_SECRET_MAX)) {
            throw new ActionRefused("refused.destination-too-long");
        }
        boolean newSecret = secret != null && !secret.isEmpty();
        if (newSecret
                && "webhook".equals(d.kind())
                && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new ActionRefused("refused.destination-secret-too-short");
        }
        if (repository.existsByNameAndIdNot(name, id)) {
            throw new ActionRefused("refused.destination-name-taken");
        }
        // what changed, by field name only: never a value that could hold a credential
        List<String> changed = new ArrayList<>();
        String newUrl = download ? null : url;
        String newUsername = download ? null : username;
        if (!name.equals(d.name())) {
            changed.add("name");
        }
        if (!Objects.equals(newUrl, d.url())) {
            changed.add("url");
        }
        if (!Objects.equals(newUsername, d.username())) {
            changed.add("username");
        }
        String before = d.name();
        d.write(name, newUrl, newUsername);
        if (newSecret && !download) {
            d.secretEnc(vault.wrapDestinationSecret(id, secret));
            changed.add("secret");
        }
        try {
            repository.saveAndFlush(d);
        } catch (OptimisticLockingFailureException e) {
            throw new ActionRefused("refused.destination-stale");
        } catch (DataIntegrityViolationException e) {
            throw new ActionRefused("refused.destination-name-taken");
        }
        audit.append(
                by.username(),
                AuditEvent.DESTINATION_UPDATED,
                null,
                id.toString(),
                "name="
                        + before
                        + (before.equals(name) ? "" : " -> " + name)
                        + "; changed="
                        + (changed.isEmpty() ? "nothing" : String.join(",", changed))
                        + "; version="
                        + d.version());
    }

    @Transactional
    void delete(UUID id, long version, Reviewer by) {
        admin(by);
        // row-locked: a forwarding request holds the row's share lock until it commits
        DestinationEntity d = current(repository.findForUpdate(id), version);
        long inFlight =
                jdbc.sql(
                                "SELECT count(*) FROM forwardings WHERE destination_id = ? AND"
                                        + " status IN ('"
                                        + String.join("', '", IN_FLIGHT)
                                        + "')")
                        .param(id)
                        .query(Long.class)
                        .single();
        if (inFlight > 0) {
            throw new ActionRefused("refused.destination-in-use");
        }
        boolean named =
                jdbc.sql("SELECT 1 FROM forwardings WHERE destination_id = ? LIMIT 1")
                        .param(id)
                        .query(Integer.class)
                        .optional()
                        .isPresent();
        try {
            if (named) {
                d.disabledAt(clock.instant());
                repository.saveAndFlush(d);
            } else {
                repository.delete(d);
                repository.flush();
            }
        } catch (OptimisticLockingFailureException e) {
            throw new ActionRefused("refused.destination-stale");
        }
        audit.append(
                by.username(),
                AuditEvent.DESTINATION_DELETED,
                null,
                id.toString(),
                "name="
                        + d.name()
                        + "; kind="
                        + d.kind()
                        + (named ? "; kept disabled for the history of its forwardings" : ""));
    }

    private static void admin(Reviewer by) {
        if (!by.isAdmin()) {
            throw new ActionRefused("refused.forbidden");
        }
    }

    /** The active destination, if it is still at the version the admin saw. */
    private static DestinationEntity current(
            java.util.Optional<DestinationEntity> found, long version) {
        DestinationEntity d =
                found.filter(DestinationEntity::active)
                        .orElseThrow(() -> new ActionRefused("refused.destination-unknown"));
        if (d.version() == null || d.version() != version) {
            throw new ActionRefused("refused.destination-stale");
        }
        return d;
    }
}
