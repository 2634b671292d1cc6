package dev.franking.service.db;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database's health, answered within {@link DatabaseHealth#TIMEOUT}: Boot's own check borrows a
 * connection and so waits out the pool's connection timeout when the database is gone, and a health
 * check that hangs is no health check. Named {@code dbHealthIndicator}, it replaces Boot's.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealthConfig {

    @Bean
    HealthIndicator dbHealthIndicator(
            DataSource dataSource, ObjectProvider<EmbeddedPostgresServer> embedded) {
        return new DatabaseHealth(dataSource, embedded.getIfAvailable());
    }

    static final class DatabaseHealth implements HealthIndicator {
        static final Duration TIMEOUT = Duration.ofMillis(500);

        private final DataSource dataSource;
        private final EmbeddedPostgresServer embedded;
        // one probe at a time: callers arriving while one runs share its answer, so a dead
        // database cannot pile up probing threads
        private CompletableFuture<Boolean> inflight;

        DatabaseHealth(DataSource dataSource, EmbeddedPostgresServer embedded) {
            this.dataSource = dataSource;
            this.embedded = embedded;
        }

        @Override
        public Health health() {
            if (embedded != null && !embedded.isAvailable()) {
                return Health.down()
                        .withDetail("database", "PostgreSQL")
                        .withDetail("reason", "the embedded server is down and being restarted")
                        .build();
            }
            CompletableFuture<Boolean> probe = probe();
            try {
                if (probe.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    Health.Builder up = Health.up().withDetail("database", "PostgreSQL");
                    if (embedded != null) {
                        up.withDetail("restarts", embedded.restarts());
                    }
                    return up.build();
                }
                return down("the connection did not validate");
            } catch (TimeoutException e) {
                return down("no valid connection within " + TIMEOUT.toMillis() + " ms");
            } catch (ExecutionException e) {
                // the class only: a driver's message can hold addresses and names
                return down("no connection (" + e.getCause().getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return down("interrupted");
            }
        }

        private synchronized CompletableFuture<Boolean> probe() {
            if (inflight == null || inflight.isDone()) {
                inflight =
                        CompletableFuture.supplyAsync(
                                () -> {
                                    try (Connection c = dataSource.getConnection()) {
                                        return c.isValid(1);
                                    } catch (java.sql.SQLException e) {
                                        throw new java.util.concurrent.CompletionException(e);
                                    }
                                },
                                r -> {
                                    Thread t = new Thread(r, "db-health-probe");
                                    t.setDaemon(true);
                                    t.start();
                                });
            }
            return inflight;
        }

        private static Health down(String reason) {
            return Health.down()
                    .withDetail("database", "PostgreSQL")
                    .withDetail("reason", reason)
                    .build();
        }
    }
}
