package dev.franking.service.appeals;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data's repository of appeals (the package's own table). */
interface AppealRepository extends JpaRepository<AppealEntity, UUID> {
    boolean existsByReportIdAndStatus(UUID reportId, String status);

    boolean existsByActionIdAndStatus(UUID actionId, String status);

    Optional<AppealEntity> findFirstByReportIdOrderByFiledAtDesc(UUID reportId);

    List<AppealEntity> findByStatusOrderByFiledAtAsc(String status);
}
