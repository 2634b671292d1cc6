package dev.franking.service.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.service.ServiceTestBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The batched rejected-reports check ({@link Admissions}, PROTOCOL.md §5): one statement for many
 * reporters answers each of them as the per-reporter statement does, and requests admitted together
 * are refused or let through each by its own reporter's count. ProtocolV2Test and RateLimitTest
 * cover the limit over HTTP (429 before the body is parsed, a 429 does not count).
 */
class AdmissionsTest extends ServiceTestBase {
    @Autowired RejectedReports rejections;
    @Autowired ReportService reports;

    @Test
    void theBatchedCountAnswersEachReporterAsTheSingleCountDoes() {
        String eve = unique("eve"), carol = unique("carol"), dave = unique("dave");
        Instant now = CLOCK.instant();
        for (int i = 0; i < 20; i++) {
            rejections.record(eve, now.minusSeconds(600 + i));
        }
        for (int i = 0; i < 19; i++) {
            rejections.record(carol, now.minusSeconds(60));
        }
        // outside the window: not counted
        rejections.record(dave, now.minusSeconds(3601));

        Map<String, Long> limited =
                rejections.retryAfterSeconds(List.of(eve, carol, dave), 20, now);
        assertThat(limited).containsOnlyKeys(eve);
        assertThat(limited.get(eve)).isEqualTo(rejections.retryAfterSeconds(eve, 20, now));
        assertThat(limited.get(eve)).isBetween(1L, 3600L);
        assertThat(rejections.retryAfterSeconds(carol, 20, now)).isEqualTo(-1);
        assertThat(rejections.retryAfterSeconds(dave, 20, now)).isEqualTo(-1);
        // a limit of 19 takes carol in too
        assertThat(rejections.retryAfterSeconds(List.of(eve, carol, dave), 19, now))
                .containsOnlyKeys(eve, carol);
    }

    @Test
    void concurrentRequestsAreEachAdmittedByTheirOwnReportersCount() throws Exception {
        String eve = unique("eve");
        Instant now = CLOCK.instant();
        for (int i = 0; i < 20; i++) {
            rejections.record(eve, now.minusSeconds(60));
        }
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            others.add(unique("reporter"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> limitedAnswers = new ArrayList<>();
            List<Future<Boolean>> otherAnswers = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                limitedAnswers.add(pool.submit(admitted(eve, go)));
                for (String r : others) {
                    otherAnswers.add(pool.submit(admitted(r, go)));
                }
            }
            go.countDown();
            for (Future<Boolean> f : limitedAnswers) {
                assertThat(f.get()).as("eve is at the limit").isFalse();
            }
            for (Future<Boolean> f : otherAnswers) {
                assertThat(f.get()).as("a reporter without rejections").isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Callable<Boolean> admitted(String reporter, CountDownLatch go) {
        return () -> {
            go.await();
            try {
                reports.admit(reporter);
                return true;
            } catch (ReportService.RateLimited e) {
                assertThat(e.limit()).isEqualTo(20);
                assertThat(e.retryAfterSeconds()).isBetween(1L, 3600L);
                return false;
            }
        };
    }
}
