package dev.franking.v2;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stamp key ring in memory, for tests, clients and single-process services: it makes a key when
 * none signs, and destroys keys whose window has closed while remembering their kids. A service
 * that must survive restarts keeps its ring in a database instead.
 */
public final class InMemoryStampKeyRing implements StampKeyRing {
    private static final DateTimeFormatter KID_FORMAT =
            DateTimeFormatter.ofPattern("'k'yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final Map<Kid, StampKey> keys = new ConcurrentHashMap<>();
    private final Set<Kid> destroyed = ConcurrentHashMap.newKeySet();
    private final Duration rotation;
    private final Duration window;
    // read without the lock on every stamp; replaced under it
    private volatile StampKey current;

    /** Defaults of §3: rotation 24 hours, reporting window 90 days. */
    public InMemoryStampKeyRing() {
        this(Duration.ofHours(24), Duration.ofDays(90));
    }

    public InMemoryStampKeyRing(Duration rotation, Duration window) {
        this.rotation = rotation;
        this.window = window;
    }

    public synchronized void add(StampKey key) {
        if (destroyed.contains(key.kid()) || keys.putIfAbsent(key.kid(), key) != null) {
            throw new IllegalArgumentException("kid already used: " + key.kid());
        }
    }

    @Override
    public StampKey current(Instant now) {
        StampKey k = current;
        if (k != null && k.issuesAt(now)) {
            return k;
        }
        return rotate(now);
    }

    private synchronized StampKey rotate(Instant now) {
        StampKey best = null;
        for (StampKey k : keys.values()) {
            if (k.issuesAt(now) && (best == null || k.created().isAfter(best.created()))) {
                best = k;
            }
        }
        if (best == null) {
            best = StampKey.generate(new Kid(KID_FORMAT.format(now)), now, rotation, window);
            add(best);
        }
        current = best;
        return best;
    }

    /** Destroys every key whose window has closed at {@code now}; returns their kids. */
    public synchronized List<Kid> destroyExpired(Instant now) {
        List<Kid> gone = new ArrayList<>();
        for (StampKey k : List.copyOf(keys.values())) {
            if (!k.verifiesAt(now)) {
                keys.remove(k.kid());
                destroyed.add(k.kid());
                gone.add(k.kid());
                if (current == k) {
                    current = null;
                }
            }
        }
        return gone;
    }

    @Override
    public KeyLookup lookup(Kid kid) {
        StampKey k = keys.get(kid);
        if (k != null) {
            return new KeyLookup.Found(k);
        }
        return destroyed.contains(kid) ? new KeyLookup.Destroyed(kid) : new KeyLookup.Unknown(kid);
    }
}
