package dev.franking.service.crypto;

import dev.franking.service.ReportsProperties;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Which epoch key store: PKCS#11 when {@code reports.epoch-keys.pkcs11.library} is set, otherwise
 * the directory {@code reports.epoch-keys.directory} (default {@code <data dir>/epoch-keys}).
 */
@Configuration(proxyBeanMethods = false)
class EpochKeyConfig {
    private static final Logger log = LoggerFactory.getLogger(EpochKeyConfig.class);

    @Bean
    EpochKeyStore epochKeyStore(ReportsProperties props, Kek kek) {
        ReportsProperties.EpochKeys settings = props.epochKeys();
        ReportsProperties.Pkcs11 p11 = settings.pkcs11();
        if (StringUtils.hasText(p11.library())) {
            if (!StringUtils.hasText(p11.pin())) {
                throw new IllegalStateException(
                        "reports.epoch-keys.pkcs11.library is set but reports.epoch-keys.pkcs11.pin"
                                + " is not (REPORTS_EPOCH_KEYS_PKCS11_PIN)");
            }
            log.info(
                    "Epoch keys in the PKCS#11 token of {} (slot {}, slot list index {})",
                    p11.library(),
                    p11.slot(),
                    p11.slotListIndex());
            return new Pkcs11EpochKeyStore(
                    Pkcs11EpochKeyStore.provider(p11.library(), p11.slot(), p11.slotListIndex()),
                    p11.pin().toCharArray());
        }
        Path dir =
                settings.directory() != null
                        ? settings.directory()
                        : props.dataDir().resolve("epoch-keys");
        dir = dir.toAbsolutePath().normalize();
        log.info("Epoch keys in the directory {} (wrapped under the KEK)", dir);
        return new DirectoryEpochKeyStore(dir, kek);
    }
}
