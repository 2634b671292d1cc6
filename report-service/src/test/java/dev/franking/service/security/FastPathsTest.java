package dev.franking.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The loops of {@link FastPaths} give Spring's answers: compared with Spring's own resolver and
 * with the firewall's patterns (copied from {@code StrictHttpFirewall}), on every code point and on
 * random and hand-picked strings.
 */
class FastPathsTest {
    // StrictHttpFirewall's header name and header value patterns (Spring Security 7.0)
    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES =
            Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void headerPredicatesAgreeWithSpringsPatternsOnEveryCodePoint() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String s = "a" + new String(Character.toChars(cp)) + "b";
            assertThat(FastPaths.HEADER_NAMES.test(s))
                    .as("name U+%04X", cp)
                    .isEqualTo(NAMES.matcher(s).matches());
            assertThat(FastPaths.HEADER_VALUES.test(s))
                    .as("value U+%04X", cp)
                    .isEqualTo(VALUES.matcher(s).matches());
        }
    }

    @Test
    void headerPredicatesAgreeOnRandomStringsAndLoneSurrogates() {
        Random r = new Random(42);
        List<String> samples =
                new ArrayList<>(List.of("", "\t", "a\tb", "\uD800", "x\uDC00", "\u007f"));
        char[] alphabet = {'a', ' ', '\t', '\n', '\u0000', '\u00e9', '\uD83D', '\uDE00', '\u0378'};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(6); k > 0; k--) {
                b.append(alphabet[r.nextInt(alphabet.length)]);
            }
            samples.add(b.toString());
        }
        for (String s : samples) {
            assertThat(FastPaths.HEADER_NAMES.test(s)).as(s).isEqualTo(NAMES.matcher(s).matches());
            assertThat(FastPaths.HEADER_VALUES.test(s))
                    .as(s)
                    .isEqualTo(VALUES.matcher(s).matches());
        }
    }

    @Test
    void bearerTokensAreResolvedAsSpringResolvesThem() {
        Random r = new Random(7);
        List<String> headers =
                new ArrayList<>(
                        List.of(
                                "Bearer abc.def-ghi_jkl~mno+pqr/stu==",
                                "bearer abc",
                                "BEARER abc",
                                "Bearer ",
                                "Bearer",
                                "Bearer  abc",
                                "Bearer abc ",
                                "Bearer abc\n",
                                "Bearer =abc",
                                "Bearer abc=d",
                                "Bearer a%b",
                                "Basic dXNlcjpwYXNz",
                                "Bearerabc",
                                "Token abc"));
        String alphabet = "aZ09-._~+/= %\n\té";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(r.nextBoolean() ? "Bearer " : "bEaReR ");
            for (int k = r.nextInt(8); k > 0; k--) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            headers.add(b.toString());
        }
        headers.add(null);
        DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();
        FastPaths.BearerTokens fast = new FastPaths.BearerTokens();
        for (String h : headers) {
            MockHttpServletRequest req = new MockHttpServletRequest("POST", "/api/v2/reports");
            if (h != null) {
                req.addHeader("Authorization", h);
            }
            assertThat(outcome(() -> fast.resolve(req)))
                    .as("%s", h)
                    .isEqualTo(outcome(() -> spring.resolve(req)));
        }
    }

    /** The token, or the exception's class and message. */
    private static String outcome(java.util.function.Supplier<String> call) {
        try {
            return "token:" + call.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ":" + e.getMessage();
        }
    }
}
