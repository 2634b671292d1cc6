package dev.franking.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.ServiceTestBase;
import dev.franking.service.TableCounts;
import dev.franking.service.TestTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * PROTOCOL.md §7's body limits (stamps 8 MiB, reports 4 MiB, an attachment 32 MiB, appeals 16 KiB)
 * under either version's paths: a 413 {@code too_large} from the Content-Length before the body is
 * read, and while a chunked body is read.
 */
class BodyLimitsTest extends ServiceTestBase {
    static final long MIB = 1024 * 1024;

    @Autowired BodyLimitFilter filter;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    record Limit(String method, String path, long bytes) {}

    static List<Limit> limits() {
        List<Limit> out = new java.util.ArrayList<>();
        for (String v : List.of("v1", "v2")) {
            String id = UUID.randomUUID().toString();
            out.add(new Limit("POST", "/api/" + v + "/stamps", 8 * MIB));
            out.add(new Limit("POST", "/api/" + v + "/reports", 4 * MIB));
            out.add(
                    new Limit(
                            "PUT",
                            "/api/" + v + "/reports/" + id + "/messages/0/attachments/1",
                            32 * MIB));
            out.add(new Limit("POST", "/api/" + v + "/reports/" + id + "/appeals", 16 * 1024));
            out.add(new Limit("POST", "/api/" + v + "/actions/" + id + "/appeals", 16 * 1024));
        }
        return out;
    }

    private static String head(String method, String path, String more) {
        return method
                + " "
                + path
                + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + more
                + "Connection: close\r\n\r\n";
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() throws IOException {
        for (Limit l : limits()) {
            // no body follows and no token: the answer can only come from the Content-Length
            RawHttp.Reply r =
                    RawHttp.exchange(
                            port,
                            head(
                                    l.method(),
                                    l.path(),
                                    "Content-Length: " + (l.bytes() + 1) + "\r\n"));
            assertThat(r.status()).as(l + ": " + r.text()).isEqualTo(413);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("type").asString()).isEqualTo("/problems/too_large");
            assertThat(r.json().get("detail").asString()).contains(Long.toString(l.bytes()));

            // exactly the limit passes the check (and then needs a token)
            RawHttp.Reply at =
                    RawHttp.exchange(
                            port,
                            head(l.method(), l.path(), "Content-Length: " + l.bytes() + "\r\n"));
            assertThat(at.status()).as(l + " at the limit: " + at.text()).isEqualTo(401);
        }
    }

    @Test
    void theLimitKeysOnTheEndpointKindNotTheVersion() {
        for (Limit l : limits()) {
            assertThat(filter.limitFor(request(l.path()))).as(l.path()).isEqualTo(l.bytes());
        }
        assertThat(filter.limitFor(request("/api/v3/stamps"))).isEqualTo(8 * MIB);
        assertThat(filter.limitFor(request("/api/v2/reports/x"))).isEqualTo(4 * MIB);
        assertThat(filter.limitFor(request("/review/cases"))).isEqualTo(64 * 1024);
    }

    private static MockHttpServletRequest request(String path) {
        MockHttpServletRequest r = new MockHttpServletRequest("POST", path);
        r.setServletPath(path);
        return r;
    }

    /** A chunked JSON body of {@code size} bytes: "{", then spaces, which a parser must read. */
    private static RawHttp.Sender chunked(String method, String path, String token, long size) {
        return out -> {
            out.write(
                    head(
                                    method,
                                    path,
                                    "Authorization: Bearer "
                                            + token
                                            + "\r\nTransfer-Encoding: chunked\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            byte[] spaces = new byte[64 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            spaces[0] = '{';
            long left = size;
            while (left > 0) {
                int n = (int) Math.min(left, spaces.length);
                chunk(out, spaces, n);
                spaces[0] = ' ';
                left -= n;
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        };
    }

    private static void chunk(OutputStream out, byte[] b, int n) throws IOException {
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(b, 0, n);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aChunkedBodyIsCutOffAtTheLimit() throws IOException {
        record Json(String regex, String scope, long bytes) {}
        for (Json j :
                List.of(
                        new Json("/api/v\\d+/stamps", "stamp", 8 * MIB),
                        new Json("/api/v\\d+/reports", "report", 4 * MIB))) {
            String path = ApiEndpoints.find(mapping, RequestMethod.POST, j.regex()).path();
            String token = TestTokens.token(unique("caller"), j.scope());
            Map<String, Long> before = TableCounts.of(jdbc);
            RawHttp.Reply r = RawHttp.exchange(port, chunked("POST", path, token, j.bytes() + 1));
            assertThat(r.status()).as(path + ": " + r.text()).isEqualTo(413);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("type").asString()).isEqualTo("/problems/too_large");
            assertThat(TableCounts.of(jdbc)).isEqualTo(before);

            // at the limit the body is read whole: whitespace only, so malformed JSON
            RawHttp.Reply at = RawHttp.exchange(port, chunked("POST", path, token, j.bytes()));
            assertThat(at.status()).as(path + " at the limit: " + at.text()).isEqualTo(400);
            assertThat(at.json().get("type").asString()).isEqualTo("/problems/malformed_json");
        }
    }
}
