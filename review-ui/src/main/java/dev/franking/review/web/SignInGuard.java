package dev.franking.review.web;

import dev.franking.review.model.ReviewPorts;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Password sign-in around Spring Security's form login: a filter that refuses a locked account or
 * address before the password is checked, and the success and failure handlers that count, log and
 * answer. Every failure and every lock is one WARN line with the username and the client address; a
 * success is one INFO line. The password is never read here.
 *
 * <p>The client address is {@code request.getRemoteAddr()}: behind a proxy it is the proxy's,
 * unless forwarded headers are honoured ({@code server.forward-headers-strategy}, see the README).
 */
final class SignInGuard extends OncePerRequestFilter
        implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    /** One logger for the sign-in lines, so that operators can route or alert on them. */
    private static final Logger log = LoggerFactory.getLogger("dev.franking.review.signin");

    /** The lock shown on the page is capped here (a tampered query string shows nothing). */
    static final int MAX_SHOWN_MINUTES = 24 * 60;

    private static final RequestMatcher PASSWORD_SIGN_IN =
            PathPatternRequestMatcher.withDefaults()
                    .matcher(HttpMethod.POST, ReviewSecurityConfig.LOGIN);

    private final SignInThrottle throttle;
    private final SignInAuditing audit;
    private final RedirectStrategy redirect = new DefaultRedirectStrategy();
    private final SimpleUrlAuthenticationSuccessHandler success;

    /** The accounts port, when the application has one (see {@link AccountCheck}). */
    private final ObjectProvider<ReviewPorts.ModeratorAdmin> accounts;

    SignInGuard(
            SignInThrottle throttle,
            SignInAuditing audit,
            ObjectProvider<ReviewPorts.ModeratorAdmin> accounts) {
        this.throttle = throttle;
        this.audit = audit;
        this.accounts = accounts;
        this.success = new SimpleUrlAuthenticationSuccessHandler("/review");
        this.success.setAlwaysUseDefaultTargetUrl(true);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PASSWORD_SIGN_IN.matches(request);
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String username = username(request);
        String address = request.getRemoteAddr();
        Duration wait = throttle.refusal(username, address);
        if (wait == null) {
            // the account's version before its password is checked: a reset from here on ends
            // the session this sign-in makes
            AccountCheck.beforePasswordCheck(request, accounts.getIfAvailable(), username);
            chain.doFilter(request, response);
            return;
        }
        // no WARN per refused attempt: a flood of them would flood the log; the lock was logged
        log.debug(
                "sign-in refused while locked: user=\"{}\" address={} for {}s",
                loggable(username),
                address,
                wait.toSeconds());
        redirect.sendRedirect(request, response, lockedUrl(wait));
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException, ServletException {
        String username = username(request);
        String address = request.getRemoteAddr();
        if (e instanceof AuthenticationServiceException) {
            // the user store failed, not the person: no count against them
            log.error(
                    "sign-in could not be checked: user=\"{}\" address={} ({})",
                    loggable(username),
                    address,
                    e.getClass().getSimpleName());
            redirect.sendRedirect(request, response, ReviewSecurityConfig.LOGIN + "?error");
            return;
        }
        SignInThrottle.Outcome o = throttle.failed(username, address);
        log.warn(
                "sign-in failed: user=\"{}\" address={} account-failures={} address-failures={}"
                        + " reason={}",
                loggable(username),
                address,
                o.accountCount(),
                o.addressCount(),
                e.getClass().getSimpleName());
        audit.failed(loggable(username), address, e.getClass().getSimpleName());
        if (o.accountLock() != null) {
            log.warn(
                    "sign-in locked for the account: user=\"{}\" address={} for {}s after {}"
                            + " failures",
                    loggable(username),
                    address,
                    o.accountLock().toSeconds(),
                    o.accountCount());
            audit.locked(loggable(username), address, "account", o.accountLock().toSeconds());
        }
        if (o.addressLock() != null) {
            log.warn(
                    "sign-in locked for the address: user=\"{}\" address={} for {}s after {}"
                            + " failures",
                    loggable(username),
                    address,
                    o.addressLock().toSeconds(),
                    o.addressCount());
            audit.locked(loggable(username), address, "address", o.addressLock().toSeconds());
        }
        Duration lock = longer(o.accountLock(), o.addressLock());
        redirect.sendRedirect(
                request,
                response,
                lock == null ? ReviewSecurityConfig.LOGIN + "?error" : lockedUrl(lock));
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication auth)
            throws IOException, ServletException {
        throttle.succeeded(auth.getName());
        log.info(
                "sign-in succeeded: user=\"{}\" address={}",
                loggable(auth.getName()),
                request.getRemoteAddr());
        audit.signedIn(loggable(auth.getName()), request.getRemoteAddr(), "password");
        AccountCheck.signedIn(request, auth.getName());
        success.onAuthenticationSuccess(request, response, auth);
    }

    /** The username as Spring Security's form login reads it. */
    private static String username(HttpServletRequest request) {
        String u = request.getParameter("username");
        return u == null ? "" : u.trim();
    }

    /** Whole minutes, rounded up: "try again in 1 minute" for 20 seconds. */
    static long minutes(Duration wait) {
        return Math.max(1, (wait.toSeconds() + 59) / 60);
    }

    private static String lockedUrl(Duration wait) {
        return ReviewSecurityConfig.LOGIN + "?locked=" + minutes(wait);
    }

    private static Duration longer(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * A typed username is attacker-controlled: outside the characters of usernames it is replaced,
     * so that it cannot forge log lines, and it is cut at the longest username.
     */
    static String loggable(String username) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(username.length(), ReviewLimits.USERNAME_MAX);
        for (int i = 0; i < n; i++) {
            char c = username.charAt(i);
            boolean plain =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '.'
                            || c == '_'
                            || c == '@'
                            || c == '-';
            b.append(plain ? c : '?');
        }
        if (username.length() > n) {
            b.append("...");
        }
        return b.toString();
    }
}
