package dev.franking.service.wellness;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.ReviewPorts.ActionRefused;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.Exposure;
import dev.franking.review.model.Views.ModeratorSettings;
import dev.franking.service.ReportsProperties;
import dev.franking.service.audit.AuditEvent;
import dev.franking.service.audit.AuditLog;
import dev.franking.service.moderators.ModeratorService;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The review UI's wellness port. Settings: one row per moderator who ever saved (the defaults
 * otherwise), each save naming the version it was made against, refused ({@code
 * refused.settings-stale}) when another tab saved since, and audited. Counts: the audit log's
 * content-view rows of the current UTC day (the day a person's shift is most likely to be counted
 * in by a lead across time zones), against {@code reports.wellness.daily-content-views}.
 */
@Service
class ModeratorWellness implements ReviewPorts.Wellness {
    private final ModeratorSettingsRepository repository;
    private final AuditLog audit;
    private final ModeratorService moderators;
    private final Clock clock;
    private final int softLimit;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    ModeratorWellness(
            ModeratorSettingsRepository repository,
            org.springframework.jdbc.core.simple.JdbcClient jdbc,
            AuditLog audit,
            ModeratorService moderators,
            Clock clock,
            ReportsProperties props) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.audit = audit;
        this.moderators = moderators;
        this.clock = clock;
        this.softLimit = props.wellness().dailyContentViews();
    }

    @Override
    public ModeratorSettings settings(Reviewer viewer) {
        // a plain read without a transaction: the settings and case pages ask on every view
        return jdbc.sql(
                        "SELECT blur_strength, greyscale, autoplay, version FROM"
                                + " moderator_settings WHERE username = ?")
                .param(viewer.username())
                .query(
                        (rs, i) ->
                                new ModeratorSettings(
                                        rs.getInt("blur_strength"),
                                        rs.getBoolean("greyscale"),
                                        rs.getBoolean("autoplay"),
                                        rs.getLong("version")))
                .optional()
                .orElseGet(ModeratorSettings::defaults);
    }

    @Override
    @Transactional
    public void saveSettings(ModeratorSettings s, Reviewer by) {
        if (s == null
                || s.blurStrength() < ModeratorSettings.BLUR_MIN
                || s.blurStrength() > ModeratorSettings.BLUR_MAX) {
            throw new ActionRefused("refused.settings-invalid");
        }
        ModeratorSettingsEntity e = repository.findById(by.username()).orElse(null);
        if (!Objects.equals(e == null ? null : e.version(), s.version())) {
            throw new ActionRefused("refused.settings-stale");
        }
        if (e == null) {
            e = new ModeratorSettingsEntity(by.username());
        }
        e.write(s.blurStrength(), s.greyscale(), s.autoplay(), clock.instant());
        try {
            e = repository.saveAndFlush(e);
        } catch (OptimisticLockingFailureException | DataIntegrityViolationException raced) {
            // another tab saved in the same instant (a version bump, or the first row inserted)
            throw new ActionRefused("refused.settings-stale");
        }
        audit.append(
                by.username(),
                AuditEvent.MODERATOR_SETTINGS_CHANGED,
                null,
                by.username(),
                "blur="
                        + s.blurStrength()
                        + "; greyscale="
                        + s.greyscale()
                        + "; autoplay="
                        + s.autoplay()
                        + "; version="
                        + e.version());
    }

    private Instant[] today() {
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return new Instant[] {
            day.atStartOfDay(ZoneOffset.UTC).toInstant(),
            day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
        };
    }

    @Override
    public Exposure exposureToday(Reviewer viewer) {
        Instant[] d = today();
        return new Exposure(
                viewer.username(), audit.contentViews(viewer.username(), d[0], d[1]), softLimit);
    }

    @Override
    public List<Exposure> exposuresToday(Reviewer admin) {
        if (!admin.isAdmin()) {
            throw new ActionRefused("refused.admin-only");
        }
        Instant[] d = today();
        Map<String, Integer> counted = audit.contentViewsByActor(d[0], d[1]);
        Map<String, Exposure> all = new TreeMap<>();
        for (String u : moderators.usernames()) {
            all.put(u, new Exposure(u, counted.getOrDefault(u, 0), softLimit));
        }
        // anyone who viewed content and is no longer a moderator still shows (the log has them)
        counted.forEach((u, n) -> all.putIfAbsent(u, new Exposure(u, n, softLimit)));
        return all.values().stream()
                .sorted(Comparator.comparingInt(Exposure::views).reversed())
                .toList();
    }
}
