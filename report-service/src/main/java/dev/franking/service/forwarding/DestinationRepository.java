package dev.franking.service.forwarding;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Spring Data's repository of destinations (the package's own table). */
interface DestinationRepository extends JpaRepository<DestinationEntity, UUID> {
    List<DestinationEntity> findByDisabledAtIsNullOrderByNameAsc();

    boolean existsByNameAndIdNot(String name, UUID id);

    /**
     * The destination, row-locked for a deletion: a forwarding request takes the row's share lock
     * ({@code ForwardingService.request}), so none can slip in between the check and the delete.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT d FROM DestinationEntity d WHERE d.id = :id")
    Optional<DestinationEntity> findForUpdate(@Param("id") UUID id);
}
