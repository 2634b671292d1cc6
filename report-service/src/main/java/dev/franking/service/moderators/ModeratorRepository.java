package dev.franking.service.moderators;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data's repository of moderator accounts (the package's own table). */
interface ModeratorRepository extends JpaRepository<ModeratorEntity, String> {
    List<ModeratorEntity> findAllByOrderByUsernameAsc();
}
