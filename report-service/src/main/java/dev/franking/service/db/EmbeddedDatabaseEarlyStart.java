package dev.franking.service.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the embedded PostgreSQL on a thread of its own as soon as the settings are known, before
 * the context is refreshed (registered in {@code META-INF/spring.factories}). initdb, the first
 * start's password and the server's start (one to two seconds) then overlap with the refresh's
 * class loading and configuration parsing, instead of running on the main thread when the
 * DataSource is first needed, as they did (issue 12 item 8: cold start). The server itself is
 * exactly the one {@link EmbeddedPostgresServer#start} makes: durable, private, supervised, an
 * orphan stopped first.
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
        Startup startup = Startup.begin(home);
        registry.registerSingleton(BEAN, startup);
        registry.registerDisposableBean(BEAN, startup);
    }

    static Path dataDir(Path configured) {
        return configured.toAbsolutePath().normalize();
    }

    /** A server being started in the background, until the bean takes it. */
    static final class Startup implements DisposableBean {
        private final Path home;
        private final CompletableFuture<EmbeddedPostgresServer> server;
        private boolean taken;

        private Startup(Path home, CompletableFuture<EmbeddedPostgresServer> server) {
            this.home = home;
            this.server = server;
        }

        static Startup begin(Path home) {
            log.info(
                    "No spring.datasource.url: starting embedded PostgreSQL with its data in {}",
                    home.resolve("postgres"));
            var future = new CompletableFuture<EmbeddedPostgresServer>();
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    future.complete(
                                            EmbeddedPostgresServer.start(home, MAX_CONNECTIONS));
                                } catch (Throwable e) {
                                    future.completeExceptionally(e);
                                }
                            },
                            "embedded-postgres-start");
            // not a daemon: a JVM that exits now must not leave a half-started server behind
            // unnoticed; the thread ends when the server is up (or has failed)
            t.start();
            return new Startup(home, future);
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
                return server.join();
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
