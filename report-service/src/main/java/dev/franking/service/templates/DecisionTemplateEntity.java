package dev.franking.service.templates;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A decision template as stored: the first back-office aggregate kept through JPA. {@link #version}
 * is Hibernate's optimistic lock: every update and delete names the version it read, so an edit
 * made against an older version fails instead of overwriting. It is a wrapper type so that Spring
 * Data sees a new entity (null version) despite its assigned id, and persists rather than merges.
 */
@Entity
@Table(name = "decision_templates")
class DecisionTemplateEntity {
    @Id private UUID id;

    @Column(nullable = false, length = 80)
    private String name;

    @Column(nullable = false, length = 200)
    private String ground;

    @Column(nullable = false, length = 4000)
    private String facts;

    @Version private Long version;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_by", nullable = false, length = 64)
    private String updatedBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected DecisionTemplateEntity() {}

    DecisionTemplateEntity(UUID id, String by, Instant at) {
        this.id = id;
        this.createdBy = by;
        this.createdAt = at;
    }

    void write(String name, String ground, String facts, String by, Instant at) {
        this.name = name;
        this.ground = ground;
        this.facts = facts;
        this.updatedBy = by;
        this.updatedAt = at;
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    String ground() {
        return ground;
    }

    String facts() {
        return facts;
    }

    Long version() {
        return version;
    }

    String updatedBy() {
        return updatedBy;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
