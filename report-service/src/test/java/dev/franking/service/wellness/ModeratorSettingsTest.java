package dev.franking.service.wellness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Role;
import dev.franking.review.model.Views.ModeratorSettings;
import dev.franking.service.ServiceTestBase;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moderators' display settings on real PostgreSQL through Hibernate and Spring Data JPA (issue 14):
 * the defaults until a first save, each save naming the version it was made against (a stale one
 * refused, nothing overwritten), Hibernate's own version check, invalid values refused, each save
 * audited.
 */
class ModeratorSettingsTest extends ServiceTestBase {
    @Autowired ReviewPorts.Wellness wellness;
    @Autowired ModeratorSettingsRepository repository;
    @Autowired PlatformTransactionManager txm;

    private Reviewer moderator() {
        return new Reviewer(unique("ms-mod"), EnumSet.of(Role.MODERATOR));
    }

    @Test
    void defaultsThenVersionedSavesAndAStaleSaveIsRefused() {
        Reviewer me = moderator();
        assertThat(wellness.settings(me)).isEqualTo(ModeratorSettings.defaults());
        assertThat(ModeratorSettings.defaults().greyscale()).isTrue();
        assertThat(ModeratorSettings.defaults().autoplay()).isFalse();

        wellness.saveSettings(new ModeratorSettings(2, false, true, null), me);
        assertThat(wellness.settings(me)).isEqualTo(new ModeratorSettings(2, false, true, 0L));
        // a second tab that still shows "never saved"
        assertThatThrownBy(
                        () ->
                                wellness.saveSettings(
                                        new ModeratorSettings(5, true, false, null), me))
                .hasMessage("refused.settings-stale");
        assertThatThrownBy(
                        () -> wellness.saveSettings(new ModeratorSettings(5, true, false, 7L), me))
                .hasMessage("refused.settings-stale");
        assertThat(wellness.settings(me).blurStrength()).isEqualTo(2);

        wellness.saveSettings(new ModeratorSettings(5, true, false, 0L), me);
        assertThat(wellness.settings(me)).isEqualTo(new ModeratorSettings(5, true, false, 1L));
        assertThat(
                        jdbc.queryForList(
                                "SELECT detail FROM audit_log WHERE actor = ? AND event ="
                                        + " 'moderator.settings_changed' ORDER BY seq",
                                String.class,
                                me.username()))
                .containsExactly(
                        "blur=2; greyscale=false; autoplay=true; version=0",
                        "blur=5; greyscale=true; autoplay=false; version=1");
        // settings are personal
        assertThat(wellness.settings(moderator())).isEqualTo(ModeratorSettings.defaults());
    }

    @Test
    void invalidSettingsAreRefusedAndNothingIsWritten() {
        Reviewer me = moderator();
        for (int blur : new int[] {0, 6, -1}) {
            assertThatThrownBy(
                            () ->
                                    wellness.saveSettings(
                                            new ModeratorSettings(blur, true, false, null), me))
                    .hasMessage("refused.settings-invalid");
        }
        assertThat(repository.findById(me.username())).isEmpty();
        // the database refuses it too
        assertThatThrownBy(
                        () ->
                                jdbc.update(
                                        "INSERT INTO moderator_settings VALUES (?, 9, true,"
                                                + " false, 0, now())",
                                        me.username()))
                .hasMessageContaining("moderator_settings_blur_strength_check");
    }

    @Test
    void hibernateChecksTheVersionOnWrite() {
        Reviewer me = moderator();
        wellness.saveSettings(new ModeratorSettings(3, true, false, null), me);
        TransactionTemplate tx = new TransactionTemplate(txm);
        assertThatThrownBy(
                        () ->
                                tx.executeWithoutResult(
                                        s -> {
                                            ModeratorSettingsEntity e =
                                                    repository
                                                            .findById(me.username())
                                                            .orElseThrow();
                                            // someone else saves in between
                                            new TransactionTemplate(txm)
                                                    .executeWithoutResult(
                                                            t ->
                                                                    jdbc.update(
                                                                            "UPDATE"
                                                                                + " moderator_settings"
                                                                                + " SET version ="
                                                                                + " version + 1"
                                                                                + " WHERE username"
                                                                                + " = ?",
                                                                            me.username()));
                                            e.write(1, false, false, CLOCK.instant());
                                            repository.saveAndFlush(e);
                                        }))
                .isInstanceOf(ObjectOptimisticLockingFailureException.class);
        assertThat(wellness.settings(me).blurStrength()).isEqualTo(3);
    }
}
