package dev.franking.review.testapp;

import dev.franking.review.model.ReviewPorts;
import dev.franking.review.model.Reviewer;
import dev.franking.review.model.Views.DecisionTemplate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** The templates port in memory, with the report service's rules (admins, versions, names). */
public class InMemoryTemplates implements ReviewPorts.Templates {
    private final Clock clock;
    private final Map<UUID, DecisionTemplate> byId = new LinkedHashMap<>();

    /** What was changed, by whom ("created name by", …), for the tests. */
    public final List<String> changes = new CopyOnWriteArrayList<>();

    /** The template every reset starts with (version 0). */
    public static final UUID SAMPLE = UUID.fromString("00000000-0000-4000-8000-0000000000c1");

    public InMemoryTemplates(Clock clock, InMemoryReviewPorts ports) {
        this.clock = clock;
        ports.onReset(this::reset);
    }

    public synchronized void reset() {
        byId.clear();
        changes.clear();
        byId.put(
                SAMPLE,
                new DecisionTemplate(
                        SAMPLE,
                        "Spam: bulk messages",
                        "Terms of service: spam",
                        "Sent the same advertisement to many people who did not ask for it.",
                        0,
                        "ada",
                        clock.instant()));
    }

    @Override
    public synchronized List<DecisionTemplate> list() {
        List<DecisionTemplate> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing(t -> t.name().toLowerCase(java.util.Locale.ROOT)));
        return all;
    }

    private static void admin(Reviewer by) {
        if (!by.isAdmin()) {
            throw new ReviewPorts.ActionRefused("refused.admin-only");
        }
    }

    private void nameFree(String name, UUID except) {
        for (DecisionTemplate t : byId.values()) {
            if (!t.id().equals(except) && t.name().equalsIgnoreCase(name)) {
                throw new ReviewPorts.ActionRefused("refused.template-name-taken");
            }
        }
    }

    @Override
    public synchronized UUID create(String name, String ground, String facts, Reviewer by) {
        admin(by);
        nameFree(name, null);
        UUID id = UUID.randomUUID();
        byId.put(
                id,
                new DecisionTemplate(id, name, ground, facts, 0, by.username(), clock.instant()));
        changes.add("created " + name + " by " + by.username());
        return id;
    }

    @Override
    public synchronized void update(
            UUID id, long version, String name, String ground, String facts, Reviewer by) {
        admin(by);
        DecisionTemplate t = byId.get(id);
        if (t == null) {
            throw new ReviewPorts.NotFound();
        }
        if (t.version() != version) {
            throw new ReviewPorts.ActionRefused("refused.template-stale");
        }
        nameFree(name, id);
        byId.put(
                id,
                new DecisionTemplate(
                        id, name, ground, facts, version + 1, by.username(), clock.instant()));
        changes.add("updated " + name + " by " + by.username());
    }

    @Override
    public synchronized void delete(UUID id, long version, Reviewer by) {
        admin(by);
        DecisionTemplate t = byId.get(id);
        if (t == null) {
            throw new ReviewPorts.NotFound();
        }
        if (t.version() != version) {
            throw new ReviewPorts.ActionRefused("refused.template-stale");
        }
        byId.remove(id);
        changes.add("deleted " + t.name() + " by " + by.username());
    }
}
