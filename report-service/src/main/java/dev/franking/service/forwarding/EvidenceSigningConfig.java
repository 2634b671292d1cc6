package dev.franking.service.forwarding;

import dev.franking.evidence.EvidenceSigner;
import dev.franking.evidence.LocalTimeStampAuthority;
import dev.franking.evidence.TimeStampClient;
import dev.franking.service.FirstStartKeys;
import dev.franking.service.ReportsProperties;
import dev.franking.service.db.EmbeddedDatabaseMode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * The platform's evidence-signing keys (ECDSA or RSA, and ML-DSA beside it) and the time-stamping
 * authority that stamps every signature (evidence/EVIDENCE.md).
 *
 * <ul>
 *   <li>Classical key: configured in production (PEM key and certificate chain, or PKCS#12);
 *       generated once into the data directory in the embedded default.
 *   <li>ML-DSA key: configured (PEM, or an alias in the same PKCS#12), or found beside the
 *       configured classical key under the names {@code keygen} writes; generated into the data
 *       directory in the embedded default.
 *   <li>TSA: {@code reports.evidence.tsa.url} (RFC 3161 over HTTP). Without one, a local TSA whose
 *       key lies beside the signing key, generated there in the embedded default: its timestamps
 *       then rest on the platform itself, which the log says.
 * </ul>
 *
 * With an external database and any of the three missing, the service refuses to start.
 */
@Configuration(proxyBeanMethods = false)
class EvidenceSigningConfig {
    private static final Logger log = LoggerFactory.getLogger(EvidenceSigningConfig.class);

    @Bean
    EvidenceSigner evidenceSigner(
            ReportsProperties props,
            Environment env,
            Clock clock,
            RestClient restClient,
            ObjectProvider<FirstStartKeys.Keys> firstStartKeys)
            throws IOException {
        // a first start's keys, being generated since before the refresh (cold start)
        FirstStartKeys.Keys early = firstStartKeys.getIfAvailable();
        ReportsProperties.Evidence settings = props.evidence();
        ReportsProperties.Signing signing = settings.signing();
        String platform = settings.platformName();
        String keyPem = signing.keyPem();
        String certPem = signing.certPem();
        String p12 = signing.pkcs12();
        String p12Password = signing.pkcs12Password() == null ? "" : signing.pkcs12Password();
        String p12Alias = signing.pkcs12Alias();
        String mlDsaKeyPem = signing.mlDsaKeyPem();
        String mlDsaCertPem = signing.mlDsaCertPem();
        String mlDsaAlias = signing.mlDsaPkcs12Alias();
        String tsaUrl = settings.tsa().url();
        Duration tsaTimeout = settings.tsa().timeout();
        boolean embedded = EmbeddedDatabaseMode.isEmbedded(env);
        Path dataDir = props.dataDir().toAbsolutePath().normalize().resolve("evidence-signing");
        EvidenceSigner signer;
        Path keyDir;
        if (StringUtils.hasText(keyPem) && StringUtils.hasText(certPem)) {
            signer = EvidenceSigner.fromPem(Path.of(keyPem), Path.of(certPem));
            keyDir = Path.of(keyPem).toAbsolutePath().getParent();
        } else if (StringUtils.hasText(p12)) {
            signer =
                    EvidenceSigner.fromPkcs12(
                            Path.of(p12),
                            p12Password.toCharArray(),
                            StringUtils.hasText(p12Alias) ? p12Alias : null);
            keyDir = Path.of(p12).toAbsolutePath().getParent();
        } else if (embedded) {
            EvidenceSigner made =
                    early == null || Files.exists(dataDir.resolve(EvidenceSigner.KEY_FILE))
                            ? null
                            : early.evidenceSigner(dataDir, platform, clock);
            if (made != null) {
                // what loadOrGenerate does when there is no key, with the key made in advance
                made.writePem(dataDir);
                signer = made;
            } else {
                signer = EvidenceSigner.loadOrGenerate(dataDir, platform, clock);
            }
            keyDir = dataDir;
        } else {
            throw new IllegalStateException(
                    "An external database is configured but no evidence-signing key is: set"
                        + " reports.evidence.signing.key-pem and reports.evidence.signing.cert-pem"
                        + " (PEM), or reports.evidence.signing.pkcs12");
        }

        if (signer.postQuantumCertificate().isEmpty()) {
            Path besideKey = keyDir.resolve(EvidenceSigner.ML_DSA_KEY_FILE);
            if (StringUtils.hasText(mlDsaKeyPem) && StringUtils.hasText(mlDsaCertPem)) {
                signer = signer.withPostQuantumPem(Path.of(mlDsaKeyPem), Path.of(mlDsaCertPem));
            } else if (StringUtils.hasText(p12) && StringUtils.hasText(mlDsaAlias)) {
                signer =
                        signer.withPostQuantumPkcs12(
                                Path.of(p12), p12Password.toCharArray(), mlDsaAlias);
            } else if (Files.exists(besideKey)) {
                signer =
                        signer.withPostQuantumPem(
                                besideKey, keyDir.resolve(EvidenceSigner.ML_DSA_CERT_FILE));
            } else if (embedded) {
                signer = signer.withPostQuantumIn(dataDir, platform, clock);
            } else {
                throw new IllegalStateException(
                        "No ML-DSA evidence-signing key is configured: set"
                                + " reports.evidence.signing.ml-dsa-key-pem and ml-dsa-cert-pem, or"
                                + " ml-dsa-pkcs12-alias, or place "
                                + EvidenceSigner.ML_DSA_KEY_FILE
                                + " and "
                                + EvidenceSigner.ML_DSA_CERT_FILE
                                + " beside the signing key (java -jar evidence.jar keygen)");
            }
        }

        TimeStampClient tsa;
        if (StringUtils.hasText(tsaUrl)) {
            tsa = new TsaOverRestClient(URI.create(tsaUrl.strip()), restClient, tsaTimeout);
            log.info("Evidence signatures are time-stamped by the TSA at {}", tsaUrl);
        } else if (LocalTimeStampAuthority.existsIn(keyDir) || embedded) {
            Path tsaDir = LocalTimeStampAuthority.existsIn(keyDir) ? keyDir : dataDir;
            LocalTimeStampAuthority made =
                    early == null || Files.exists(tsaDir.resolve(LocalTimeStampAuthority.KEY_FILE))
                            ? null
                            : early.timeStampAuthority(tsaDir, platform, clock);
            LocalTimeStampAuthority local;
            if (made != null) {
                made.writeTo(tsaDir);
                local = made;
            } else {
                local = LocalTimeStampAuthority.loadOrGenerate(tsaDir, platform, clock);
            }
            tsa = local;
            log.warn(
                    "Evidence signatures are time-stamped by the platform's own local TSA in {}"
                            + " (SHA-256 fingerprint {}): such timestamps rest on the platform;"
                            + " configure reports.evidence.tsa.url for an independent TSA",
                    tsaDir,
                    local.fingerprint());
        } else {
            throw new IllegalStateException(
                    "An external database is configured but no time-stamping authority is: set"
                            + " reports.evidence.tsa.url (RFC 3161 over HTTP)");
        }
        signer = signer.withTimeStamps(tsa);
        log.info(
                "Evidence packages are signed by {} (SHA-256 fingerprint {}) and with ML-DSA"
                        + " (certificate SHA-256 fingerprint {}){}",
                signer.certificate().getSubjectX500Principal(),
                signer.fingerprint(),
                signer.postQuantumFingerprint(),
                keyDir.equals(dataDir) ? "; generated in " + dataDir : "");
        return signer;
    }
}
