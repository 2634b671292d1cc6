package dev.franking.service.forwarding;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stored evidence packages ({@code evidence_packages}): sealed ZIPs and their hashes. */
@Repository
class EvidencePackages {
    private final JdbcClient jdbc;

    EvidencePackages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(
            UUID id, UUID caseId, Instant at, String by, byte[] sha256, int size, byte[] sealed) {
        jdbc.sql(
                        "INSERT INTO evidence_packages (id, case_id, created_at, created_by,"
                                + " sha256, size, package_enc) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(id, caseId, Timestamp.from(at), by, sha256, size, sealed)
                .update();
    }

    /** The sealed package of this case; empty if there is none or it has been destroyed. */
    Optional<byte[]> sealed(UUID caseId, UUID packageId) {
        return jdbc.sql("SELECT package_enc FROM evidence_packages WHERE id = ? AND case_id = ?")
                .params(packageId, caseId)
                .query((rs, i) -> rs.getBytes(1))
                .optional();
    }

    /** The package's SHA-256 in hex, which stays after the package itself is destroyed. */
    Optional<String> sha256Hex(UUID packageId) {
        return jdbc.sql("SELECT sha256 FROM evidence_packages WHERE id = ?")
                .param(packageId)
                .query(byte[].class)
                .optional()
                .map(HexFormat.of()::formatHex);
    }

    void shred(UUID caseId) {
        jdbc.sql("UPDATE evidence_packages SET package_enc = NULL WHERE case_id = ?")
                .param(caseId)
                .update();
    }
}
