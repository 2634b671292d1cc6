package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The throttle on its own: its memory bound, forgetting, and the keys it counts by. */
class SignInThrottleTest {

    static final SignInThrottle.Settings SMALL =
            new SignInThrottle.Settings(
                    5, 20, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofHours(1), 100);

    @Test
    void aSprayOfUsernamesAndAddressesDoesNotGrowItBeyondItsBound() {
        SignInHardeningTest.MovableClock clock =
                new SignInHardeningTest.MovableClock(java.time.Instant.EPOCH);
        SignInThrottle throttle = new SignInThrottle(SMALL, clock);
        for (int i = 0; i < 20_000; i++) {
            throttle.failed(
                    "spray-" + i, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertThat(throttle.tracked()).isLessThanOrEqualTo(200);
        // a megabyte of username is kept as a 71-character hash
        String huge = "u".repeat(1 << 20);
        assertThat(SignInThrottle.accountKey(huge)).startsWith("sha256:").hasSize(71);
        assertThat(SignInThrottle.accountKey(" mona ")).isEqualTo("mona");
    }

    @Test
    void countersAreForgottenAnHourAfterTheLastFailure() {
        SignInHardeningTest.MovableClock clock =
                new SignInHardeningTest.MovableClock(java.time.Instant.EPOCH);
        SignInThrottle throttle = new SignInThrottle(SMALL, clock);
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed("mona", "10.0.0.1").accountLock()).isNull();
        }
        clock.advance(Duration.ofMinutes(59));
        // within the hour the fifth failure locks
        assertThat(throttle.failed("mona", "10.0.0.1").accountLock())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.refusal("mona", "10.0.0.2")).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofHours(1));
        assertThat(throttle.refusal("mona", "10.0.0.1")).isNull();
        assertThat(throttle.tracked()).isZero();
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed("mona", "10.0.0.1").accountLock()).isNull();
        }
    }

    @Test
    void anIpv6SubscriberIsOneAddress() {
        assertThat(SignInThrottle.addressKey("2001:db8:1:2:aaaa::1"))
                .isEqualTo(SignInThrottle.addressKey("2001:db8:1:2:bbbb:cccc:dddd:eeee"))
                .isEqualTo("20010db800010002::/64");
        assertThat(SignInThrottle.addressKey("2001:db8:1:3::1"))
                .isNotEqualTo(SignInThrottle.addressKey("2001:db8:1:2::1"));
        assertThat(SignInThrottle.addressKey("[2001:db8:1:2::1%eth0]"))
                .isEqualTo("20010db800010002::/64");
        assertThat(SignInThrottle.addressKey("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(SignInThrottle.addressKey(null)).isEqualTo("unknown");
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtStart() {
        assertThatThrownBy(
                        () ->
                                new SignInThrottle.Settings(
                                        0,
                                        20,
                                        Duration.ofMinutes(1),
                                        Duration.ofMinutes(15),
                                        Duration.ofHours(1),
                                        100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                new SignInThrottle.Settings(
                                        5,
                                        20,
                                        Duration.ofMinutes(1),
                                        Duration.ofHours(2),
                                        Duration.ofHours(1),
                                        100))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
