package dev.franking.service.crypto;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The service's own long-lived secrets ({@code service_secrets}), each stored wrapped under the
 * KEK. The first instance to ask creates a secret; every instance then reads the same one.
 */
@Repository
public class ServiceSecrets {
    private final JdbcClient jdbc;
    private final Kek kek;
    private final Clock clock;

    ServiceSecrets(JdbcClient jdbc, Kek kek, Clock clock) {
        this.jdbc = jdbc;
        this.kek = kek;
        this.clock = clock;
    }

    /** The secret called {@code name}, created from {@code fresh} if there is none yet. */
    public byte[] getOrCreate(String name, Supplier<byte[]> fresh) {
        jdbc.sql(
                        "INSERT INTO service_secrets (name, wrapped, created_at) VALUES (?, ?, ?)"
                                + " ON CONFLICT DO NOTHING")
                .params(
                        name,
                        kek.wrap(fresh.get(), "secret:" + name),
                        Timestamp.from(clock.instant()))
                .update();
        byte[] wrapped =
                jdbc.sql("SELECT wrapped FROM service_secrets WHERE name = ?")
                        .param(name)
                        .query(byte[].class)
                        .single();
        return kek.unwrap(wrapped, "secret:" + name);
    }
}
