package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional {@link ReviewPorts.SignInAudit} port, or nothing. A failure to write the row is an
 * ERROR line and does not change the sign-in's answer: the log line about the attempt is written
 * first in any case, and a broken audit log must not let a wrong password in or keep a right one
 * out.
 */
final class SignInAuditing {
    private static final Logger log = LoggerFactory.getLogger("dev.franking.review.signin");

    private final ReviewPorts.SignInAudit port;

    SignInAuditing(ReviewPorts.SignInAudit port) {
        this.port = port;
    }

    void signedIn(String username, String address, String factor) {
        run(() -> port.signedIn(username, address, factor));
    }

    void failed(String typedUsername, String address, String reason) {
        run(() -> port.signInFailed(typedUsername, address, reason));
    }

    void locked(String typedUsername, String address, String scope, long seconds) {
        run(() -> port.signInLocked(typedUsername, address, scope, seconds));
    }

    void passkeyFailed(String username, String address, String reason) {
        run(() -> port.passkeyFailed(username, address, reason));
    }

    private void run(Runnable r) {
        if (port == null) {
            return;
        }
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("sign-in audit row not written ({})", e.getClass().getSimpleName());
        }
    }
}
