package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.franking.review.testapp.TestReviewApplication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Sign-in hardening (issue 14): throttling per account and per address with doubling delays, the
 * log lines, HSTS on secure requests only. Time is the application's clock, moved by the tests.
 * Each test uses its own accounts and client addresses, since the counters live as long as the
 * context.
 */
@SpringBootTest(classes = {TestReviewApplication.class, SignInHardeningTest.MovableTime.class})
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class SignInHardeningTest {

    static final String WRONG = "Tr0ub4dor&3-not-the-password";

    /** A clock the tests move forward; primary over the test application's fixed one. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MovableTime {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock(TestReviewApplication.NOW);
        }
    }

    @Autowired MockMvc mvc;
    @Autowired MovableClock clock;

    static RequestPostProcessor from(String address) {
        return r -> {
            r.setRemoteAddr(address);
            return r;
        };
    }

    ResultActions signIn(String username, String password, String address) throws Exception {
        return mvc.perform(
                post("/review/login")
                        .param("username", username)
                        .param("password", password)
                        .with(csrf())
                        .with(from(address)));
    }

    String redirect(String username, String password, String address) throws Exception {
        return signIn(username, password, address).andReturn().getResponse().getRedirectedUrl();
    }

    @Test
    void fiveFailuresLockTheAccountEvenAgainstTheRightPassword() throws Exception {
        String address = "10.1.0.1";
        for (int i = 1; i <= 4; i++) {
            signIn("mona", WRONG, address)
                    .andExpect(redirectedUrl("/review/login?error"))
                    .andExpect(unauthenticated());
        }
        signIn("mona", WRONG, address)
                .andExpect(redirectedUrl("/review/login?locked=1"))
                .andExpect(unauthenticated());
        // refused without checking: the right password does not get in, from another address
        // neither
        signIn("mona", TestReviewApplication.PASSWORD, address)
                .andExpect(redirectedUrl("/review/login?locked=1"))
                .andExpect(unauthenticated());
        signIn("mona", TestReviewApplication.PASSWORD, "10.1.0.2")
                .andExpect(redirectedUrl("/review/login?locked=1"))
                .andExpect(unauthenticated());

        // the page says so
        mvc.perform(get("/review/login").param("locked", "1"))
                .andExpect(status().isOk())
                .andExpect(
                        content()
                                .string(
                                        Matchers.containsString(
                                                "Too many sign-in attempts. Try again in 1"
                                                        + " minute.")));

        // once the minute is over, the right password gets in
        clock.advance(Duration.ofSeconds(61));
        signIn("mona", TestReviewApplication.PASSWORD, address)
                .andExpect(redirectedUrl("/review"))
                .andExpect(authenticated().withUsername("mona"));
    }

    @Test
    void anAccountThatDoesNotExistIsAnsweredTheSameWay() throws Exception {
        List<String> existing = new ArrayList<>();
        List<String> madeUp = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            existing.add(redirect("dana", WRONG, "10.5.0.1"));
            madeUp.add(redirect("nobody-here", WRONG, "10.5.0.2"));
        }
        assertThat(madeUp).isEqualTo(existing);
        assertThat(existing.get(3)).isEqualTo("/review/login?error");
        assertThat(existing.get(4)).isEqualTo("/review/login?locked=1");
        assertThat(existing.get(6)).isEqualTo("/review/login?locked=1");
        clock.advance(Duration.ofMinutes(2));
    }

    @Test
    void eachFurtherFailureDoublesTheDelayUpToFifteenMinutes() throws Exception {
        String address = "10.2.0.1";
        for (int i = 1; i <= 4; i++) {
            assertThat(redirect("carl", WRONG, address)).isEqualTo("/review/login?error");
        }
        assertThat(redirect("carl", WRONG, address)).isEqualTo("/review/login?locked=1");

        long[] expected = {2, 4, 8, 15, 15};
        long previous = 1;
        for (long minutes : expected) {
            // one second before the lock ends: still refused, the right password included
            clock.advance(Duration.ofMinutes(previous).minusSeconds(1));
            signIn("carl", TestReviewApplication.PASSWORD, address)
                    .andExpect(redirectedUrl("/review/login?locked=1"))
                    .andExpect(unauthenticated());
            clock.advance(Duration.ofSeconds(1));
            assertThat(redirect("carl", WRONG, address))
                    .isEqualTo("/review/login?locked=" + minutes);
            previous = minutes;
        }

        // after the last lock, a success; then the counter starts again at zero
        clock.advance(Duration.ofMinutes(15));
        signIn("carl", TestReviewApplication.PASSWORD, address)
                .andExpect(authenticated().withUsername("carl"));
        assertThat(redirect("carl", WRONG, address)).isEqualTo("/review/login?error");
    }

    @Test
    void aSuccessResetsTheAccountsCounter() throws Exception {
        String address = "10.6.0.1";
        for (int i = 1; i <= 4; i++) {
            assertThat(redirect("ada", WRONG, address)).isEqualTo("/review/login?error");
        }
        signIn("ada", TestReviewApplication.PASSWORD, address)
                .andExpect(redirectedUrl("/review"))
                .andExpect(authenticated().withUsername("ada"));
        // four more failures: still only "wrong password", the fifth since the success locks
        for (int i = 1; i <= 4; i++) {
            assertThat(redirect("ada", WRONG, address)).isEqualTo("/review/login?error");
        }
        assertThat(redirect("ada", WRONG, address)).isEqualTo("/review/login?locked=1");
        clock.advance(Duration.ofMinutes(2));
        signIn("ada", TestReviewApplication.PASSWORD, address)
                .andExpect(authenticated().withUsername("ada"));
    }

    @Test
    void anAddressSprayingUsernamesIsLockedAfterTwenty() throws Exception {
        String sprayer = "10.3.0.1";
        for (int i = 1; i <= 19; i++) {
            assertThat(redirect("sprayed-" + i, WRONG, sprayer)).isEqualTo("/review/login?error");
        }
        assertThat(redirect("sprayed-20", WRONG, sprayer)).isEqualTo("/review/login?locked=1");
        // every account from that address is refused, a real one with its right password too
        signIn("dana", TestReviewApplication.PASSWORD, sprayer)
                .andExpect(redirectedUrl("/review/login?locked=1"))
                .andExpect(unauthenticated());
        assertThat(redirect("sprayed-21", WRONG, sprayer)).isEqualTo("/review/login?locked=1");
        // another address is not affected, nor is the account
        clock.advance(Duration.ofMinutes(2)); // (dana's own lock from another test, if any)
        signIn("dana", TestReviewApplication.PASSWORD, "10.3.0.2")
                .andExpect(authenticated().withUsername("dana"));
        // the address's next failure after its lock doubles the delay; a success from it does
        // not reset the address (only the account)
        signIn("dana", TestReviewApplication.PASSWORD, sprayer)
                .andExpect(authenticated().withUsername("dana"));
        assertThat(redirect("sprayed-22", WRONG, sprayer)).isEqualTo("/review/login?locked=2");
    }

    @Test
    void oneLogLinePerFailureAndLockWithTheUsernameAndAddressNeverThePassword(CapturedOutput output)
            throws Exception {
        String address = "10.4.0.1";
        String password = "p4ss-" + System.nanoTime();
        for (int i = 1; i <= 5; i++) {
            signIn("logged-user", password, address);
        }
        String log = output.getAll();
        assertThat(log).doesNotContain(password);
        assertThat(
                        log.lines()
                                .filter(
                                        l ->
                                                l.contains("WARN")
                                                        && l.contains(
                                                                "sign-in failed:"
                                                                        + " user=\"logged-user\""
                                                                        + " address=10.4.0.1"))
                                .count())
                .isEqualTo(5);
        assertThat(
                        log.lines()
                                .filter(
                                        l ->
                                                l.contains(
                                                        "sign-in locked for the account:"
                                                                + " user=\"logged-user\""
                                                                + " address=10.4.0.1 for 60s"))
                                .count())
                .isEqualTo(1);
        // refused attempts while locked add no WARN line (a flood must not flood the log)
        signIn("logged-user", password, address);
        assertThat(output.getAll().lines().filter(l -> l.contains("user=\"logged-user\"")).count())
                .isEqualTo(6);

        // a success at INFO, without the password
        signIn("mona", TestReviewApplication.PASSWORD, "10.4.0.2");
        assertThat(output.getAll())
                .containsPattern("INFO.*sign-in succeeded: user=\"mona\" address=10\\.4\\.0\\.2")
                .doesNotContain(TestReviewApplication.PASSWORD);

        // a typed username cannot forge a line
        signIn("x\nsign-in succeeded: user=\"ada\"", password, "10.4.0.3");
        assertThat(output.getAll())
                .contains("sign-in failed: user=\"x?sign-in?succeeded??user??ada?\"")
                .doesNotContain("sign-in succeeded: user=\"ada\" address=10.4.0.3");
        clock.advance(Duration.ofMinutes(2));
    }

    @Test
    void theLockedMessageTakesOnlyASmallNumber() throws Exception {
        mvc.perform(get("/review/login").param("locked", "7"))
                .andExpect(content().string(Matchers.containsString("Try again in 7 minutes.")));
        for (String bad : new String[] {"abc", "0", "-3", "99999", "<b>1</b>"}) {
            mvc.perform(get("/review/login").param("locked", bad))
                    .andExpect(status().isOk())
                    .andExpect(
                            content().string(Matchers.not(Matchers.containsString("Try again"))));
        }
    }

    @Test
    void hstsOnSecureRequestsOnly() throws Exception {
        mvc.perform(get("/review/login").secure(true))
                .andExpect(header().string("Strict-Transport-Security", "max-age=31536000"));
        mvc.perform(get("/review/login"))
                .andExpect(header().doesNotExist("Strict-Transport-Security"));
        // a plain request claiming https in a header is not secure without forwarded-header
        // support (ForwardedHeadersTest covers it with the server's native support)
        mvc.perform(get("/review/login").header("X-Forwarded-Proto", "https"))
                .andExpect(header().doesNotExist("Strict-Transport-Security"));
    }
}
