package dev.franking.service.crypto;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Destroys every epoch key whose week has ended, and with it every copy of every key wrapped under
 * it, wherever those copies are. Nothing is lost that should live: a key is wrapped under the epoch
 * of its own death (stamp keys), or re-wrapped forward before its epoch ends.
 */
@Component
class EpochKeyJanitor {
    private static final Logger log = LoggerFactory.getLogger(EpochKeyJanitor.class);

    private final EpochKeyStore store;
    private final Clock clock;

    EpochKeyJanitor(EpochKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${reports.epoch-keys.check-interval:1h}",
            initialDelayString = "0")
    void scheduled() {
        destroyEnded(clock.instant());
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
