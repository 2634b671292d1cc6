package dev.franking.service.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views;
import dev.franking.service.Reported;
import dev.franking.service.ServiceTestBase;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Destinations and legal holds as the back office edits them, on real PostgreSQL through Hibernate:
 * edits keep a write-only secret unless a new one is given, a stale edit or deletion is refused, a
 * deletion is refused while a forwarding to the destination is pending and keeps a destination that
 * forwardings name (disabled) for their history; holds are listed, active and lifted, and lifted
 * from the list with the version the admin saw.
 */
class BackOfficeDestinationsTest extends ServiceTestBase {
    static final Reviewer ADMIN = new Reviewer("bo-admin", EnumSet.of(Role.ADMIN));
    static final Reviewer ADMIN2 = new Reviewer("bo-admin-2", EnumSet.of(Role.ADMIN));
    static final Reviewer SENIOR_1 = new Reviewer("bo-senior-1", EnumSet.of(Role.CHILD_SAFETY));
    static final Reviewer SENIOR_2 = new Reviewer("bo-senior-2", EnumSet.of(Role.CHILD_SAFETY));
    static final Reviewer MOD = new Reviewer("bo-mod", EnumSet.of(Role.MODERATOR));
    static final String SECRET = "a webhook secret of at least 32 bytes, surely";

    @Autowired ReviewPorts.Evidence evidence;
    @Autowired ForwardingService forwarding;
    @Autowired DestinationRepository repository;
    @Autowired PlatformTransactionManager txm;

    private static void refused(ThrowingCallable call, String key) {
        assertThatThrownBy(call)
                .isInstanceOf(ReviewPorts.ActionRefused.class)
                .extracting(e -> ((ReviewPorts.ActionRefused) e).messageKey())
                .isEqualTo(key);
    }

    private Views.DestinationDetail detail(UUID id) {
        return evidence.destinationDetails().stream()
                .filter(d -> d.id().equals(id))
                .findFirst()
                .orElse(null);
    }

    private UUID aCase() {
        return Reported.of(messenger, api, jdbc, "harassment", "a threat").caseId();
    }

    @Test
    void anEditKeepsTheSecretUnlessANewOneIsGivenAndIsAuditedWithoutIt() {
        UUID id =
                evidence.addDestination(
                        unique("bo-hook"),
                        "webhook",
                        "https://partner.example/in",
                        null,
                        SECRET,
                        ADMIN);
        Views.DestinationDetail d = detail(id);
        assertThat(d.version()).isZero();
        assertThat(d.hasSecret()).isTrue();

        String renamed = unique("bo-hook-renamed");
        evidence.updateDestination(
                id, 0, renamed, "https://partner.example/v2", "svc", null, ADMIN);
        d = detail(id);
        assertThat(d.name()).isEqualTo(renamed);
        assertThat(d.url()).isEqualTo("https://partner.example/v2");
        assertThat(d.username()).isEqualTo("svc");
        assertThat(d.version()).isEqualTo(1);
        assertThat(forwarding.secret(id)).isEqualTo(SECRET);

        String newSecret = "another secret, also at least 32 bytes long";
        evidence.updateDestination(
                id, 1, renamed, "https://partner.example/v2", "svc", newSecret, ADMIN);
        assertThat(forwarding.secret(id)).isEqualTo(newSecret);
        List<String> details =
                jdbc.queryForList(
                        "SELECT detail FROM audit_log WHERE event = 'destination.updated' AND"
                                + " subject = ? ORDER BY seq",
                        String.class,
                        id.toString());
        assertThat(details).hasSize(2);
        assertThat(details.get(0)).contains("changed=name,url,username");
        assertThat(details.get(1)).contains("changed=secret");
        assertThat(String.join(" ", details)).doesNotContain(SECRET).doesNotContain(newSecret);

        refused(
                () ->
                        evidence.updateDestination(
                                id, 2, renamed, "http://insecure.example", null, null, ADMIN),
                "refused.destination-https-required");
        refused(
                () ->
                        evidence.updateDestination(
                                id, 2, renamed, "https://x.example", null, "short", ADMIN),
                "refused.destination-secret-too-short");
        refused(
                () ->
                        evidence.updateDestination(
                                id, 2, renamed, "https://x.example", null, null, MOD),
                "refused.forbidden");
        assertThat(detail(id).version()).isEqualTo(2);
    }

    @Test
    void aStaleEditOrDeletionIsRefusedAndOverwritesNothing() {
        String name = unique("bo-stale");
        UUID id = evidence.addDestination(name, "download", null, null, null, ADMIN);
        evidence.updateDestination(id, 0, name + "-1", null, null, null, ADMIN);
        refused(
                () -> evidence.updateDestination(id, 0, name + "-2", null, null, null, ADMIN2),
                "refused.destination-stale");
        refused(() -> evidence.deleteDestination(id, 0, ADMIN2), "refused.destination-stale");
        assertThat(detail(id).name()).isEqualTo(name + "-1");

        TransactionTemplate tx = new TransactionTemplate(txm);
        assertThatThrownBy(
                        () ->
                                tx.executeWithoutResult(
                                        s -> {
                                            DestinationEntity e =
                                                    repository.findById(id).orElseThrow();
                                            CompletableFuture.runAsync(
                                                            () ->
                                                                    jdbc.update(
                                                                            "UPDATE destinations"
                                                                                    + " SET version"
                                                                                    + " = version"
                                                                                    + " + 1 WHERE"
                                                                                    + " id = ?",
                                                                            id))
                                                    .join();
                                            e.write("mine", null, null);
                                            repository.saveAndFlush(e);
                                        }))
                .isInstanceOf(ObjectOptimisticLockingFailureException.class);
        assertThat(detail(id).name()).isEqualTo(name + "-1");
    }

    @Test
    void aDeletionIsRefusedWhileAForwardingIsPendingAndKeepsANamedDestinationForItsHistory() {
        UUID caseId = aCase();
        String name = unique("bo-manual");
        UUID id = evidence.addDestination(name, "download", null, null, null, ADMIN);
        UUID f = forwarding.request(caseId, id, "police request", SENIOR_1);

        refused(() -> evidence.deleteDestination(id, 0, ADMIN), "refused.destination-in-use");
        assertThat(detail(id)).isNotNull();

        forwarding.reject(f, "not needed after all", SENIOR_2);
        evidence.deleteDestination(id, 0, ADMIN);
        // gone from the lists, kept (disabled) for the forwarding that names it
        assertThat(detail(id)).isNull();
        assertThat(evidence.destinations()).noneMatch(d -> d.id().equals(id));
        assertThat(forwarding.destinationsIncludingDisabled()).anyMatch(d -> d.id().equals(id));
        assertThat(forwarding.forCase(caseId))
                .singleElement()
                .satisfies(x -> assertThat(x.destination()).isEqualTo(name));
        refused(
                () -> forwarding.request(caseId, id, "again", SENIOR_1),
                "refused.destination-unknown");

        // one that no forwarding names is deleted for good
        UUID unused =
                evidence.addDestination(unique("bo-unused"), "download", null, null, null, ADMIN);
        evidence.deleteDestination(unused, 0, ADMIN);
        assertThat(repository.existsById(unused)).isFalse();
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM audit_log WHERE event ="
                                        + " 'destination.deleted' AND subject IN (?, ?)",
                                Integer.class,
                                id.toString(),
                                unused.toString()))
                .isEqualTo(2);
    }

    @Test
    void holdsAreListedAndLiftedFromTheListWithTheVersionTheAdminSaw() {
        UUID caseId = aCase();
        evidence.placeHold(caseId, "preservation request 2026-41", ADMIN);
        Views.LegalHold h =
                evidence.holds().stream()
                        .filter(x -> x.caseId().equals(caseId))
                        .findFirst()
                        .orElseThrow();
        assertThat(h.active()).isTrue();
        assertThat(h.placedBy()).isEqualTo(ADMIN.username());
        assertThat(h.reason()).isEqualTo("preservation request 2026-41");

        refused(() -> evidence.liftHoldById(h.id(), h.version(), "why", MOD), "refused.forbidden");
        refused(
                () -> evidence.liftHoldById(h.id(), h.version(), " ", ADMIN),
                "refused.reason-required");
        refused(
                () -> evidence.liftHoldById(h.id(), h.version() + 1, "stale", ADMIN),
                "refused.hold-stale");
        evidence.liftHoldById(h.id(), h.version(), "court order withdrawn", ADMIN2);
        Views.LegalHold lifted =
                evidence.holds().stream()
                        .filter(x -> x.id().equals(h.id()))
                        .findFirst()
                        .orElseThrow();
        assertThat(lifted.active()).isFalse();
        assertThat(lifted.liftedBy()).isEqualTo(ADMIN2.username());
        assertThat(lifted.liftReason()).isEqualTo("court order withdrawn");
        assertThat(evidence.status(caseId, ADMIN).hold()).isNull();
        // someone else lifting the same hold from an older page is refused
        refused(
                () -> evidence.liftHoldById(h.id(), h.version(), "again", ADMIN),
                "refused.hold-stale");
        assertThat(
                        jdbc.queryForObject(
                                "SELECT detail FROM audit_log WHERE event = 'case.hold_lifted' AND"
                                        + " case_id = ?",
                                String.class,
                                caseId))
                .isEqualTo("reason=court order withdrawn");

        // a new hold on the same case: both in the list, the lifted one kept
        evidence.placeHold(caseId, "second request", ADMIN);
        assertThat(evidence.holds().stream().filter(x -> x.caseId().equals(caseId)))
                .extracting(Views.LegalHold::active)
                .containsExactlyInAnyOrder(true, false);
    }
}
