package dev.franking.service.wellness;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A moderator's display settings as stored. {@link #version} is Hibernate's optimistic lock (a
 * wrapper, so that a new row with its assigned id is persisted rather than merged): a save made
 * from a page showing an older version fails instead of overwriting what the moderator saved from
 * another tab.
 */
@Entity
@Table(name = "moderator_settings")
class ModeratorSettingsEntity {
    @Id
    @Column(length = 64)
    private String username;

    @Column(name = "blur_strength", nullable = false)
    private short blurStrength;

    @Column(nullable = false)
    private boolean greyscale;

    @Column(nullable = false)
    private boolean autoplay;

    @Version private Long version;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ModeratorSettingsEntity() {}

    ModeratorSettingsEntity(String username) {
        this.username = username;
    }

    void write(int blurStrength, boolean greyscale, boolean autoplay, Instant at) {
        this.blurStrength = (short) blurStrength;
        this.greyscale = greyscale;
        this.autoplay = autoplay;
        this.updatedAt = at;
    }

    String username() {
        return username;
    }

    int blurStrength() {
        return blurStrength;
    }

    boolean greyscale() {
        return greyscale;
    }

    boolean autoplay() {
        return autoplay;
    }

    Long version() {
        return version;
    }
}
