package dev.franking.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * PROTOCOL.md §7 and issue 11: every 4xx of the API is {@code application/problem+json} with a
 * stable type, including what Tomcat refuses itself before Spring sees the request, on a real port.
 * Never a 500, never an HTML page, and nothing of the request (its path, a token) in the answer.
 */
class ProblemEverywhereTest extends ServiceTestBase {
    /** In every path, so that an echo of the path would show. */
    private static final String MARK = "zqxmark";

    /** 210 characters: more than an answer may quote of a path. */
    private static final String SEG = MARK.repeat(30);

    record Case(String name, String head, List<Integer> statuses) {}

    private static String get(String target, String token) {
        return "GET "
                + target
                + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + token
                + "\r\nConnection: close\r\n\r\n";
    }

    List<Case> cases(String token) {
        List<Case> cases = new ArrayList<>();
        for (String v : List.of("v1", "v2")) {
            String r = "/api/" + v + "/reports/";
            List<Integer> bad = List.of(400);
            cases.add(new Case(v + " NUL", get(r + SEG + "%00", token), bad));
            cases.add(new Case(v + " encoded dot segment", get(r + "%2e%2e/" + SEG, token), bad));
            cases.add(new Case(v + " dot segment", get(r + "../../" + SEG, token), bad));
            cases.add(new Case(v + " encoded CR/LF", get(r + SEG + "%0d%0aX-A:%20b", token), bad));
            cases.add(new Case(v + " encoded slash", get(r + SEG + "%2f" + SEG, token), bad));
            cases.add(new Case(v + " encoded backslash", get(r + SEG + "%5c" + SEG, token), bad));
            cases.add(new Case(v + " raw backslash", get(r + SEG + "\\" + SEG, token), bad));
            cases.add(new Case(v + " jsessionid", get(r + SEG + ";jsessionid=1", token), bad));
            cases.add(new Case(v + " path parameter", get(r + SEG + ";a=b/x", token), bad));
            cases.add(new Case(v + " bad percent-encoding", get(r + SEG + "%zz", token), bad));
            cases.add(new Case(v + " truncated percent", get(r + SEG + "%4", token), bad));
            cases.add(new Case(v + " overlong UTF-8 dot", get(r + "%c0%ae" + SEG, token), bad));
            cases.add(
                    new Case(
                            v + " 100,000-character id",
                            get(r + SEG + "a".repeat(100_000), token),
                            List.of(400, 414)));
            cases.add(
                    new Case(
                            v + " oversize header",
                            "GET "
                                    + r
                                    + MARK
                                    + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                    + token
                                    + "\r\nX-Big: "
                                    + MARK.repeat(4_000)
                                    + "\r\nConnection: close\r\n\r\n",
                            List.of(400, 431)));
            cases.add(
                    new Case(
                            v + " malformed header",
                            "GET "
                                    + r
                                    + MARK
                                    + " HTTP/1.1\r\nHost: localhost\r\nBad Header: "
                                    + MARK
                                    + "\r\nConnection: close\r\n\r\n",
                            bad));
            cases.add(
                    new Case(
                            v + " unknown method",
                            "FROB "
                                    + r
                                    + MARK
                                    + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                    + token
                                    + "\r\nConnection: close\r\n\r\n",
                            List.of(400, 405, 501)));
            cases.add(
                    new Case(
                            v + " TRACE",
                            "TRACE "
                                    + r
                                    + SEG
                                    + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                    + token
                                    + "\r\nConnection: close\r\n\r\n",
                            List.of(405)));
            cases.add(
                    new Case(
                            v + " unknown API path",
                            get("/api/" + v + "/" + SEG, token),
                            List.of(404)));
            cases.add(
                    new Case(
                            v + " unsupported media type",
                            "POST /api/"
                                    + v
                                    + "/reports HTTP/1.1\r\nHost: localhost\r\nAuthorization:"
                                    + " Bearer "
                                    + token
                                    + "\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n"
                                    + "Connection: close\r\n\r\n"
                                    + MARK,
                            // v1 is gone: nothing answers there but the 404
                            List.of(v.equals("v1") ? 404 : 415)));
        }
        cases.add(
                new Case(
                        "unsupported HTTP version",
                        "GET /api/v1/" + SEG + " HTTP/7.1\r\nHost: localhost\r\n\r\n",
                        List.of(400, 505)));
        cases.add(
                new Case(
                        "no Host header",
                        "GET /api/v1/" + SEG + " HTTP/1.1\r\nConnection: close\r\n\r\n",
                        List.of(400)));
        cases.add(
                new Case(
                        "two Content-Length headers",
                        "POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n"
                                + "Content-Length: 2\r\nConnection: close\r\n\r\n{}",
                        List.of(400)));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyRefusalIsAProblemThatEchoesNothing() {
        String token = TestTokens.token(unique("bob"), "report");
        return cases(token).stream()
                .map(
                        c ->
                                DynamicTest.dynamicTest(
                                        c.name(),
                                        () -> check(c, RawHttp.exchange(port, c.head()), token)));
    }

    static void check(Case c, RawHttp.Reply r, String token) throws IOException {
        String text = r.text();
        assertThat(r.status()).as(c.name() + ": " + text).isIn(c.statuses());
        assertThat(r.header("Content-Type")).as(c.name()).startsWith("application/problem+json");
        assertThat(text.toLowerCase(java.util.Locale.ROOT))
                .as(c.name())
                .doesNotContain("<html", "exception", "tomcat", MARK.repeat(20));
        assertThat(text).as(c.name()).doesNotContain(token);
        JsonNode p = r.json();
        String code = p.get("code").asString();
        assertThat(code).as(c.name()).matches("[a-z0-9_]+");
        assertThat(p.get("type").asString()).as(c.name()).isEqualTo("/problems/" + code);
        assertThat(p.get("status").asInt()).as(c.name()).isEqualTo(r.status());
        assertThat(p.has("path")).as(c.name()).isFalse();
    }
}
