package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

/**
 * The keys a first start generates before the refresh (issue 12 item 8, cold start) are taken only
 * where the bean would have generated exactly those: same directory, same platform name, the system
 * clock. That a fresh embedded start runs with them is what {@code StartupTest} and the
 * embedded-default tests show.
 */
class FirstStartKeysTest {

    @Test
    void keysMadeInAdvanceAreTakenOnlyForWhatTheyWereMadeFor() throws Exception {
        Path dir = Path.of("target", "first-keys-" + UUID.randomUUID()).toAbsolutePath();
        Clock system = Clock.systemUTC();
        FirstStartKeys.Keys keys = FirstStartKeys.begin(dir, "Acme", true, true, true, system);
        Path evidence = dir.resolve("evidence-signing");

        assertThat(keys.tokenKeys(dir.resolve("other"))).isNull();
        assertThat(keys.tokenKeys(dir.resolve("jwt")).getPublic().getAlgorithm()).isEqualTo("RSA");

        // a test's clock, another platform name or directory: the bean generates its own
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(keys.evidenceSigner(evidence, "Acme", fixed)).isNull();
        assertThat(keys.evidenceSigner(evidence, "Other", system)).isNull();
        assertThat(keys.evidenceSigner(dir, "Acme", system)).isNull();
        assertThat(keys.timeStampAuthority(evidence, "Acme", fixed)).isNull();

        var signer = keys.evidenceSigner(evidence, "Acme", system);
        assertThat(signer.certificate().getSubjectX500Principal().getName())
                .contains("CN=Acme evidence signing");
        assertThat(signer.postQuantumCertificate()).isPresent();
        assertThat(keys.timeStampAuthority(evidence, "Acme", system)).isNotNull();
        // nothing was written: the beans write what they take
        assertThat(dir).doesNotExist();
    }

    @Test
    void nothingIsMadeForAnExternalDatabaseOrKeysThatExist() throws Exception {
        try (var ctx = new GenericApplicationContext()) {
            ctx.setEnvironment(
                    new MockEnvironment()
                            .withProperty("spring.datasource.url", "jdbc:postgresql://db/reports"));
            new FirstStartKeys().initialize(ctx);
            assertThat(ctx.getBeanFactory().containsSingleton(FirstStartKeys.BEAN)).isFalse();
        }
        Path dir = Path.of("target", "first-keys-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(dir.resolve("jwt"));
        Files.createFile(dir.resolve("jwt/private.pem"));
        try (var ctx = new GenericApplicationContext()) {
            ctx.setEnvironment(
                    new MockEnvironment()
                            .withProperty("reports.data-dir", dir.toString())
                            .withProperty("reports.evidence.signing.key-pem", "/k.pem")
                            .withProperty("reports.evidence.tsa.url", "http://tsa.example"));
            new FirstStartKeys().initialize(ctx);
            assertThat(ctx.getBeanFactory().containsSingleton(FirstStartKeys.BEAN)).isFalse();
        }
    }
}
