package dev.franking.service.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.service.Instances;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

/**
 * The embedded PostgreSQL started before the context's refresh (issue 12 item 8, cold start): never
 * with an external database, and never left running by a start that fails before the service took
 * it. That the service runs on the server started so is what every embedded-default test shows
 * ({@code EmbeddedDatabaseTest}, {@code StartupTest}, {@code CrashRecoveryTest}).
 */
class EmbeddedDatabaseEarlyStartTest {

    @Test
    void anExternalDatabaseStartsNothing() {
        Path dir = Path.of("target", "early-" + UUID.randomUUID()).toAbsolutePath();
        try (var ctx = new GenericApplicationContext()) {
            ctx.setEnvironment(
                    new MockEnvironment()
                            .withProperty("spring.datasource.url", "jdbc:postgresql://db/reports")
                            .withProperty("reports.data-dir", dir.toString()));
            new EmbeddedDatabaseEarlyStart().initialize(ctx);
            assertThat(ctx.getBeanFactory().containsSingleton(EmbeddedDatabaseEarlyStart.BEAN))
                    .isFalse();
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void aStartThatFailsBeforeTheServiceTookTheServerStopsIt() throws Exception {
        Path dir = Path.of("target", "early-" + UUID.randomUUID()).toAbsolutePath();
        // a setting that fails validation: ReportsProperties, which the server's bean needs, is
        // never bound, so the service never takes the server started for it
        Map<String, Object> props =
                Map.of("reports.data-dir", dir.toString(), "reports.writer.max-batch", "0");
        assertThatThrownBy(() -> Instances.start(props).close())
                .hasStackTraceContaining("maxBatch");
        // the server was started (its data directory exists) and stopped: a stopped PostgreSQL
        // removes its postmaster.pid
        assertThat(dir.resolve("postgres/PG_VERSION")).exists();
        assertThat(dir.resolve("postgres/postmaster.pid")).doesNotExist();
        assertThat(Files.exists(dir.resolve("postgres-password"))).isTrue();
    }

    @Test
    void flywayMigratesEarlyOnlyWithTheShippedSettings() {
        // the shipped settings: the early thread migrates from the same locations
        assertThat(
                        EmbeddedDatabaseEarlyStart.earlyMigrationLocations(
                                new MockEnvironment()
                                        .withProperty(
                                                "spring.flyway.locations",
                                                "classpath:db/migration")))
                .containsExactly("classpath:db/migration");
        assertThat(EmbeddedDatabaseEarlyStart.earlyMigrationLocations(new MockEnvironment()))
                .containsExactly("classpath:db/migration");
        // any other Flyway setting (here, Flyway switched off, and a baseline), and Boot's Flyway
        // does what it says, on the main thread
        assertThat(
                        EmbeddedDatabaseEarlyStart.earlyMigrationLocations(
                                new MockEnvironment()
                                        .withProperty("spring.flyway.enabled", "false")))
                .isNull();
        assertThat(
                        EmbeddedDatabaseEarlyStart.earlyMigrationLocations(
                                new MockEnvironment()
                                        .withProperty("spring.flyway.locations", "classpath:x")
                                        .withProperty("spring.flyway.baseline-on-migrate", "true")))
                .isNull();
    }
}
