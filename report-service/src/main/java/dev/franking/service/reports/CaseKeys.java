package dev.franking.service.reports;

import java.util.UUID;

/**
 * The wrapped data key of a case, which the {@code cases} package owns. Declared here and
 * implemented there so that {@code reports} needs no arrow to {@code cases} (which reads reports):
 * the dependency points one way.
 */
public interface CaseKeys {
    /**
     * The case's wrapped data key, its row locked against shredding until the caller's transaction
     * ends; null once the key has been destroyed (retention).
     */
    byte[] wrappedKeyForShare(UUID caseId);
}
