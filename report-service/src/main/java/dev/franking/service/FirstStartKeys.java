package dev.franking.service;

import dev.franking.evidence.EvidenceSigner;
import dev.franking.evidence.LocalTimeStampAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The keys a first start of the embedded default generates (the token RSA pair, the evidence
 * signer's ECDSA and ML-DSA keys and certificates, the local TSA's key), made on a thread of its
 * own as soon as the settings are known, before the context's refresh (registered in {@code
 * META-INF/spring.factories}; issue 12 item 8: cold start). They were about a fifth of the main
 * thread's CPU in a cold start (Bouncy Castle's provider initialised, ML-DSA, RSA-2048), all on the
 * critical path; now they overlap with the refresh's configuration parsing.
 *
 * <p>Nothing is written here: the beans that own each key ({@code localJwtDecoder}, {@code
 * evidenceSigner}) still decide, with their settings, whether a key is generated at all, and take
 * the one made here (waiting for it if need be) only where they would have generated exactly that
 * one: same data directory, no key there yet, the same platform name, and the system clock (a
 * certificate's validity starts at the clock's now; a test's controlled clock gets keys of its
 * own). Otherwise they generate as before, and the key made here is dropped unused.
 */
public final class FirstStartKeys
        implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    static final String BEAN = "firstStartKeys";
    private static final Logger log = LoggerFactory.getLogger(FirstStartKeys.class);

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Environment env = context.getEnvironment();
        // EmbeddedDatabaseMode's and JwtKeys' tests, restated: this package may not depend on the
        // modules that depend on it (ModulesTest)
        if (StringUtils.hasText(env.getProperty("spring.datasource.url"))
                || !(context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry)
                || registry.containsSingleton(BEAN)) {
            return;
        }
        Binder binder = Binder.get(env);
        Path dataDir =
                binder.bind("reports.data-dir", Path.class)
                        .orElse(Path.of("./data"))
                        .toAbsolutePath()
                        .normalize();
        String platform =
                binder.bind("reports.evidence.platform-name", String.class)
                        .orElse("Franking demo platform");
        boolean jwt =
                !configured(env, "spring.security.oauth2.resourceserver.jwt.public-key-location")
                        && !configured(env, "spring.security.oauth2.resourceserver.jwt.jwk-set-uri")
                        && !configured(env, "spring.security.oauth2.resourceserver.jwt.issuer-uri")
                        && !Files.exists(dataDir.resolve("jwt").resolve("private.pem"));
        Path evidenceDir = dataDir.resolve("evidence-signing");
        boolean signer =
                !configured(env, "reports.evidence.signing.key-pem")
                        && !configured(env, "reports.evidence.signing.pkcs12")
                        && !Files.exists(evidenceDir.resolve(EvidenceSigner.KEY_FILE));
        boolean tsa =
                !configured(env, "reports.evidence.tsa.url")
                        && !LocalTimeStampAuthority.existsIn(evidenceDir);
        if (!jwt && !signer && !tsa) {
            return;
        }
        registry.registerSingleton(
                BEAN, begin(dataDir, platform, jwt, signer, tsa, Clock.systemUTC()));
    }

    private static boolean configured(Environment env, String property) {
        return StringUtils.hasText(env.getProperty(property));
    }

    /** The keys being made, until the beans take them. */
    public static final class Keys {
        private final Path dataDir;
        private final String platform;
        private final Clock clock;
        private final CompletableFuture<KeyPair> jwt;
        private final CompletableFuture<EvidenceSigner> signer;
        private final CompletableFuture<LocalTimeStampAuthority> tsa;

        private Keys(
                Path dataDir,
                String platform,
                Clock clock,
                CompletableFuture<KeyPair> jwt,
                CompletableFuture<EvidenceSigner> signer,
                CompletableFuture<LocalTimeStampAuthority> tsa) {
            this.dataDir = dataDir;
            this.platform = platform;
            this.clock = clock;
            this.jwt = jwt;
            this.signer = signer;
            this.tsa = tsa;
        }

        /**
         * The token pair made for {@code jwtDir} (waiting for it), or null: then the caller
         * generates one.
         */
        public KeyPair tokenKeys(Path jwtDir) {
            if (jwt == null || !jwtDir.equals(dataDir.resolve("jwt"))) {
                return null;
            }
            return join(jwt, "token key pair");
        }

        /**
         * The evidence signer (ECDSA and ML-DSA, not yet written, no TSA) made for {@code dir},
         * {@code platform} and {@code clock} (waiting for it), or null.
         */
        public EvidenceSigner evidenceSigner(Path dir, String platform, Clock clock) {
            if (signer == null || !matches(dir, platform, clock)) {
                return null;
            }
            return join(signer, "evidence-signing keys");
        }

        /**
         * The local TSA (not yet written) made for {@code dir}, {@code platform}, {@code clock}.
         */
        public LocalTimeStampAuthority timeStampAuthority(Path dir, String platform, Clock clock) {
            if (tsa == null || !matches(dir, platform, clock)) {
                return null;
            }
            return join(tsa, "local TSA key");
        }

        private boolean matches(Path dir, String platform, Clock clock) {
            return dir.equals(dataDir.resolve("evidence-signing"))
                    && this.platform.equals(platform)
                    && this.clock.equals(clock);
        }

        private static <T> T join(CompletableFuture<T> f, String what) {
            try {
                return f.join();
            } catch (RuntimeException e) {
                // the bean generates it itself, and fails there if it must
                log.debug("generating the {} in advance failed", what, e);
                return null;
            }
        }
    }

    static Keys begin(
            Path dataDir, String platform, boolean jwt, boolean signer, boolean tsa, Clock clock) {
        var jwtF = jwt ? new CompletableFuture<KeyPair>() : null;
        var signerF = signer ? new CompletableFuture<EvidenceSigner>() : null;
        var tsaF = tsa ? new CompletableFuture<LocalTimeStampAuthority>() : null;
        Thread t =
                new Thread(
                        () -> {
                            // the evidence keys first: Bouncy Castle's provider and ML-DSA are
                            // the larger part, and the token pair is needed later
                            run(signerF, () -> EvidenceSigner.generate(platform, clock));
                            run(tsaF, () -> LocalTimeStampAuthority.generate(platform, clock));
                            run(jwtF, FirstStartKeys::rsa2048);
                        },
                        "first-start-keys");
        // a daemon: the keys are in memory only, and a JVM that exits needs none of them
        t.setDaemon(true);
        t.start();
        return new Keys(dataDir, platform, clock, jwtF, signerF, tsaF);
    }

    /** What JwtKeys.generate makes: the token keys' 2048-bit RSA pair. */
    private static KeyPair rsa2048() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> void run(CompletableFuture<T> f, Supplier<T> make) {
        if (f == null) {
            return;
        }
        try {
            f.complete(make.get());
        } catch (Throwable e) {
            f.completeExceptionally(e);
        }
    }
}
