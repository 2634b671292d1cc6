package dev.franking.review.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The answers of {@code POST /login/webauthn} (the second factor): JSON as Spring Security's script
 * expects it ({@code {"authenticated":true,"redirectUrl":...}}), a log line and an audit row each
 * way. An assertion that names another account than the password did ends the session.
 */
final class PasskeyAssertionHandler
        implements AuthenticationSuccessHandler, AuthenticationFailureHandler {
    private static final Logger log = LoggerFactory.getLogger("dev.franking.review.signin");

    private final SignInAuditing audit;

    PasskeyAssertionHandler(SignInAuditing audit) {
        this.audit = audit;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication auth)
            throws IOException {
        Object first = request.getAttribute(PasskeyGate.FIRST_FACTOR_USER);
        String user = SignInGuard.loggable(auth.getName());
        if (!auth.getName().equals(first) || !PasskeyGate.hasPasskeyFactor(auth)) {
            log.warn(
                    "passkey of another account: user=\"{}\" address={}",
                    user,
                    request.getRemoteAddr());
            audit.passkeyFailed(
                    SignInGuard.loggable(String.valueOf(first)),
                    request.getRemoteAddr(),
                    "other-account");
            PasskeyGate.endSession(request);
            json(response, HttpServletResponse.SC_UNAUTHORIZED, "{\"authenticated\":false}");
            return;
        }
        log.info("passkey accepted: user=\"{}\" address={}", user, request.getRemoteAddr());
        audit.signedIn(user, request.getRemoteAddr(), "passkey");
        json(
                response,
                HttpServletResponse.SC_OK,
                "{\"authenticated\":true,\"redirectUrl\":\""
                        + request.getContextPath()
                        + "/review\"}");
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        Object first = request.getAttribute(PasskeyGate.FIRST_FACTOR_USER);
        String user = SignInGuard.loggable(String.valueOf(first));
        log.warn(
                "passkey refused: user=\"{}\" address={} reason={}",
                user,
                request.getRemoteAddr(),
                e.getClass().getSimpleName());
        audit.passkeyFailed(user, request.getRemoteAddr(), e.getClass().getSimpleName());
        json(response, HttpServletResponse.SC_UNAUTHORIZED, "{\"authenticated\":false}");
    }

    private static void json(HttpServletResponse response, int status, String body)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write(body);
    }
}
