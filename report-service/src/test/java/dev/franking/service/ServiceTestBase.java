package dev.franking.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as production runs it: an external PostgreSQL (a real one, embedded binaries),
 * REPORTS_KEK, a configured JWT public key; over real HTTP on a random port; its clock in the
 * test's hands. Every test class shares this one context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "reports.stamp-keys.check-interval=1h",
            // the forwarding tests run dispatchers of their own; the service's, every 10 s,
            // would race them for the same entries (seen under load)
            "reports.forwarding.poll=1h",
            // the dashboard's snapshot is taken when a test's view asks (at the test's clock),
            // not by the timer at whatever time it fires (DashboardSnapshotTest, AccountsTest)
            "reports.dashboard.snapshot-refresh=PT1H",
            "reports.rate-limit.reports-per-hour=20",
            "reports.metrics.scrape-token=" + ServiceTestBase.SCRAPE_TOKEN
        })
@org.springframework.context.annotation.Import(ServiceTestBase.ClockConfig.class)
public abstract class ServiceTestBase {
    /** The metrics scraper's token in these tests (issue 14: metrics are not public). */
    public static final String SCRAPE_TOKEN = "service-test-scraper-token-0123456789abcdef";

    public static final Instant START = Instant.parse("2026-11-29T06:00:00Z");
    protected static final MutableClock CLOCK = new MutableClock(START);

    @LocalServerPort protected int port;
    @Autowired protected JdbcTemplate jdbc;

    protected Api api;
    protected Messenger messenger;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", () -> TestDatabase.newDatabaseOnce("service_it"));
        r.add("spring.datasource.username", () -> "postgres");
        r.add("spring.datasource.password", () -> "postgres");
        r.add("reports.epoch-keys.directory", () -> Instances.epochKeyDirectory("service_it"));
        r.add(
                "reports.kek",
                () -> Base64.getEncoder().encodeToString(new byte[32]).replace("AAAA", "AQID"));
        r.add(
                "spring.security.oauth2.resourceserver.jwt.public-key-location",
                TestTokens::publicKeyLocation);
        r.add("reports.evidence.signing.key-pem", TestSigning::keyPem);
        r.add("reports.evidence.signing.cert-pem", TestSigning::certPem);
        r.add("reports.forwarding.allow-loopback-http", () -> "true"); // fakes listen on 127.0.0.1
        // a CyberTipline destination needs a real contact (no placeholder address)
        r.add("reports.cybertipline.contact-name", () -> "Tess Safety");
        r.add("reports.cybertipline.contact-email", () -> "tns@example.org");
        r.add("reports.cybertipline.contact-phone", () -> "+1 555 0100");
    }

    @TestConfiguration
    static class ClockConfig {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @BeforeEach
    void client() {
        api = new Api(port);
        messenger = new Messenger(api);
    }

    /** Ids unique to one test, so that tests sharing the database never meet. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
