package dev.franking.service.moderators;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A moderator account as stored (the back office edits it through JPA). {@link #version} is
 * Hibernate's optimistic lock: an admin's change names the version they saw, so a change made
 * against an older version fails instead of overwriting. It is a wrapper type so that Spring Data
 * sees a new entity (null version) despite the assigned id (the username), and persists rather than
 * merges. Roles are stored as the comma-separated wire names, as sign-in has always read them.
 */
@Entity
@Table(name = "moderators")
class ModeratorEntity {
    @Id
    @Column(length = 64)
    private String username;

    @Column(name = "password_hash", nullable = false, length = 200)
    private String passwordHash;

    @Column(nullable = false, length = 64)
    private String roles;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "disabled_at")
    private Instant disabledAt;

    @Version private Long version;

    protected ModeratorEntity() {}

    ModeratorEntity(String username, String passwordHash, String roles, Instant createdAt) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.roles = roles;
        this.createdAt = createdAt;
    }

    String username() {
        return username;
    }

    String passwordHash() {
        return passwordHash;
    }

    void passwordHash(String hash) {
        this.passwordHash = hash;
    }

    String roles() {
        return roles;
    }

    void roles(String roles) {
        this.roles = roles;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant disabledAt() {
        return disabledAt;
    }

    void disabledAt(Instant at) {
        this.disabledAt = at;
    }

    boolean active() {
        return disabledAt == null;
    }

    Long version() {
        return version;
    }
}
