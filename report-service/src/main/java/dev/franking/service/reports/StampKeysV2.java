package dev.franking.service.reports;

import dev.franking.service.stampkeys.StampKeyService;
import dev.franking.v2.KeyLookup;
import dev.franking.v2.Kid;
import dev.franking.v2.StampKey;
import dev.franking.v2.StampKeyRing;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's stamp key ring (one ring, shared with the stamp endpoint) as the v2 verifier looks
 * keys up (PROTOCOL.md §5 step 3). The ring still hands out the library's v1 key type; each key is
 * restored once as a v2 {@link StampKey} (same kid, secret and life) and kept while the ring still
 * finds it, so that a destroyed key is forgotten here as soon as it is there. Once the ring speaks
 * v2 itself, this class goes.
 */
public final class StampKeysV2 implements StampKeyRing {
    private final StampKeyService ring;
    private final Map<String, StampKey> restored = new ConcurrentHashMap<>();

    public StampKeysV2(StampKeyService ring) {
        this.ring = ring;
    }

    @Override
    public StampKey current(Instant now) {
        dev.franking.StampKey k = ring.current(now);
        Kid kid = new Kid(k.kid().value());
        return restored.computeIfAbsent(kid.value(), x -> restore(kid, k));
    }

    @Override
    public KeyLookup lookup(Kid kid) {
        dev.franking.KeyLookup found;
        try {
            found = ring.lookup(new dev.franking.Kid(kid.value()));
        } catch (IllegalArgumentException e) {
            // a kid v1 would not accept cannot name a key the ring made
            return new KeyLookup.Unknown(kid);
        }
        if (found instanceof dev.franking.KeyLookup.Found f) {
            return new KeyLookup.Found(
                    restored.computeIfAbsent(kid.value(), k -> restore(kid, f.key())));
        }
        restored.remove(kid.value());
        if (found instanceof dev.franking.KeyLookup.Destroyed) {
            return new KeyLookup.Destroyed(kid);
        }
        return new KeyLookup.Unknown(kid);
    }

    private static StampKey restore(Kid kid, dev.franking.StampKey v1) {
        byte[] secret = v1.secret();
        try {
            return StampKey.restore(
                    kid,
                    secret,
                    v1.notBefore(),
                    Duration.between(v1.notBefore(), v1.issueUntil()),
                    Duration.between(v1.issueUntil(), v1.expiresAt()));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
