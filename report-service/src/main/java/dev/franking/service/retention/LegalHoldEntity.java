package dev.franking.service.retention;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A legal hold as stored, written through JPA (placed on a case page, lifted there or from the back
 * office's list). State is a timestamp plus an actor: placed at/by, lifted at/by with a reason.
 * {@link #version} is Hibernate's optimistic lock (a lift names the version the admin saw); a
 * wrapper type, so that Spring Data persists a new hold despite its assigned id.
 */
@Entity
@Table(name = "legal_holds")
class LegalHoldEntity {
    @Id private UUID id;

    @Column(name = "case_id", nullable = false)
    private UUID caseId;

    @Column(name = "placed_by", nullable = false, length = 64)
    private String placedBy;

    @Column(name = "placed_at", nullable = false)
    private Instant placedAt;

    @Column(nullable = false, length = 1000)
    private String reason;

    @Column(name = "lifted_by", length = 64)
    private String liftedBy;

    @Column(name = "lifted_at")
    private Instant liftedAt;

    @Column(name = "lift_reason", length = 1000)
    private String liftReason;

    @Version private Long version;

    protected LegalHoldEntity() {}

    LegalHoldEntity(UUID id, UUID caseId, String placedBy, Instant placedAt, String reason) {
        this.id = id;
        this.caseId = caseId;
        this.placedBy = placedBy;
        this.placedAt = placedAt;
        this.reason = reason;
    }

    void lift(String by, Instant at, String reason) {
        this.liftedBy = by;
        this.liftedAt = at;
        this.liftReason = reason;
    }

    UUID id() {
        return id;
    }

    UUID caseId() {
        return caseId;
    }

    String placedBy() {
        return placedBy;
    }

    Instant placedAt() {
        return placedAt;
    }

    String reason() {
        return reason;
    }

    String liftedBy() {
        return liftedBy;
    }

    Instant liftedAt() {
        return liftedAt;
    }

    String liftReason() {
        return liftReason;
    }

    boolean active() {
        return liftedAt == null;
    }

    Long version() {
        return version;
    }
}
