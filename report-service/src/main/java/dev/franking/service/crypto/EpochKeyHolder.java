package dev.franking.service.crypto;

import java.time.Instant;
import java.util.SortedSet;

/**
 * A holder of keys wrapped under epoch keys that may have to outlive their epoch (case data keys of
 * open, preserved or held cases). The janitor calls every holder before it destroys an epoch key,
 * and destroys nothing in a round in which a holder failed: destroying first and re-wrapping after
 * would lose what must live on.
 */
public interface EpochKeyHolder {
    /**
     * Makes sure that, of the keys this holder keeps, none that must live past {@code now} is
     * wrapped under an epoch in {@code ending} (those whose keys are destroyed next), and that what
     * is due is destroyed by its owner first.
     *
     * @param ending the epochs that have ended at {@code now} and still have a key (often empty)
     */
    void beforeEpochsEnd(Instant now, SortedSet<String> ending);
}
