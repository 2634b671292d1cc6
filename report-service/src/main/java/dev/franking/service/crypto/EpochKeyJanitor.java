package dev.franking.service.crypto;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Destroys every epoch key whose week has ended, and with it every copy of every key wrapped under
 * it, wherever those copies are. Nothing is lost that should live: a key is wrapped under the epoch
 * of its own death (stamp keys), or re-wrapped forward before its epoch ends (case data keys): the
 * {@link EpochKeyHolder}s are asked to do that, every round, before anything is destroyed.
 */
@Component
class EpochKeyJanitor {
    private static final Logger log = LoggerFactory.getLogger(EpochKeyJanitor.class);

    private final EpochKeyStore store;
    private final Clock clock;
    private final List<EpochKeyHolder> holders;

    @Autowired
    EpochKeyJanitor(EpochKeyStore store, Clock clock, List<EpochKeyHolder> holders) {
        this.store = store;
        this.clock = clock;
        this.holders = List.copyOf(holders);
    }

    /** With no holders: only stamp keys (which never move) under the store. */
    EpochKeyJanitor(EpochKeyStore store, Clock clock) {
        this(store, clock, List.of());
    }

    @Scheduled(
            fixedDelayString = "${reports.epoch-keys.check-interval:1h}",
            initialDelayString = "0")
    void scheduled() {
        Instant now = clock.instant();
        SortedSet<String> ending = new TreeSet<>();
        for (String epoch : store.list()) {
            if (!Epochs.end(epoch).isAfter(now)) {
                ending.add(epoch);
            }
        }
        for (EpochKeyHolder h : holders) {
            try {
                h.beforeEpochsEnd(now, ending);
            } catch (RuntimeException e) {
                // destroying now could take keys that were still to be moved: wait for the next
                // round (the message names the failure, never a key)
                log.error(
                        "No epoch key destroyed this round: {} could not move its keys forward"
                                + " ({})",
                        h.getClass().getSimpleName(),
                        e.toString());
                return;
            }
        }
        destroyEnded(now);
    }

    /** Destroys the keys of the epochs that ended at or before {@code now}; returns their names. */
    List<String> destroyEnded(Instant now) {
        List<String> destroyed = new ArrayList<>();
        for (String epoch : store.list()) {
            if (!Epochs.end(epoch).isAfter(now) && store.destroy(epoch)) {
                destroyed.add(epoch);
                log.info("Destroyed epoch key {}: its week has ended", epoch);
            }
        }
        return destroyed;
    }

    /** The epochs that still have a key (for tests and operators). */
    List<String> live() {
        return List.copyOf(store.list());
    }
}
