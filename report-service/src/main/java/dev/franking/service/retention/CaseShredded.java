package dev.franking.service.retention;

import java.time.Instant;
import java.util.UUID;

/**
 * Published, inside the shredding transaction, when retention destroys a case's evidence: packages
 * that keep ciphertexts of the case under its data key (forwarding's evidence packages) drop them
 * in the same transaction. An event rather than a call because forwarding already depends on
 * retention (holds).
 */
public record CaseShredded(UUID caseId, Instant at) {}
