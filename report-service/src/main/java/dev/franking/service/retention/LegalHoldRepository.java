package dev.franking.service.retention;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data's repository of legal holds (the package's own table). */
interface LegalHoldRepository extends JpaRepository<LegalHoldEntity, UUID> {
    Optional<LegalHoldEntity> findByCaseIdAndLiftedAtIsNull(UUID caseId);

    List<LegalHoldEntity> findAllByOrderByPlacedAtDesc();
}
