package dev.franking.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.Api;
import dev.franking.service.Messenger;
import dev.franking.service.ServiceTestBase;
import dev.franking.service.TableCounts;
import dev.franking.service.TestTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * PROTOCOL.md §7: a JSON object with a repeated key is a 400 {@code duplicate_key}, wherever it is
 * in the body and whichever endpoint reads it, and nothing is stored.
 */
class DuplicateKeysTest extends ServiceTestBase {
    /** Every scope, so that each endpoint gets as far as reading its body. */
    private static final String ALL_SCOPES = "stamp report platform";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    private Api.Response send(String method, String path, String token, String json) {
        return api.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json)),
                token);
    }

    private static void assertDuplicateKey(Api.Response r, String as) {
        assertThat(r.status()).as(as + ": " + r.body()).isEqualTo(400);
        assertThat(r.contentType()).as(as).startsWith("application/problem+json");
        assertThat(r.json().get("type").asString()).as(as).isEqualTo("/problems/duplicate_key");
        assertThat(r.json().get("code").asString()).as(as).isEqualTo("duplicate_key");
    }

    @Test
    void everyEndpointThatReadsJsonRefusesARepeatedKey() {
        String token = TestTokens.token(unique("caller"), ALL_SCOPES);
        var endpoints =
                ApiEndpoints.all(mapping).stream().filter(e -> e.jsonBodyType() != null).toList();
        // at least reports: a guard against finding nothing (stamps read their body as a stream
        // and refuse a repeated key themselves: StampApiTest)
        assertThat(endpoints).isNotEmpty();
        for (var e : endpoints) {
            String key = e.someProperty();
            String body = "{\"" + key + "\":null,\"" + key + "\":null}";
            Map<String, Long> before = TableCounts.of(jdbc);
            assertDuplicateKey(send(e.method().name(), e.path(), token, body), e.toString());
            assertThat(TableCounts.of(jdbc)).as(e.toString()).isEqualTo(before);
        }
    }

    @Test
    void aReportWithARepeatedKeyDeepInsideIsRefusedAndTheSameReportWithoutItIsTaken() {
        String path = ApiEndpoints.find(mapping, RequestMethod.POST, "/api/v\\d+/reports").path();
        String bob = unique("bob");
        var held =
                messenger
                        .send(
                                messenger.compose(
                                        unique("m"), unique("alice"), unique("c"), "hi", List.of()),
                                bob)
                        .get(0);
        String token = TestTokens.token(bob, "report");
        String valid = Api.JSON.writeValueAsString(Messenger.reportJson("spam", held));
        assertThat(valid).contains("\"stamp\":{").contains("\"kid\":");

        Map<String, Long> before = TableCounts.of(jdbc);
        // the stamp's kid twice: a wrong one and the right one (one of them would win)
        String nested = valid.replace("\"stamp\":{", "\"stamp\":{\"kid\":\"k0\",");
        Api.Response r = send("POST", path, token, nested);
        assertDuplicateKey(r, "nested");
        assertThat(r.json().get("detail").asString()).doesNotContain("k0");
        // the category twice, at the top
        assertDuplicateKey(
                send("POST", path, token, valid.replaceFirst("\\{", "{\"category\":\"hate\",")),
                "top level");
        assertThat(TableCounts.of(jdbc)).isEqualTo(before);

        assertThat(send("POST", path, token, valid).status()).isEqualTo(201);
    }

    @Test
    void aRepeatedKeyIsNotMistakenForOtherMalformedJson() {
        String path = ApiEndpoints.find(mapping, RequestMethod.POST, "/api/v\\d+/reports").path();
        String token = TestTokens.token(unique("bob"), "report");
        Api.Response r = send("POST", path, token, "{\"category\":\"spam\",\"category\":");
        // the duplicate comes before the end of input: it is what is reported
        assertDuplicateKey(r, "truncated after a repeated key");
        Api.Response m = send("POST", path, token, "{\"category\":\"spam\",");
        assertThat(m.json().get("code").asString()).isEqualTo("malformed_json");
    }
}
