package dev.franking.service.forwarding;

import dev.franking.evidence.EvidenceSigner;
import dev.franking.service.ReportsProperties;
import dev.franking.service.db.EmbeddedDatabaseMode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The platform's evidence-signing key and certificate: configured in production (PEM key and
 * certificate chain, or PKCS#12); generated once into the data directory in the embedded default.
 * With an external database and neither, the service refuses to start.
 */
@Configuration(proxyBeanMethods = false)
public class EvidenceSigningConfig {
    private static final Logger log = LoggerFactory.getLogger(EvidenceSigningConfig.class);

    @Bean
    EvidenceSigner evidenceSigner(
            ReportsProperties props,
            Environment env,
            Clock clock,
            @Value("${reports.evidence.platform-name:Franking demo platform}") String platform,
            @Value("${reports.evidence.signing.key-pem:}") String keyPem,
            @Value("${reports.evidence.signing.cert-pem:}") String certPem,
            @Value("${reports.evidence.signing.pkcs12:}") String p12,
            @Value("${reports.evidence.signing.pkcs12-password:}") String p12Password,
            @Value("${reports.evidence.signing.pkcs12-alias:}") String p12Alias)
            throws IOException {
        EvidenceSigner signer;
        if (StringUtils.hasText(keyPem) && StringUtils.hasText(certPem)) {
            signer = EvidenceSigner.fromPem(Path.of(keyPem), Path.of(certPem));
        } else if (StringUtils.hasText(p12)) {
            signer =
                    EvidenceSigner.fromPkcs12(
                            Path.of(p12),
                            p12Password.toCharArray(),
                            StringUtils.hasText(p12Alias) ? p12Alias : null);
        } else if (EmbeddedDatabaseMode.isEmbedded(env)) {
            Path dir = props.dataDir().toAbsolutePath().normalize().resolve("evidence-signing");
            signer = EvidenceSigner.loadOrGenerate(dir, platform, clock);
            log.info(
                    "Evidence packages are signed with the generated certificate in {} (SHA-256"
                            + " fingerprint {}); in production configure"
                            + " reports.evidence.signing.key-pem and cert-pem, or pkcs12",
                    dir,
                    signer.fingerprint());
            return signer;
        } else {
            throw new IllegalStateException(
                    "An external database is configured but no evidence-signing key is: set"
                        + " reports.evidence.signing.key-pem and reports.evidence.signing.cert-pem"
                        + " (PEM), or reports.evidence.signing.pkcs12");
        }
        log.info(
                "Evidence packages are signed by {} (SHA-256 fingerprint {})",
                signer.certificate().getSubjectX500Principal(),
                signer.fingerprint());
        return signer;
    }
}
