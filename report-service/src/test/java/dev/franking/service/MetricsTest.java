package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Actuator health and Prometheus metrics: stamps issued, reports by outcome and code, latency
 * histograms; metrics for the scraper's token only.
 */
class MetricsTest extends ServiceTestBase {

    /**
     * Issue 14: health is public; Prometheus and every other actuator endpoint need the scraper's
     * bearer token, and a refusal does not tell whether a token is configured.
     */
    @Test
    void metricsAreForTheScraperOnlyAndHealthStaysPublic() {
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        for (String path : List.of("/actuator/prometheus", "/actuator/info", "/actuator")) {
            Api.Response anonymous = api.get(path, null);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse(null))
                    .as(path)
                    .isEqualTo("Bearer");
            assertThat(anonymous.body()).as(path).doesNotContain("franking_");
            Api.Response wrong = api.get(path, SCRAPE_TOKEN + "x");
            assertThat(wrong.status()).as(path).isEqualTo(401);
            assertThat(wrong.body()).as(path).doesNotContain("franking_");
            // a reporter's valid API token is not the scraper's
            assertThat(api.get(path, TestTokens.token(unique("bob"), "report")).status())
                    .as(path)
                    .isEqualTo(401);
        }
        Api.Response scraper = api.get("/actuator/prometheus", SCRAPE_TOKEN);
        assertThat(scraper.status()).isEqualTo(200);
        assertThat(scraper.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void healthAndPrometheusMetricsAreServed() {
        String alice = unique("alice"), bob = unique("bob");
        var h =
                messenger
                        .send(
                                messenger.compose(unique("m"), alice, unique("c"), "x", List.of()),
                                bob)
                        .get(0);
        String token = TestTokens.token(bob, "report");
        assertThat(api.post("/api/v2/reports", token, Messenger.reportJson("spam", h)).status())
                .isEqualTo(201);
        var forged = new java.util.HashMap<>(Messenger.messageJson(h));
        forged.put("senderId", unique("mallory"));
        assertThat(
                        api.post(
                                        "/api/v2/reports",
                                        token,
                                        Messenger.reportJson("spam", null, List.of(forged)))
                                .status())
                .isEqualTo(422);

        Api.Response health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");

        Api.Response prom = api.get("/actuator/prometheus", SCRAPE_TOKEN);
        assertThat(prom.status()).isEqualTo(200);
        assertThat(prom.body())
                .containsPattern("franking_stamps_issued_total [1-9]")
                .containsPattern(
                        "franking_reports_total\\{code=\"none\",outcome=\"verified\"\\} [1-9]")
                .containsPattern(
                        "franking_reports_total\\{code=\"bad_stamp\",outcome=\"rejected\"\\} [1-9]")
                .contains("http_server_requests_seconds_bucket{")
                .contains("uri=\"/api/v2/reports\"");
        // requests are timed as a whole; Spring Security's per-filter observations are off (they
        // cost more than the token check)
        assertThat(prom.body()).doesNotContain("spring_security_");
        // no per-reporter or per-message labels: metrics carry no identifiers
        assertThat(prom.body()).doesNotContain(bob).doesNotContain(alice);
    }
}
