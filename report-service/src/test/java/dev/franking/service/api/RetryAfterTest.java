package dev.franking.service.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * PROTOCOL.md §7: a 429 {@code rate_limited} and a 503 {@code overloaded} carry {@code
 * Retry-After}, whether the refusal names a time or not, from a controller or from a filter.
 */
class RetryAfterTest {
    @RestController
    static class Refusing {
        @GetMapping("/api/v2/refuse/{status}/{seconds}")
        void refuse(@PathVariable int status, @PathVariable long seconds) {
            throw new ApiException(
                    HttpStatus.valueOf(status),
                    status == 429 ? "rate_limited" : "overloaded",
                    "refused",
                    List.of(),
                    seconds < 0 ? null : seconds);
        }
    }

    private final MockMvc mvc =
            MockMvcBuilders.standaloneSetup(new Refusing())
                    .setControllerAdvice(new ApiExceptionHandler())
                    .build();

    private MockHttpServletResponse refuse(int status, long seconds) throws Exception {
        return mvc.perform(get("/api/v2/refuse/" + status + "/" + seconds))
                .andReturn()
                .getResponse();
    }

    @Test
    void aRefusalThatNamesATimeSaysIt() throws Exception {
        MockHttpServletResponse r = refuse(429, 1800);
        assertThat(r.getStatus()).isEqualTo(429);
        assertThat(r.getContentType()).startsWith("application/problem+json");
        assertThat(r.getHeader("Retry-After")).isEqualTo("1800");
    }

    @Test
    void aRefusalWithoutATimeOrWithZeroStillSaysWhenToComeBack() throws Exception {
        for (int status : new int[] {429, 503}) {
            for (long seconds : new long[] {-1, 0}) {
                MockHttpServletResponse r = refuse(status, seconds);
                assertThat(r.getStatus()).isEqualTo(status);
                assertThat(r.getHeader("Retry-After")).as(status + "/" + seconds).isEqualTo("1");
            }
        }
    }

    @Test
    void aProblemWrittenByAFilterOrTomcatCarriesItToo() throws Exception {
        for (int status : new int[] {429, 503}) {
            MockHttpServletResponse r = new MockHttpServletResponse();
            Problems.write(r, status, Problems.bodyFor(status, "refused"));
            assertThat(r.getHeader("Retry-After")).isEqualTo("1");
            assertThat(r.getContentType()).startsWith("application/problem+json");
        }
        MockHttpServletResponse r = new MockHttpServletResponse();
        Problems.write(r, 400, Problems.bodyFor(400, "refused"));
        assertThat(r.getHeader("Retry-After")).isNull();
        assertThat(Problems.codeFor(503)).isEqualTo("overloaded");
        assertThat(Problems.codeFor(429)).isEqualTo("rate_limited");
    }
}
