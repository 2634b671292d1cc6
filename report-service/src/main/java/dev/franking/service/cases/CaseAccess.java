package dev.franking.service.cases;

import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.ReviewPorts.NotFound;
import dev.franking.review.model.Reviewer;
import dev.franking.service.crypto.EpochKeyGone;
import dev.franking.service.crypto.Vault;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who may see a case, and its data key. Child-safety cases (reported as child safety, or escalated)
 * exist only for child-safety moderators and admins: for others they are "not found", so ids reveal
 * nothing.
 */
@Component
public class CaseAccess {
    private final CaseRepository cases;
    private final Vault vault;

    CaseAccess(CaseRepository cases, Vault vault) {
        this.cases = cases;
        this.vault = vault;
    }

    /** Whether the case exists for this reviewer (the evidence port asks before anything else). */
    public boolean visibleTo(UUID caseId, Reviewer viewer) {
        return cases.load(caseId, false)
                .filter(c -> !c.childSafety() || viewer.seesChildSafety())
                .isPresent();
    }

    /** Which of these cases the reviewer may see (one statement, not one per case). */
    public java.util.Set<UUID> visibleAmong(java.util.Collection<UUID> caseIds, Reviewer viewer) {
        return caseIds.isEmpty()
                ? java.util.Set.of()
                : cases.visibleAmong(caseIds, viewer.seesChildSafety());
    }

    /** The case if this reviewer may see it; "not found" otherwise. */
    CaseRow visible(UUID id, Reviewer viewer, boolean forUpdate) {
        CaseRow c = cases.load(id, forUpdate).orElseThrow(NotFound::new);
        if (c.childSafety() && !viewer.seesChildSafety()) {
            throw new NotFound();
        }
        return c;
    }

    byte[] dataKey(CaseRow c) {
        if (c.wrappedKey() == null) {
            throw new ActionRefused("refused.evidence-destroyed");
        }
        try {
            return vault.unwrapCaseKey(c.id(), c.wrappedKey());
        } catch (EpochKeyGone e) {
            // its epoch ended before retention came round to the row: destroyed all the same
            throw new ActionRefused("refused.evidence-destroyed");
        }
    }
}
