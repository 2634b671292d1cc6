package dev.franking.service.appeals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Spring Data's repository of appeals (the package's own table). */
interface AppealRepository extends JpaRepository<AppealEntity, UUID> {
    boolean existsByReportIdAndStatus(UUID reportId, String status);

    boolean existsByActionIdAndStatus(UUID actionId, String status);

    Optional<AppealEntity> findFirstByReportIdOrderByFiledAtDesc(UUID reportId);

    List<AppealEntity> findByStatusOrderByFiledAtAsc(String status);

    long countByDecidedAtGreaterThanEqualAndDecidedAtLessThan(Instant from, Instant to);

    long countByStatusAndDecidedAtGreaterThanEqualAndDecidedAtLessThan(
            String status, Instant from, Instant to);

    /** Crypto-shredding drops the ciphertexts with the case's key (retention). */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(
            "UPDATE AppealEntity a SET a.statementEnc = NULL, a.reasonEnc = NULL"
                    + " WHERE a.caseId = :caseId")
    int shred(@Param("caseId") UUID caseId);
}
