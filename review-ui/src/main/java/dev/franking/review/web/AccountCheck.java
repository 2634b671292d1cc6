package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.SignedInAccount;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a signed-in session whose account changed since sign-in: disabled (or gone), given other
 * roles, or changed in any other way that moves its version (a password reset). Sessions keep the
 * roles of their sign-in, so without this a disabled moderator would work on until their session
 * expired, a demoted admin would stay an admin, and whoever signed in with a password that was then
 * reset would stay signed in. Every request of a session with a review role asks the {@link
 * ReviewPorts.ModeratorAdmin} port (one primary-key read); a changed one is signed out and sent to
 * the sign-in page, and the request does nothing. Without the port (an application that keeps its
 * accounts elsewhere) nothing is checked.
 *
 * <p>The session remembers the account's version of its sign-in: read by the password sign-in
 * before the password is checked ({@link #beforePasswordCheck}), so that a reset that lands while
 * the password is being checked still ends the new session; a session signed in another way (single
 * sign-on) or before this check existed takes the version of its first request. The session of an
 * admin who resets their own password takes the new version ({@link #keepThisSession}): "end the
 * other sessions".
 */
final class AccountCheck extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(AccountCheck.class);

    /** The sign-in page's notice that a session was ended by a change of the account. */
    static final String ENDED = ReviewSecurityConfig.LOGIN + "?ended";

    /** The session attribute holding the account's version at sign-in (a {@code Long}). */
    static final String VERSION = AccountCheck.class.getName() + ".version";

    /** The request attribute holding the version read before a password check. */
    private static final String READ_BEFORE = AccountCheck.class.getName() + ".before";

    private record ReadBefore(String username, long version) {}

    private final ObjectProvider<ReviewPorts.ModeratorAdmin> accounts;

    AccountCheck(ObjectProvider<ReviewPorts.ModeratorAdmin> accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ReviewPorts.ModeratorAdmin port = accounts.getIfAvailable();
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (port != null
                && auth != null
                && auth.isAuthenticated()
                && !(auth instanceof AnonymousAuthenticationToken)) {
            Reviewer me = Reviewer.from(auth);
            // a session without any review role may do nothing here anyway (403): not an account
            // of this port
            if (!me.roles().isEmpty()) {
                String why = changed(port.signedIn(me.username()), me, request.getSession(false));
                if (why != null) {
                    log.info("Review UI session ended: the account was {} since sign-in", why);
                    SecurityContextHolder.clearContext();
                    HttpSession session = request.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                    response.sendRedirect(request.getContextPath() + ENDED);
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    /** Why the session must end (for the log line), or null when it may go on. */
    private static String changed(Optional<SignedInAccount> now, Reviewer me, HttpSession session) {
        if (now.isEmpty()) {
            return "disabled";
        }
        if (!now.get().roles().equals(me.roles())) {
            return "given other roles";
        }
        if (session == null) {
            return null; // nothing remembered (a request without a session)
        }
        long version = now.get().version();
        synchronized (session) {
            Object atSignIn = session.getAttribute(VERSION);
            if (atSignIn == null) {
                session.setAttribute(VERSION, version);
                return null;
            }
            return atSignIn.equals(version) ? null : "changed (a password reset)";
        }
    }

    /**
     * Password sign-in, before Spring Security checks the password: the account's version now. A
     * change after this read, even one made while the password is checked, ends the session.
     */
    static void beforePasswordCheck(
            HttpServletRequest request, ReviewPorts.ModeratorAdmin port, String username) {
        if (port == null || username.isEmpty()) {
            return;
        }
        port.signedIn(username)
                .ifPresent(
                        a ->
                                request.setAttribute(
                                        READ_BEFORE, new ReadBefore(username, a.version())));
    }

    /** Password sign-in succeeded: the new session remembers the version read before the check. */
    static void signedIn(HttpServletRequest request, String username) {
        if (request.getAttribute(READ_BEFORE) instanceof ReadBefore r
                && r.username().equals(username)) {
            HttpSession session = request.getSession(true);
            synchronized (session) {
                session.setAttribute(VERSION, r.version());
            }
        }
    }

    /**
     * After a change the session's own account made to itself that must not end this session (an
     * admin resetting their own password): this session takes the account's new version, so that
     * only the account's other sessions end.
     */
    static void keepThisSession(
            HttpServletRequest request, ReviewPorts.ModeratorAdmin port, String username) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        port.signedIn(username)
                .ifPresent(
                        a -> {
                            synchronized (session) {
                                session.setAttribute(VERSION, a.version());
                            }
                        });
    }
}
