package dev.franking.service.cases;

import dev.franking.service.crypto.Vault;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Stable pseudonyms for reporters and recipients in the review UI: a keyed hash, so the same person
 * reads the same across cases but the id cannot be recovered without the key.
 */
@Component
public class Pseudonyms {
    private static final String NAME = "pseudonym-key";
    private final JdbcTemplate jdbc;
    private final Vault vault;
    private final Clock clock;
    private volatile byte[] key;

    public Pseudonyms(JdbcTemplate jdbc, Vault vault, Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.clock = clock;
    }

    public String of(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            byte[] h = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
            return "P-" + String.format("%02X%02X%02X%02X", h[0], h[1], h[2], h[3]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            byte[] fresh = Vault.newKey();
            jdbc.update(
                    "INSERT INTO service_secrets (name, wrapped, created_at) VALUES (?, ?, ?) ON"
                            + " CONFLICT DO NOTHING",
                    NAME,
                    vault.wrapServiceSecret(NAME, fresh),
                    Timestamp.from(clock.instant()));
            byte[] wrapped =
                    jdbc.queryForObject(
                            "SELECT wrapped FROM service_secrets WHERE name = ?",
                            byte[].class,
                            NAME);
            k = vault.unwrapServiceSecret(NAME, wrapped);
            key = k;
        }
        return k;
    }
}
