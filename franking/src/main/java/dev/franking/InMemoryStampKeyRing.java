package dev.franking;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stamp key ring held in memory, for clients, tests and single-process relays: it rotates on
 * demand and forgets expired keys. A service that must survive restarts keeps its ring in a
 * database instead.
 */
public final class InMemoryStampKeyRing implements StampKeyRing {
    private static final DateTimeFormatter KID_FORMAT =
            DateTimeFormatter.ofPattern("'k'yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final Map<Kid, StampKey> keys = new ConcurrentHashMap<>();
    private final Set<Kid> destroyed = ConcurrentHashMap.newKeySet();
    private final Duration rotation;
    private final Duration window;
    private final SecureRandom random;

    public InMemoryStampKeyRing(Duration rotation, Duration window, SecureRandom random) {
        this.rotation = rotation;
        this.window = window;
        this.random = random;
    }

    public void add(StampKey key) {
        keys.put(key.kid(), key);
    }

    @Override
    public synchronized StampKey current(Instant now) {
        StampKey best = null;
        for (StampKey k : keys.values()) {
            if (k.issuesAt(now) && (best == null || k.notBefore().isAfter(best.notBefore()))) {
                best = k;
            }
        }
        if (best == null) {
            best =
                    StampKey.generate(
                            new Kid(KID_FORMAT.format(now)), now, rotation, window, random);
            add(best);
        }
        return best;
    }

    /** Destroys every key whose reporting window has closed at {@code now}; returns their kids. */
    public synchronized List<Kid> destroyExpired(Instant now) {
        List<Kid> gone = new ArrayList<>();
        for (StampKey k : new HashSet<>(keys.values())) {
            if (now.isAfter(k.expiresAt())) {
                keys.remove(k.kid());
                destroyed.add(k.kid());
                gone.add(k.kid());
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
