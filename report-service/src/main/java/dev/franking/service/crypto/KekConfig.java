package dev.franking.service.crypto;

import dev.franking.service.ReportsProperties;
import dev.franking.service.db.EmbeddedDatabaseMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Where the KEK comes from: {@code REPORTS_KEK} (base64 of 32 bytes) when set; otherwise, on the
 * embedded database only, a key generated once into the data directory with owner-only permissions.
 * With an external database and no {@code REPORTS_KEK} the service refuses to start: a generated
 * key on one instance's disk would make every other instance's data unreadable.
 */
@Configuration(proxyBeanMethods = false)
class KekConfig {
    private static final Logger log = LoggerFactory.getLogger(KekConfig.class);

    @Bean
    Kek kek(ReportsProperties props, Environment env) throws IOException {
        if (StringUtils.hasText(props.kek())) {
            return new LocalKek(decode(props.kek().trim(), "REPORTS_KEK"));
        }
        if (!EmbeddedDatabaseMode.isEmbedded(env)) {
            throw new IllegalStateException(
                    "An external database is configured (spring.datasource.url) but REPORTS_KEK is"
                        + " not set: set REPORTS_KEK to the base64 of 32 random bytes, the same on"
                        + " every instance (e.g. `openssl rand -base64 32`)");
        }
        Path file = props.dataDir().toAbsolutePath().normalize().resolve("kek");
        if (Files.exists(file)) {
            log.info("Using the key-encryption key in {}", file);
            return new LocalKek(
                    decode(
                            Files.readString(file, StandardCharsets.US_ASCII).trim(),
                            file.toString()));
        }
        Files.createDirectories(file.getParent());
        byte[] key = Aead.newKey();
        Path tmp = file.resolveSibling("kek.tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(
                    tmp,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(
                tmp,
                Base64.getEncoder().encodeToString(key) + "\n",
                StandardCharsets.US_ASCII,
                StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        log.warn(
                "Generated a new key-encryption key into {} (owner-only). It protects every stamp"
                    + " key and all evidence: back it up with the data directory; in production set"
                    + " REPORTS_KEK instead",
                file);
        return new LocalKek(key);
    }

    private static byte[] decode(String b64, String where) {
        byte[] k;
        try {
            k = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " is not valid base64");
        }
        if (k.length != 32) {
            throw new IllegalStateException(where + " must hold the base64 of exactly 32 bytes");
        }
        return k;
    }
}
