package dev.franking.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TestTokens;
import dev.franking.service.stampkeys.StampKeyService;
import dev.franking.v2.InsecureSecretAccess;
import dev.franking.v2.KeyLookup;
import dev.franking.v2.Kid;
import dev.franking.v2.Route;
import dev.franking.v2.RouteSalt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v2/stamps} over HTTP (PROTOCOL.md §3, §7): the macs are HMAC over the exact
 * {@code stamp_input} bytes (recomputed here with the JDK's Mac, not the library), every form error
 * is a 400 problem with its stable code and no stamp, and nothing of a request reaches the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class StampApiTest extends ServiceTestBase {
    private static final String PATH = "/api/v2/stamps";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Autowired StampKeyService keys;

    private static String relay() {
        return TestTokens.token("relay-1", "stamp");
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String b64(byte[] b) {
        return B64.encodeToString(b);
    }

    private static Map<String, Object> message(String commitment, List<String> routes) {
        return Map.of("commitment", commitment, "routes", routes);
    }

    private static List<String> routes(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(b64(random(32)));
        }
        return out;
    }

    /** PROTOCOL.md §3, written out here from the text. */
    private static byte[] stampInput(String kid, byte[] commitment, byte[] route, long receivedAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : List.of("franking/v2/stamp", kid)) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
        }
        out.writeBytes(commitment);
        out.writeBytes(route);
        out.writeBytes(ByteBuffer.allocate(8).putLong(receivedAt).array());
        return out.toByteArray();
    }

    private byte[] expectedMac(String kid, byte[] commitment, byte[] route, long receivedAt)
            throws Exception {
        KeyLookup found = keys.lookup(new Kid(kid));
        assertThat(found).isInstanceOf(KeyLookup.Found.class);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(
                new SecretKeySpec(
                        ((KeyLookup.Found) found).key().secret(InsecureSecretAccess.get()),
                        "HmacSHA256"));
        return mac.doFinal(stampInput(kid, commitment, route, receivedAt));
    }

    @Test
    void everyRouteGetsHmacOverItsStampInputInOrder() throws Exception {
        byte[] c1 = random(32), c2 = random(32);
        // a route as a relay computes it, and random ones: the service cannot tell them apart
        Route real = Route.compute(RouteSalt.generate(), "alice", "bob", "conv-1", "m-1");
        List<String> r1 = List.of(real.toBase64());
        List<String> r2 = routes(3);
        Api.Response r =
                api.post(
                        PATH,
                        relay(),
                        Map.of("messages", List.of(message(b64(c1), r1), message(b64(c2), r2))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(r.headers().firstValueAsLong("Content-Length"))
                .hasValue(r.body().getBytes(StandardCharsets.UTF_8).length);
        JsonNode stamps = r.json().get("stamps");
        assertThat(r.json().size()).isEqualTo(1);
        assertThat(stamps.size()).isEqualTo(2);
        assertThat(stamps.get(0).size()).isEqualTo(1);
        assertThat(stamps.get(1).size()).isEqualTo(3);
        String kid = stamps.get(0).get(0).get("kid").asString();
        assertThat(kid).isEqualTo(keys.current(CLOCK.instant()).kid().value());
        List<byte[]> commitments = List.of(c1, c2);
        List<List<String>> routes = List.of(r1, r2);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < routes.get(i).size(); j++) {
                JsonNode s = stamps.get(i).get(j);
                assertThat(s.propertyNames()).containsExactly("kid", "receivedAt", "mac");
                assertThat(s.get("kid").asString()).isEqualTo(kid);
                assertThat(s.get("receivedAt").asLong()).isEqualTo(CLOCK.millis());
                byte[] route = Base64.getUrlDecoder().decode(routes.get(i).get(j));
                assertThat(Base64.getUrlDecoder().decode(s.get("mac").asString()))
                        .isEqualTo(expectedMac(kid, commitments.get(i), route, CLOCK.millis()));
            }
        }
    }

    @Test
    void theLargestRequestIsStampedWhole() {
        // 10 messages x 1,000 routes: every limit at its maximum at once
        List<Map<String, Object>> msgs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            msgs.add(message(b64(random(32)), routes(1_000)));
        }
        Api.Response r = api.post(PATH, relay(), Map.of("messages", msgs));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode stamps = r.json().get("stamps");
        assertThat(stamps.size()).isEqualTo(10);
        for (JsonNode list : stamps) {
            assertThat(list.size()).isEqualTo(1_000);
        }
        // 1,000 messages of one route each
        List<Map<String, Object>> many =
                Collections.nCopies(1_000, message(b64(random(32)), routes(1)));
        Api.Response m = api.post(PATH, relay(), Map.of("messages", many));
        assertThat(m.status()).as(m.body()).isEqualTo(200);
        assertThat(m.json().get("stamps").size()).isEqualTo(1_000);
    }

    private record Bad(String name, String body, String code, Integer index) {}

    private void assertRefused(Bad b, Api.Response r) {
        assertThat(r.status()).as(b.name() + ": " + r.body()).isEqualTo(400);
        assertThat(r.contentType()).as(b.name()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("type").asString()).as(b.name()).endsWith("/" + b.code());
        assertThat(p.get("code").asString()).as(b.name()).isEqualTo(b.code());
        if (b.index() == null) {
            assertThat(p.has("failures")).as(b.name()).isFalse();
        } else {
            assertThat(p.get("failures").get(0).get("index").asInt())
                    .as(b.name())
                    .isEqualTo(b.index());
        }
        assertThat(r.body()).as(b.name()).doesNotContain("\"stamps\"");
    }

    @Test
    void everyFormErrorIsA400WithItsStableCode() {
        String c = b64(random(32));
        String r = b64(random(32));
        String ok = "{\"commitment\":\"" + c + "\",\"routes\":[\"" + r + "\"]}";
        String b31 = b64(random(31));
        String b33 = b64(random(33));
        // 32 bytes whose last character carries non-zero trailing bits ('B' is 000001)
        String trailing = c.substring(0, 42) + "B";
        String thousandOne = String.join(",", Collections.nCopies(1_001, ok));
        String thousandRoutes = String.join(",", Collections.nCopies(1_000, "\"" + r + "\""));
        String fullMessage = "{\"commitment\":\"" + c + "\",\"routes\":[" + thousandRoutes + "]}";
        List<Bad> cases =
                List.of(
                        new Bad("not JSON", "{\"messages\":[", "malformed_json", null),
                        new Bad("garbage", "stamps please", "malformed_json", null),
                        new Bad(
                                "trailing",
                                "{\"messages\":[" + ok + "]} {}",
                                "malformed_json",
                                null),
                        new Bad("array", "[" + ok + "]", "invalid_field", null),
                        new Bad(
                                "unknown top",
                                "{\"messages\":[" + ok + "],\"x\":1}",
                                "unknown_field",
                                null),
                        new Bad(
                                "repeated messages",
                                "{\"messages\":[" + ok + "],\"messages\":[" + ok + "]}",
                                "duplicate_key",
                                null),
                        new Bad("no messages field", "{}", "no_messages", null),
                        new Bad("empty messages", "{\"messages\":[]}", "no_messages", null),
                        new Bad("messages null", "{\"messages\":null}", "invalid_field", null),
                        new Bad(
                                "1,001 messages",
                                "{\"messages\":[" + thousandOne + "]}",
                                "too_many_messages",
                                null),
                        new Bad(
                                "10,001 routes",
                                "{\"messages\":["
                                        + String.join(",", Collections.nCopies(10, fullMessage))
                                        + ","
                                        + ok
                                        + "]}",
                                "too_many_stamps",
                                10),
                        new Bad(
                                "1,001 routes",
                                "{\"messages\":[{\"commitment\":\""
                                        + c
                                        + "\",\"routes\":["
                                        + thousandRoutes
                                        + ",\""
                                        + r
                                        + "\"]}]}",
                                "too_many_routes",
                                0),
                        new Bad(
                                "message not object",
                                "{\"messages\":[" + ok + ",[]]}",
                                "invalid_field",
                                1),
                        new Bad(
                                "no commitment",
                                "{\"messages\":[" + ok + ",{\"routes\":[\"" + r + "\"]}]}",
                                "missing_field",
                                1),
                        new Bad(
                                "no routes",
                                "{\"messages\":[{\"commitment\":\"" + c + "\"}]}",
                                "missing_field",
                                0),
                        new Bad(
                                "empty routes",
                                "{\"messages\":[{\"commitment\":\"" + c + "\",\"routes\":[]}]}",
                                "no_routes",
                                0),
                        new Bad(
                                "identifier sent",
                                "{\"messages\":[{\"commitment\":\""
                                        + c
                                        + "\",\"routes\":[\""
                                        + r
                                        + "\"],\"senderId\":\"alice\"}]}",
                                "unknown_field",
                                0),
                        new Bad(
                                "repeated commitment",
                                "{\"messages\":[{\"commitment\":\""
                                        + c
                                        + "\",\"commitment\":\""
                                        + c
                                        + "\",\"routes\":[\""
                                        + r
                                        + "\"]}]}",
                                "duplicate_key",
                                0),
                        new Bad(
                                "commitment null",
                                "{\"messages\":[{\"commitment\":null,\"routes\":[\"" + r + "\"]}]}",
                                "invalid_field",
                                0),
                        new Bad(
                                "route a number",
                                "{\"messages\":[{\"commitment\":\"" + c + "\",\"routes\":[7]}]}",
                                "invalid_field",
                                0),
                        new Bad("padded", ok(c + "=", r), "invalid_base64", 0),
                        new Bad(
                                "plus",
                                ok(r, c.substring(0, 10) + "+" + c.substring(11)),
                                "invalid_base64",
                                0),
                        new Bad(
                                "slash",
                                ok(c.substring(0, 10) + "/" + c.substring(11), r),
                                "invalid_base64",
                                0),
                        new Bad("space", ok(" " + c, r), "invalid_base64", 0),
                        new Bad("trailing bits", ok(trailing, r), "invalid_base64", 0),
                        new Bad("length 1 mod 4", ok(c.substring(0, 41), r), "invalid_base64", 0),
                        new Bad("44 characters", ok(c + "A", r), "invalid_commitment", 0),
                        new Bad("31-byte commitment", ok(b31, r), "invalid_commitment", 0),
                        new Bad("33-byte commitment", ok(b33, r), "invalid_commitment", 0),
                        new Bad("empty commitment", ok("", r), "invalid_commitment", 0),
                        new Bad("31-byte route", ok(c, b31), "invalid_route", 0),
                        new Bad("33-byte route", ok(c, b33), "invalid_route", 0),
                        new Bad(
                                "unpaired surrogate",
                                ok("\\ud800" + c.substring(1), r),
                                "invalid_base64",
                                0));
        for (Bad b : cases) {
            assertRefused(b, api.post(PATH, relay(), b.body()));
        }
        // bytes that are not UTF-8 inside a string
        byte[] body =
                ("{\"messages\":[{\"commitment\":\"" + c + "\u00ff\",\"routes\":[\"" + r + "\"]}]}")
                        .getBytes(StandardCharsets.ISO_8859_1);
        Api.Response raw =
                api.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + PATH))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                        relay());
        assertRefused(new Bad("not UTF-8", "", "malformed_json", null), raw);
    }

    private static String ok(String commitment, String route) {
        return "{\"messages\":[{\"commitment\":\""
                + commitment
                + "\",\"routes\":[\""
                + route
                + "\"]}]}";
    }

    @Test
    void aBodyOver8MiBIs413WhetherDeclaredOrChunked() {
        byte[] big = new byte[8 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        // declared: refused from its Content-Length
        Api.Response declared =
                api.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + PATH))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(big)),
                        relay());
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.contentType()).startsWith("application/problem+json");
        // chunked: no length declared, the body runs past the limit while it is parsed (by a
        // little, so that Tomcat reads the rest and the answer arrives on an open connection)
        byte[] chunkedBody = new byte[8 * 1024 * 1024 + 1024];
        java.util.Arrays.fill(chunkedBody, (byte) ' ');
        byte[] start = "{\"messages\":[".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, chunkedBody, 0, start.length);
        Api.Response chunked =
                api.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + PATH))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () -> new ByteArrayInputStream(chunkedBody))),
                        relay());
        assertThat(chunked.status()).as(chunked.body()).isEqualTo(413);
        assertThat(chunked.contentType()).startsWith("application/problem+json");
        assertThat(chunked.json().get("code").asString()).isEqualTo("too_large");
    }

    @Test
    void onlyTheStampScopeMayStampAndV1IsGone() {
        String body = ok(b64(random(32)), b64(random(32)));
        Api.Response noToken = api.post(PATH, null, body);
        assertThat(noToken.status()).isEqualTo(401);
        Api.Response reporter = api.post(PATH, TestTokens.token("bob", "report"), body);
        assertThat(reporter.status()).isEqualTo(403);
        assertThat(reporter.json().get("code").asString()).isEqualTo("insufficient_scope");
        Api.Response v1 = api.post("/api/v1/stamps", relay(), body);
        assertThat(v1.status()).isEqualTo(404);
        assertThat(v1.contentType()).startsWith("application/problem+json");
        assertThat(v1.json().get("code").asString()).isEqualTo("not_found");
        assertThat(v1.body()).doesNotContain("\"stamps\"");
    }

    @Test
    void nothingOfARequestReachesTheLog(CapturedOutput output) {
        byte[] commitment = random(32);
        List<String> routes = routes(3);
        Api.Response r =
                api.post(
                        PATH,
                        relay(),
                        Map.of("messages", List.of(message(b64(commitment), routes))));
        assertThat(r.status()).isEqualTo(200);
        List<String> secrets = new ArrayList<>(routes);
        secrets.add(b64(commitment));
        for (JsonNode s : r.json().get("stamps").get(0)) {
            secrets.add(s.get("mac").asString());
        }
        // refused requests too: the values in them are not echoed anywhere
        String badRoute = b64(random(33));
        secrets.add(badRoute);
        api.post(PATH, relay(), ok(b64(commitment), badRoute));
        api.post(PATH, relay(), ok(b64(commitment) + "=", routes.get(0)));
        api.post(PATH, relay(), "{\"messages\":[{\"commitment\":\"" + b64(commitment));
        String log = output.getAll();
        for (String s : secrets) {
            byte[] raw = Base64.getUrlDecoder().decode(s);
            assertThat(log).doesNotContain(s);
            // nor in another encoding: standard base64, hex, or a prefix long enough to identify
            assertThat(log)
                    .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(raw));
            assertThat(log).doesNotContainIgnoringCase(java.util.HexFormat.of().formatHex(raw));
            assertThat(log).doesNotContain(s.substring(0, 16));
        }
    }
}
