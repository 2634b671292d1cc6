package dev.franking.review.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Failed password sign-ins counted per account and per client address. From the {@code
 * accountFailures}-th failure of an account (or the {@code addressFailures}-th from an address) on,
 * each further failure locks it for a delay that starts at {@code firstDelay} and doubles per
 * failure up to {@code maxDelay}. While locked, an attempt is refused before the password is
 * checked. The counters are forgotten {@code forgetAfter} after their last failure, and at most
 * {@code maxTracked} accounts and as many addresses are kept: a spray of made-up usernames cannot
 * grow them without limit, and Caffeine's frequency-based admission keeps the accounts that are
 * actually being attacked rather than the one-off names of the spray.
 *
 * <p>An account that does not exist is counted and locked like one that does, so the answers never
 * tell whether a username is taken. A success resets the account's counter only: the address keeps
 * its own, or an attacker with one valid account could clear it between guesses at others.
 */
final class SignInThrottle {

    /** Settings under {@code reports.review.sign-in}. */
    @ConfigurationProperties("reports.review.sign-in")
    record Settings(
            @DefaultValue("5") int accountFailures,
            @DefaultValue("20") int addressFailures,
            @DefaultValue("1m") Duration firstDelay,
            @DefaultValue("15m") Duration maxDelay,
            @DefaultValue("1h") Duration forgetAfter,
            @DefaultValue("10000") int maxTracked) {
        Settings {
            if (accountFailures < 1 || addressFailures < 1 || maxTracked < 1) {
                throw new IllegalArgumentException(
                        "reports.review.sign-in: failure thresholds and max-tracked must be >= 1");
            }
            if (firstDelay.isNegative()
                    || firstDelay.isZero()
                    || maxDelay.compareTo(firstDelay) < 0
                    || forgetAfter.compareTo(maxDelay) < 0) {
                throw new IllegalArgumentException(
                        "reports.review.sign-in: need 0 < first-delay <= max-delay <="
                                + " forget-after");
            }
        }
    }

    /** What a failure did: the lock it started on the account and on the address (null: none). */
    record Outcome(
            Duration accountLock, Duration addressLock, int accountCount, int addressCount) {}

    /** Failures since the last reset, and the end of the current lock (null: never locked). */
    private record Failures(int count, Instant lockedUntil) {}

    private final Settings settings;
    private final Clock clock;
    private final Cache<String, Failures> accounts;
    private final Cache<String, Failures> addresses;

    SignInThrottle(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.accounts = cache(settings, clock);
        this.addresses = cache(settings, clock);
    }

    private static Cache<String, Failures> cache(Settings settings, Clock clock) {
        return Caffeine.newBuilder()
                .maximumSize(settings.maxTracked())
                .expireAfterWrite(settings.forgetAfter())
                // the application's clock, so that tests (and only they) can move time
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                // evict on the caller's thread: the bound holds at once, not after a pool runs
                .executor(Runnable::run)
                .build();
    }

    /**
     * How long a sign-in as {@code username} from {@code address} is still refused (the longer of
     * the two locks), or null when it may be tried now.
     */
    Duration refusal(String username, String address) {
        Instant now = clock.instant();
        Duration a = remaining(accounts.getIfPresent(accountKey(username)), now);
        Duration b = remaining(addresses.getIfPresent(addressKey(address)), now);
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    /** Counts a failed password check. */
    Outcome failed(String username, String address) {
        Instant now = clock.instant();
        Failures account =
                accounts.asMap()
                        .compute(
                                accountKey(username),
                                (k, f) -> next(f, settings.accountFailures(), now));
        Failures addr =
                addresses
                        .asMap()
                        .compute(
                                addressKey(address),
                                (k, f) -> next(f, settings.addressFailures(), now));
        return new Outcome(
                lockStartedNow(account, now),
                lockStartedNow(addr, now),
                account.count(),
                addr.count());
    }

    /** A success: the account starts again from zero failures. */
    void succeeded(String username) {
        accounts.invalidate(accountKey(username));
    }

    /** How many accounts and addresses are tracked now (for the bound's tests). */
    long tracked() {
        accounts.cleanUp();
        addresses.cleanUp();
        return accounts.estimatedSize() + addresses.estimatedSize();
    }

    private Failures next(Failures previous, int threshold, Instant now) {
        int count = previous == null ? 1 : previous.count() + 1;
        Instant lockedUntil = previous == null ? null : previous.lockedUntil();
        if (count >= threshold) {
            // firstDelay at the threshold, doubled per further failure, capped
            int doublings = Math.min(count - threshold, 30);
            Duration delay = settings.firstDelay().multipliedBy(1L << doublings);
            if (delay.compareTo(settings.maxDelay()) > 0) {
                delay = settings.maxDelay();
            }
            lockedUntil = now.plus(delay);
        }
        return new Failures(count, lockedUntil);
    }

    private static Duration lockStartedNow(Failures f, Instant now) {
        return f.lockedUntil() != null && f.lockedUntil().isAfter(now)
                ? Duration.between(now, f.lockedUntil())
                : null;
    }

    private static Duration remaining(Failures f, Instant now) {
        return f == null ? null : lockStartedNow(f, now);
    }

    /**
     * The account's key: the username as Spring Security looks it up (trimmed). A name longer than
     * any username is hashed, so that a megabyte of "username" costs the map 71 characters.
     */
    static String accountKey(String username) {
        String u = username == null ? "" : username.trim();
        if (u.length() <= ReviewLimits.USERNAME_MAX) {
            return u;
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(u.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /**
     * The address's key: an IPv4 address as it is, an IPv6 address by its /64 (one subscriber's
     * usual allocation: rotating through it must not give a fresh counter per address).
     */
    static String addressKey(String address) {
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        if (address.indexOf(':') < 0) {
            return address;
        }
        String a = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        if (!a.matches("[0-9A-Fa-f:.]{2,45}")) {
            return a.length() > 45 ? a.substring(0, 45) : a;
        }
        try {
            // a literal: no name lookup happens
            byte[] b = java.net.InetAddress.getByName(a).getAddress();
            if (b.length != 16) {
                return java.net.InetAddress.getByAddress(b).getHostAddress();
            }
            return HexFormat.of().formatHex(b, 0, 8) + "::/64";
        } catch (java.net.UnknownHostException e) {
            return a;
        }
    }
}
