package dev.franking.service.moderators;

import dev.franking.review.model.ReviewPorts;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-ins in the audit log (issue 14): one row per success, per failed password, per lock and per
 * refused passkey. The actor is the username as typed, already cut and escaped by the review UI;
 * the subject the client address; never a password. Attempts refused while locked write nothing, so
 * a flood costs at most one row per failure the throttle lets through.
 */
@Service
class SignInAuditLog implements ReviewPorts.SignInAudit {
    private final AuditLog audit;

    SignInAuditLog(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    @Transactional
    public void signedIn(String username, String address, String factor) {
        audit.append(
                username, AuditEvent.SIGN_IN_SUCCEEDED, null, address(address), "factor=" + factor);
    }

    @Override
    @Transactional
    public void signInFailed(String typedUsername, String address, String reason) {
        audit.append(
                typedUsername,
                AuditEvent.SIGN_IN_FAILED,
                null,
                address(address),
                "reason=" + reason);
    }

    @Override
    @Transactional
    public void signInLocked(String typedUsername, String address, String scope, long seconds) {
        audit.append(
                typedUsername,
                AuditEvent.SIGN_IN_LOCKED,
                null,
                address(address),
                "locked=" + scope + " for " + seconds + "s");
    }

    @Override
    @Transactional
    public void passkeyFailed(String username, String address, String reason) {
        audit.append(
                username,
                AuditEvent.SIGN_IN_PASSKEY_FAILED,
                null,
                address(address),
                "reason=" + reason);
    }

    /** The address as the servlet container gave it (at most an IPv6 literal with a zone). */
    private static String address(String a) {
        return a == null ? null : a.length() <= 100 ? a : a.substring(0, 100);
    }
}
