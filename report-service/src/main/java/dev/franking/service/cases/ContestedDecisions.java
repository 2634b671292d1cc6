package dev.franking.service.cases;

import dev.franking.review.model.Reviewer;
import dev.franking.service.crypto.EpochKeyGone;
import dev.franking.service.crypto.Vault;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the {@code appeals} package needs of a case, which it does not own: the decision an appeal
 * contests with its statement of reasons (as the reviewer may see it), and the case's data key, so
 * that an appellant's statement and the decider's reason are sealed like the case's other texts and
 * die with its key.
 */
@Component
public class ContestedDecisions {
    /**
     * A case's decision as the appeals page shows it; {@code facts} is null once the case's data
     * key is destroyed.
     */
    public record Contested(
            UUID caseId,
            String reportedAccount,
            boolean childSafety,
            String decision,
            String decidedBy,
            Instant decidedAt,
            String ground,
            String facts) {}

    private final CaseRepository cases;
    private final CaseAccess access;
    private final Vault vault;

    ContestedDecisions(CaseRepository cases, CaseAccess access, Vault vault) {
        this.cases = cases;
        this.access = access;
        this.vault = vault;
    }

    /** Whether the reviewer may see the case (child safety only for child-safety staff). */
    public boolean visibleTo(UUID caseId, Reviewer viewer) {
        return access.visibleTo(caseId, viewer);
    }

    /** Which of these cases the reviewer may see, in one statement (the appeals count). */
    public java.util.Set<UUID> visibleAmong(java.util.Collection<UUID> caseIds, Reviewer viewer) {
        return access.visibleAmong(caseIds, viewer);
    }

    /**
     * The case's decision and its statement of reasons; empty when the reviewer may not see the
     * case, or it has no decision (reopened and not decided again).
     */
    @Transactional(readOnly = true)
    public Optional<Contested> of(UUID caseId, Reviewer viewer) {
        Optional<CaseRow> row =
                cases.load(caseId, false).filter(c -> !c.childSafety() || viewer.seesChildSafety());
        if (row.isEmpty() || row.get().decision() == null) {
            return Optional.empty();
        }
        CaseRow c = row.get();
        return cases.reasons(caseId)
                .map(
                        r ->
                                new Contested(
                                        caseId,
                                        c.sender(),
                                        c.childSafety(),
                                        c.decision(),
                                        c.decidedBy(),
                                        r.decidedAt(),
                                        r.ground(),
                                        facts(c, r)));
    }

    private String facts(CaseRow c, CaseRepository.StoredReasons r) {
        if (r.factsEnc() == null || c.wrappedKey() == null) {
            return null;
        }
        return dataKey(c.id(), c.wrappedKey())
                .map(k -> vault.openFacts(k, c.id(), r.factsEnc()))
                .orElse(null);
    }

    /**
     * The case's data key, its row locked against shredding until the caller's transaction ends;
     * empty once destroyed (by retention, or with its epoch).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<byte[]> dataKey(UUID caseId) {
        return dataKey(caseId, cases.wrappedKeyForShare(caseId));
    }

    private Optional<byte[]> dataKey(UUID caseId, byte[] wrapped) {
        if (wrapped == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(vault.unwrapCaseKey(caseId, wrapped));
        } catch (EpochKeyGone e) {
            return Optional.empty();
        }
    }
}
