package dev.franking.service.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's own checks on every API request, without their regular expressions. Profiled
 * under the closed-loop report load (BENCHMARKS-2026-12-02.md, session 6), the firewall's header
 * checks and the bearer token's pattern were 7 to 8 % of the service JVM's CPU, both spent matching
 * short ASCII strings with {@code java.util.regex}. The answers here are the same ones, computed by
 * a loop: whatever the fast path does not accept outright goes to Spring's own code.
 */
final class FastPaths {
    private FastPaths() {}

    /**
     * {@link DefaultBearerTokenResolver} as configured by default (the {@code Authorization} header
     * only; no query or form parameter): a header that is exactly {@code Bearer <token>} (the
     * scheme in any case, then {@code [A-Za-z0-9-._~+/]+=*}) gives the token, as Spring's pattern
     * would; anything else (no header, another scheme, a malformed token) is Spring's to answer.
     */
    static final class BearerTokens implements BearerTokenResolver {
        private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();

        @Override
        public String resolve(HttpServletRequest request) {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (header != null && wellFormed(header)) {
                return header.substring(PREFIX);
            }
            return spring.resolve(request);
        }

        private static final int PREFIX = "Bearer ".length();

        /** Whether Spring's {@code ^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$} (any case) matches. */
        static boolean wellFormed(String h) {
            int n = h.length();
            if (n <= PREFIX || !h.regionMatches(true, 0, "Bearer ", 0, PREFIX)) {
                return false;
            }
            int i = PREFIX;
            while (i < n && tokenChar(h.charAt(i))) {
                i++;
            }
            if (i == PREFIX) {
                return false;
            }
            while (i < n && h.charAt(i) == '=') {
                i++;
            }
            return i == n;
        }

        private static boolean tokenChar(char c) {
            return (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || c == '+'
                    || c == '/';
        }
    }

    /**
     * Spring's default firewall with its header predicates written as loops. Spring's are {@code
     * [\p{IsAssigned}&&[^\p{IsControl}]]*} for names and {@code
     * [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*} for values: every code point assigned and not a
     * control character (a tab allowed in values). Printable ASCII passes at once; anything else is
     * checked by {@link Character#getType(int)}, which is what those properties are.
     */
    static StrictHttpFirewall firewall() {
        StrictHttpFirewall f = new StrictHttpFirewall();
        f.setAllowedHeaderNames(HEADER_NAMES);
        f.setAllowedHeaderValues(HEADER_VALUES);
        return f;
    }

    static final Predicate<String> HEADER_NAMES = s -> assignedNotControl(s, false);
    static final Predicate<String> HEADER_VALUES = s -> assignedNotControl(s, true);

    static boolean assignedNotControl(String s, boolean tab) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.UNASSIGNED
                    || (type == Character.CONTROL && !(tab && cp == '\t'))) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }
}
