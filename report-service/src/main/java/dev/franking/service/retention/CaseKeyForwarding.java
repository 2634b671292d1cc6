package dev.franking.service.retention;

import dev.franking.service.cases.CaseKeyEpochs;
import dev.franking.service.cases.CaseKeyEpochs.LiveKey;
import dev.franking.service.crypto.Epochs;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves case data keys forward to the epoch in which their case may next be destroyed ({@link
 * CaseKeyEpochs#target}): retention knows the two things that date depends on besides the case row,
 * the retention period and the legal holds.
 */
@Component
class CaseKeyForwarding {
    private static final Logger log = LoggerFactory.getLogger(CaseKeyForwarding.class);

    private final CaseKeyEpochs keys;
    private final TransactionTemplate tx;

    CaseKeyForwarding(CaseKeyEpochs keys, TransactionTemplate tx) {
        this.keys = keys;
        this.tx = tx;
    }

    /**
     * Every case whose key is under an epoch that ends within {@link CaseKeyEpochs#NEAR} of {@code
     * now} (or still under the KEK) and must outlive it, moved; each case in its own transaction.
     * Returns how many moved.
     */
    int forward(Instant now, Duration retention, Predicate<UUID> held) {
        int moved = 0;
        for (LiveKey k : keys.under(Epochs.of(now.plus(CaseKeyEpochs.NEAR)))) {
            Boolean m = tx.execute(s -> move(k.id(), now, retention, held));
            if (Boolean.TRUE.equals(m)) {
                moved++;
            }
        }
        if (moved > 0) {
            log.info("Moved the data keys of {} case(s) under later epoch keys", moved);
        }
        return moved;
    }

    /** The one case, in the caller's transaction (a hold placed, for instance). */
    boolean move(UUID caseId, Instant now, Duration retention, Predicate<UUID> held) {
        return keys.moveForward(
                caseId,
                row -> {
                    String to =
                            CaseKeyEpochs.target(
                                    row.closedAt(),
                                    row.preserveUntil(),
                                    held.test(caseId),
                                    retention,
                                    now);
                    // a case past its deadline whose key is under an earlier epoch still: never
                    // under an epoch that has ended (the store would make it a key, to die at once)
                    return row.epoch() != null && !Epochs.end(to).isAfter(now) ? row.epoch() : to;
                });
    }
}
