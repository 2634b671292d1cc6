package dev.franking.review.testapp;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.Exposure;
import dev.franking.review.model.Views.ModeratorSettings;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The wellness port in memory, with the report service's rules: settings per person with a version
 * (a save against an older version is refused), counts from the reveals the ports recorded
 * (content, comments, "view original"; previews are not counted), a soft limit of {@link
 * #SOFT_LIMIT}.
 */
public class InMemoryWellness implements ReviewPorts.Wellness {
    /** Small, so that a browser test crosses it in a few steps. */
    public static final int SOFT_LIMIT = 3;

    private final InMemoryReviewPorts ports;
    private final Map<String, ModeratorSettings> saved = new ConcurrentHashMap<>();

    public InMemoryWellness(InMemoryReviewPorts ports) {
        this.ports = ports;
        ports.onReset(saved::clear);
    }

    @Override
    public ModeratorSettings settings(Reviewer viewer) {
        return saved.getOrDefault(viewer.username(), ModeratorSettings.defaults());
    }

    @Override
    public synchronized void saveSettings(ModeratorSettings s, Reviewer by) {
        if (s.blurStrength() < ModeratorSettings.BLUR_MIN
                || s.blurStrength() > ModeratorSettings.BLUR_MAX) {
            throw new ReviewPorts.ActionRefused("refused.settings-invalid");
        }
        ModeratorSettings current = saved.get(by.username());
        Long have = current == null ? null : current.version();
        if (!Objects.equals(have, s.version())) {
            throw new ReviewPorts.ActionRefused("refused.settings-stale");
        }
        saved.put(
                by.username(),
                new ModeratorSettings(
                        s.blurStrength(),
                        s.greyscale(),
                        s.autoplay(),
                        have == null ? 0 : have + 1));
    }

    private int views(String user) {
        return (int)
                Stream.of(ports.reveals, ports.commentReveals, ports.attachmentReveals)
                        .flatMap(List::stream)
                        .filter(r -> r.by().equals(user))
                        .count();
    }

    @Override
    public Exposure exposureToday(Reviewer viewer) {
        return new Exposure(viewer.username(), views(viewer.username()), SOFT_LIMIT);
    }

    @Override
    public List<Exposure> exposuresToday(Reviewer admin) {
        if (!admin.isAdmin()) {
            throw new ReviewPorts.ActionRefused("refused.admin-only");
        }
        Map<String, Exposure> all = new TreeMap<>();
        for (String u : List.of("mona", "carl", "ada", "dana")) {
            all.put(u, new Exposure(u, views(u), SOFT_LIMIT));
        }
        return all.values().stream()
                .sorted(Comparator.comparingInt(Exposure::views).reversed())
                .toList();
    }
}
