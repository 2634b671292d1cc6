package dev.franking.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;
import org.springframework.context.ApplicationListener;

/**
 * With {@code -Dstartup.timeline=true}: records Spring's start-up steps and logs the slowest ones
 * once the service is ready, to find what a cold start spends its time on (BENCHMARKS.md). Off by
 * default: the buffer costs memory, and nothing else needs it. A JVM property, not a service
 * setting, because it must be decided before the context (and its settings) exists.
 */
final class StartupTimeline {
    static final String PROPERTY = "startup.timeline";
    private static final Logger log = LoggerFactory.getLogger(StartupTimeline.class);
    private static final int SHOWN = 40;

    private StartupTimeline() {}

    static void attachIfRequested(SpringApplication app) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return;
        }
        BufferingApplicationStartup buffer = new BufferingApplicationStartup(20_000);
        app.setApplicationStartup(buffer);
        app.addListeners((ApplicationListener<ApplicationReadyEvent>) e -> log(buffer));
    }

    private static void log(BufferingApplicationStartup buffer) {
        List<TimelineEvent> steps = new ArrayList<>(buffer.getBufferedTimeline().getEvents());
        steps.sort(Comparator.comparing(TimelineEvent::getDuration).reversed());
        for (TimelineEvent step : steps.subList(0, Math.min(SHOWN, steps.size()))) {
            StringBuilder tags = new StringBuilder();
            step.getStartupStep()
                    .getTags()
                    .forEach(
                            t ->
                                    tags.append(' ')
                                            .append(t.getKey())
                                            .append('=')
                                            .append(t.getValue()));
            log.info(
                    "start-up step {} ms: {}{}",
                    step.getDuration().toMillis(),
                    step.getStartupStep().getName(),
                    tags);
        }
    }
}
