package dev.franking.service.forwarding;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A destination as stored, written through JPA (the back office edits it); the delivery path only
 * reads it. {@link #version} is Hibernate's optimistic lock: an admin's edit or deletion names the
 * version they saw. A wrapper type, so that Spring Data persists a new one despite its assigned id.
 * {@code secretEnc} is the secret wrapped under the KEK ({@code Vault}), never the secret itself.
 */
@Entity
@Table(name = "destinations")
class DestinationEntity {
    @Id private UUID id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 16)
    private String kind;

    @Column(length = 2000)
    private String url;

    @Column(length = 200)
    private String username;

    @Column(name = "secret_enc")
    private byte[] secretEnc;

    @Column(name = "created_by", nullable = false, length = 64)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "disabled_at")
    private Instant disabledAt;

    @Version private Long version;

    protected DestinationEntity() {}

    DestinationEntity(UUID id, String kind, String createdBy, Instant createdAt) {
        this.id = id;
        this.kind = kind;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    void write(String name, String url, String username) {
        this.name = name;
        this.url = url;
        this.username = username;
    }

    void secretEnc(byte[] wrapped) {
        this.secretEnc = wrapped;
    }

    void disabledAt(Instant at) {
        this.disabledAt = at;
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    String kind() {
        return kind;
    }

    String url() {
        return url;
    }

    String username() {
        return username;
    }

    boolean hasSecret() {
        return secretEnc != null;
    }

    boolean active() {
        return disabledAt == null;
    }

    Long version() {
        return version;
    }
}
