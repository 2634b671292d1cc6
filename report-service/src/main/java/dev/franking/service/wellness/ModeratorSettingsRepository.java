package dev.franking.service.wellness;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data's repository of moderators' settings (the package's own table). */
interface ModeratorSettingsRepository extends JpaRepository<ModeratorSettingsEntity, String> {}
