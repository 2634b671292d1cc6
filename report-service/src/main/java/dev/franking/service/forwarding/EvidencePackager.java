package dev.franking.service.forwarding;

import java.util.UUID;

/** Builds the signed evidence package of a case (a ZIP with a CMS-signed manifest). */
interface EvidencePackager {
    /** A built package: its bytes and SHA-256. */
    record Built(UUID packageId, byte[] zip, byte[] sha256) {}

    /** Builds and stores the package; the caller's transaction holds the case. */
    Built build(UUID caseId, String actor);
}
