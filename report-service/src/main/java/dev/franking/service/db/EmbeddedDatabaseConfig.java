package dev.franking.service.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.franking.service.ReportsProperties;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The zero-setup default: with no {@code spring.datasource.url}, an embedded PostgreSQL whose data
 * lives in {@code <data dir>/postgres} and survives restarts (see {@link EmbeddedPostgresServer}:
 * durable, password-protected, supervised). With a URL, none of this exists and Boot's own
 * DataSource configuration takes over.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseMode.Embedded.class)
class EmbeddedDatabaseConfig {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfig.class);

    /**
     * The server {@link EmbeddedDatabaseEarlyStart} began to start before the refresh (waiting for
     * it), or, in a context without that initializer, one started here.
     */
    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(
            ReportsProperties props, ObjectProvider<EmbeddedDatabaseEarlyStart.Startup> early)
            throws IOException {
        var dir = EmbeddedDatabaseEarlyStart.dataDir(props.dataDir());
        EmbeddedDatabaseEarlyStart.Startup startup = early.getIfAvailable();
        if (startup != null) {
            if (startup.home().equals(dir)) {
                return startup.take();
            }
            // cannot happen while both bind the same setting; if it ever does, the settings win
            log.warn("The embedded PostgreSQL was started early for another data directory");
            startup.destroy();
        }
        log.info(
                "No spring.datasource.url: starting embedded PostgreSQL with its data in {}",
                dir.resolve("postgres"));
        return EmbeddedPostgresServer.start(dir, EmbeddedDatabaseEarlyStart.MAX_CONNECTIONS);
    }

    /**
     * Boot's {@code flywayInitializer} (which Hibernate and the repositories wait for) waits for
     * the migrations that {@link EmbeddedDatabaseEarlyStart} applied beside the refresh, and fails
     * with their error; where it did not (other Flyway settings, no early start), Flyway migrates
     * here as Boot's default strategy does.
     */
    @Bean
    FlywayMigrationStrategy flywayMigrationStrategy(
            ObjectProvider<EmbeddedDatabaseEarlyStart.Startup> early) {
        return flyway -> {
            EmbeddedDatabaseEarlyStart.Startup startup = early.getIfAvailable();
            if (startup != null && startup.migratesTakenServer()) {
                startup.awaitMigrations();
            } else {
                flyway.migrate();
            }
        };
    }

    /**
     * A Hikari pool like Boot's own (its {@code spring.datasource.hikari.*} settings apply, the
     * connection timeout among them), that fails at once while the server is being restarted.
     */
    @Bean(destroyMethod = "close")
    @ConfigurationProperties("spring.datasource.hikari")
    SupervisedDataSource dataSource(EmbeddedPostgresServer pg) {
        SupervisedDataSource ds = new SupervisedDataSource(pg);
        ds.setJdbcUrl(pg.jdbcUrl("postgres"));
        ds.setUsername(pg.user());
        ds.setPassword(pg.password());
        ds.setMaximumPoolSize(16);
        ds.setPoolName("embedded");
        return ds;
    }

    /**
     * Hikari, asking the supervisor first: no waiting for a timeout on a server known to be down.
     */
    static final class SupervisedDataSource extends HikariDataSource {
        private final EmbeddedPostgresServer server;
        private volatile int generation;

        SupervisedDataSource(EmbeddedPostgresServer server) {
            this.server = server;
            this.generation = server.generation();
        }

        @Override
        public Connection getConnection() throws SQLException {
            server.checkAvailable();
            int now = server.generation();
            if (now != generation) {
                generation = now;
                // every pooled connection went down with the old server: retire them now rather
                // than have each one fail its validation in turn
                var pool = getHikariPoolMXBean();
                if (pool != null) {
                    pool.softEvictConnections();
                }
            }
            return survivingRollback(super.getConnection());
        }

        /**
         * A connection whose rollback does not fail when the server has already dropped it.
         * PostgreSQL discards the transaction of a lost connection, so there is nothing left to
         * roll back; a failing rollback would only replace the error that says what happened (the
         * database went away: a 503) with one that says nothing (a rollback failed: a 500).
         */
        static Connection survivingRollback(Connection c) {
            return (Connection)
                    java.lang.reflect.Proxy.newProxyInstance(
                            SupervisedDataSource.class.getClassLoader(),
                            new Class<?>[] {Connection.class},
                            (proxy, method, args) -> {
                                try {
                                    return method.invoke(c, args);
                                } catch (java.lang.reflect.InvocationTargetException e) {
                                    Throwable cause = e.getCause();
                                    if (method.getName().equals("rollback")
                                            && (args == null || args.length == 0)
                                            && cause instanceof SQLException sql
                                            && (connectionLost(sql) || c.isClosed())) {
                                        // Hikari closes a broken connection itself; its
                                        // placeholder's "Connection is closed" has no SQLState
                                        return null;
                                    }
                                    throw cause;
                                }
                            });
        }

        /** Class 08 (connection exception), or 57P01-57P03 (the server shut down or crashed). */
        static boolean connectionLost(SQLException e) {
            String state = e.getSQLState();
            return state != null && (state.startsWith("08") || state.startsWith("57P0"));
        }
    }
}
