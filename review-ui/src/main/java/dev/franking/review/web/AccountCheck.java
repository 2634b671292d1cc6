package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a signed-in session whose account changed since sign-in: disabled (or gone), or given other
 * roles. Sessions keep the roles of their sign-in, so without this a disabled moderator would work
 * on until their session expired, and a demoted admin would stay an admin. Every request of a
 * session with a review role asks the {@link ReviewPorts.ModeratorAdmin} port (one primary-key
 * read); a changed one is signed out and sent to the sign-in page, and the request does nothing.
 * Without the port (an application that keeps its accounts elsewhere) nothing is checked.
 */
final class AccountCheck extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(AccountCheck.class);

    /** The sign-in page's notice that a session was ended by a change of the account. */
    static final String ENDED = ReviewSecurityConfig.LOGIN + "?ended";

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
                Optional<Set<Role>> now = port.activeRoles(me.username());
                if (now.isEmpty() || !now.get().equals(me.roles())) {
                    log.info(
                            "Review UI session ended: the account was {} since sign-in",
                            now.isEmpty() ? "disabled" : "given other roles");
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
}
