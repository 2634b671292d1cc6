package dev.franking.service.appeals;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * An appeal as stored ({@code appeals}, V16). The appellant's statement and the decider's reason
 * are sealed under the case's data key ({@code Vault}); both are null once the case is shredded.
 */
@Entity
@Table(name = "appeals")
class AppealEntity {
    @Id private UUID id;

    @Column(name = "case_id", nullable = false)
    private UUID caseId;

    @Column(name = "report_id")
    private UUID reportId;

    @Column(name = "action_id")
    private UUID actionId;

    @Column(nullable = false, length = 256)
    private String appellant;

    @Column(name = "statement_enc")
    private byte[] statementEnc;

    @Column(nullable = false, length = 16)
    private String contested;

    @Column(name = "contested_by", nullable = false, length = 64)
    private String contestedBy;

    @Column(name = "contested_at", nullable = false)
    private Instant contestedAt;

    @Column(name = "filed_at", nullable = false)
    private Instant filedAt;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "decided_by", length = 64)
    private String decidedBy;

    @Column(name = "decided_at")
    private Instant decidedAt;

    @Column(name = "reason_enc")
    private byte[] reasonEnc;

    @Version private Long version;

    protected AppealEntity() {}

    AppealEntity(
            UUID id,
            UUID caseId,
            UUID reportId,
            UUID actionId,
            String appellant,
            byte[] statementEnc,
            String contested,
            String contestedBy,
            Instant contestedAt,
            Instant filedAt) {
        this.id = id;
        this.caseId = caseId;
        this.reportId = reportId;
        this.actionId = actionId;
        this.appellant = appellant;
        this.statementEnc = statementEnc;
        this.contested = contested;
        this.contestedBy = contestedBy;
        this.contestedAt = contestedAt;
        this.filedAt = filedAt;
        this.status = Appeals.OPEN;
    }

    void decide(String outcome, String by, byte[] whyEnc, Instant at) {
        this.status = outcome;
        this.decidedBy = by;
        this.reasonEnc = whyEnc;
        this.decidedAt = at;
    }

    UUID id() {
        return id;
    }

    UUID caseId() {
        return caseId;
    }

    UUID reportId() {
        return reportId;
    }

    UUID actionId() {
        return actionId;
    }

    String appellant() {
        return appellant;
    }

    byte[] statementEnc() {
        return statementEnc;
    }

    String contested() {
        return contested;
    }

    String contestedBy() {
        return contestedBy;
    }

    Instant contestedAt() {
        return contestedAt;
    }

    Instant filedAt() {
        return filedAt;
    }

    String status() {
        return status;
    }

    String decidedBy() {
        return decidedBy;
    }

    Instant decidedAt() {
        return decidedAt;
    }

    byte[] reasonEnc() {
        return reasonEnc;
    }

    Long version() {
        return version;
    }
}
