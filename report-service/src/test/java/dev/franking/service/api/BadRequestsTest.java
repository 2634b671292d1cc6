package dev.franking.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TableCounts;
import dev.franking.service.TestTokens;
import dev.franking.v2.B64;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A table of bad requests: each gets its 4xx problem with a stable type, and the row counts of
 * every table stay the same.
 */
class BadRequestsTest extends ServiceTestBase {
    private Messenger.Held held;
    private String bob;

    @BeforeEach
    void aDeliveredMessage() {
        String alice = unique("alice");
        bob = unique("bob");
        held =
                messenger
                        .send(
                                messenger.compose(
                                        unique("m"), alice, unique("conv"), "x", List.of()),
                                bob)
                        .get(0);
    }

    record Case(String name, int status, String code, Supplier<Api.Response> request) {}

    private Map<String, Object> message(java.util.function.Consumer<Map<String, Object>> change) {
        Map<String, Object> m = new HashMap<>(Messenger.messageJson(held));
        change.accept(m);
        return m;
    }

    private Map<String, Object> report(Map<String, Object> message) {
        return Messenger.reportJson("spam", null, List.of(message));
    }

    private Api.Response post(String path, String token, Object body) {
        return api.post(path, token, body);
    }

    private Api.Response raw(String path, String token, String contentType, String body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        return api.send(b, token);
    }

    // v2 (PROTOCOL.md §5 step 1, §7): every broken limit of a message is the form, a 400 whose code
    // names the field (the library's form check), where v1 answered some with 422
    List<Case> cases() {
        String rep = TestTokens.token(bob, "report");
        String relay = TestTokens.token("relay-1", "stamp");
        String valid = Api.JSON.writeValueAsString(report(Messenger.messageJson(held)));
        List<Map<String, Object>> thirtyOne = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            thirtyOne.add(Messenger.messageJson(held));
        }
        Map<String, Object> stampMsg =
                Map.of(
                        "commitment",
                        B64.encode(new byte[32]),
                        "routes",
                        List.of(B64.encode(new byte[32])));
        List<Map<String, Object>> thousandAndOne = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            thousandAndOne.add(stampMsg);
        }
        return List.of(
                new Case(
                        "malformed JSON",
                        400,
                        "malformed_json",
                        () ->
                                raw(
                                        "/api/v2/reports",
                                        rep,
                                        "application/json",
                                        "{\"category\": \"spam\", ")),
                new Case(
                        "trailing garbage",
                        400,
                        "malformed_json",
                        () -> raw("/api/v2/reports", rep, "application/json", valid + "}}")),
                new Case(
                        "not JSON at all",
                        400,
                        "malformed_json",
                        () ->
                                raw(
                                        "/api/v2/reports",
                                        rep,
                                        "application/json",
                                        "\u0000\u0001binary")),
                new Case(
                        "empty body",
                        400,
                        "malformed_json",
                        () -> raw("/api/v2/reports", rep, "application/json", "")),
                new Case(
                        "bad base64",
                        400,
                        "invalid_body",
                        () ->
                                post(
                                        "/api/v2/reports",
                                        rep,
                                        report(message(m -> m.put("body", "!!not base64!!"))))),
                new Case(
                        "padded base64",
                        400,
                        "invalid_franking_key",
                        () ->
                                post(
                                        "/api/v2/reports",
                                        rep,
                                        report(
                                                message(
                                                        m ->
                                                                m.put(
                                                                        "frankingKey",
                                                                        java.util.Base64
                                                                                .getUrlEncoder()
                                                                                .encodeToString(
                                                                                        new byte
                                                                                                [32])))))),
                new Case(
                        "wrong key length",
                        400,
                        "invalid_franking_key",
                        () ->
                                post(
                                        "/api/v2/reports",
                                        rep,
                                        report(
                                                message(
                                                        m ->
                                                                m.put(
                                                                        "frankingKey",
                                                                        B64.encode(
                                                                                new byte[16])))))),
                new Case(
                        "body over the request limit",
                        413,
                        "too_large",
                        () ->
                                raw(
                                        "/api/v2/reports",
                                        rep,
                                        "application/json",
                                        "{\"category\":\"spam\",\"comment\":\""
                                                + "a".repeat(4 * 1024 * 1024 + 10)
                                                + "\"}")),
                new Case(
                        "message body over 64 KiB",
                        400,
                        "body_too_large",
                        () ->
                                post(
                                        "/api/v2/reports",
                                        rep,
                                        report(
                                                message(
                                                        m ->
                                                                m.put(
                                                                        "body",
                                                                        B64.encode(
                                                                                new byte
                                                                                        [65_537])))))),
                new Case(
                        "missing field",
                        400,
                        "invalid_id",
                        () ->
                                post(
                                        "/api/v2/reports",
                                        rep,
                                        report(message(m -> m.remove("senderId"))))),
                new Case(
                        "missing stamp",
                        400,
                        "invalid_mac",
                        () ->
                                post(
                                        "/api/v2/reports",
                                        rep,
                                        report(message(m -> m.remove("stamp"))))),
                new Case(
                        "missing messages",
                        400,
                        "no_messages",
                        () -> post("/api/v2/reports", rep, Map.of("category", "spam"))),
                new Case(
                        "missing category",
                        400,
                        "missing_field",
                        () -> post("/api/v2/reports", rep, Map.of("messages", List.of()))),
                new Case(
                        "unknown category",
                        400,
                        "unknown_category",
                        () ->
                                post(
                                        "/api/v2/reports",
                                        rep,
                                        Messenger.reportJson(
                                                "rudeness",
                                                null,
                                                List.of(Messenger.messageJson(held))))),
                new Case(
                        "comment over 1,000 characters",
                        400,
                        "comment_too_long",
                        () ->
                                post(
                                        "/api/v2/reports",
                                        rep,
                                        Messenger.reportJson(
                                                "spam",
                                                "c".repeat(1001),
                                                List.of(Messenger.messageJson(held))))),
                new Case(
                        "31 messages",
                        400,
                        "too_many_messages",
                        () ->
                                post(
                                        "/api/v2/reports",
                                        rep,
                                        Messenger.reportJson("spam", null, thirtyOne))),
                new Case(
                        "unknown field",
                        400,
                        "unknown_field",
                        () ->
                                post(
                                        "/api/v2/reports",
                                        rep,
                                        report(message(m -> m.put("reporterId", "mallory"))))),
                new Case(
                        "field of the wrong type",
                        400,
                        "invalid_field",
                        () ->
                                post(
                                        "/api/v2/reports",
                                        rep,
                                        Map.of("category", "spam", "messages", "all of them"))),
                new Case(
                        "number of the wrong type",
                        400,
                        "invalid_field",
                        () ->
                                post(
                                        "/api/v2/reports",
                                        rep,
                                        report(message(m -> m.put("sentAt", List.of(1)))))),
                new Case(
                        "wrong media type",
                        415,
                        "unsupported_media_type",
                        () -> raw("/api/v2/reports", rep, "text/plain", valid)),
                new Case(
                        "wrong scope",
                        403,
                        "insufficient_scope",
                        () -> post("/api/v2/reports", relay, report(Messenger.messageJson(held)))),
                new Case(
                        "no token",
                        401,
                        "unauthenticated",
                        () -> post("/api/v2/reports", null, report(Messenger.messageJson(held)))),
                new Case(
                        "forged token",
                        401,
                        "unauthenticated",
                        () ->
                                post(
                                        "/api/v2/reports",
                                        rep.substring(0, rep.length() - 4) + "AAAA",
                                        report(Messenger.messageJson(held)))),
                new Case(
                        "report token on stamps",
                        403,
                        "insufficient_scope",
                        () -> post("/api/v2/stamps", rep, Map.of("messages", List.of(stampMsg)))),
                new Case(
                        "stamps: commitment of 31 bytes",
                        400,
                        "invalid_commitment",
                        () ->
                                post(
                                        "/api/v2/stamps",
                                        relay,
                                        Map.of(
                                                "messages",
                                                List.of(
                                                        Map.of(
                                                                "commitment",
                                                                B64.encode(new byte[31]),
                                                                "routes",
                                                                List.of(
                                                                        B64.encode(
                                                                                new byte[32]))))))),
                new Case(
                        "stamps: 1,001 messages",
                        400,
                        "too_many_messages",
                        () -> post("/api/v2/stamps", relay, Map.of("messages", thousandAndOne))),
                new Case(
                        "stamps: no routes",
                        400,
                        "no_routes",
                        () ->
                                post(
                                        "/api/v2/stamps",
                                        relay,
                                        Map.of(
                                                "messages",
                                                List.of(
                                                        Map.of(
                                                                "commitment",
                                                                B64.encode(new byte[32]),
                                                                "routes",
                                                                List.of()))))),
                new Case(
                        "stamps: route of 33 bytes",
                        400,
                        "invalid_route",
                        () ->
                                post(
                                        "/api/v2/stamps",
                                        relay,
                                        Map.of(
                                                "messages",
                                                List.of(
                                                        Map.of(
                                                                "commitment",
                                                                B64.encode(new byte[32]),
                                                                "routes",
                                                                List.of(
                                                                        B64.encode(
                                                                                new byte[33]))))))),
                new Case(
                        "unknown report",
                        404,
                        "not_found",
                        () -> api.get("/api/v2/reports/" + java.util.UUID.randomUUID(), rep)),
                new Case(
                        "report id not a uuid",
                        404,
                        "not_found",
                        () -> api.get("/api/v2/reports/nope", rep)),
                new Case(
                        "unknown path",
                        404,
                        "not_found",
                        () -> api.get("/api/v1/nothing-here", rep)),
                new Case(
                        "wrong method",
                        405,
                        "method_not_allowed",
                        () -> api.get("/api/v2/stamps", relay)));
    }

    @TestFactory
    Stream<DynamicTest> eachBadRequestIsRefusedAndWritesNothing() {
        return cases().stream()
                .map(
                        c ->
                                DynamicTest.dynamicTest(
                                        c.name(),
                                        () -> {
                                            Map<String, Long> before = TableCounts.of(jdbc);
                                            Api.Response r = c.request().get();
                                            assertThat(r.status())
                                                    .as(c.name() + ": " + r.body())
                                                    .isEqualTo(c.status());
                                            assertThat(r.contentType())
                                                    .as(c.name())
                                                    .startsWith("application/problem+json");
                                            var p = r.json();
                                            assertThat(p.get("type").asString())
                                                    .as(c.name())
                                                    .isEqualTo("/problems/" + c.code());
                                            assertThat(p.get("status").asInt())
                                                    .isEqualTo(c.status());
                                            assertThat(TableCounts.of(jdbc))
                                                    .as(c.name())
                                                    .isEqualTo(before);
                                        }));
    }
}
