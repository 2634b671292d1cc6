package dev.franking.service.templates;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data's repository of decision templates (the package's own table). */
interface DecisionTemplateRepository extends JpaRepository<DecisionTemplateEntity, UUID> {
    boolean existsByNameIgnoreCase(String name);

    boolean existsByNameIgnoreCaseAndIdNot(String name, UUID id);
}
