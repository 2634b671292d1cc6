package dev.franking.review.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.testapp.TestReviewApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Behind a TLS-terminating proxy (the README's setting {@code server.forward-headers-strategy=
 * native}): a request the proxy marks {@code X-Forwarded-Proto: https} is secure, so it gets HSTS
 * and a {@code Secure} session cookie; a plain one gets neither. Over a real socket, since the
 * session cookie is written by the servlet container, not by MockMvc.
 */
@SpringBootTest(
        classes = TestReviewApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "server.forward-headers-strategy=native")
class ForwardedHeadersTest {

    @LocalServerPort int port;

    HttpResponse<String> loginPage(String forwardedProto) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/review/login"));
        if (forwardedProto != null) {
            b.header("X-Forwarded-Proto", forwardedProto);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String sessionCookie(HttpResponse<?> response) {
        List<String> cookies =
                response.headers().allValues("Set-Cookie").stream()
                        .filter(c -> c.startsWith("JSESSIONID="))
                        .toList();
        assertThat(cookies).hasSize(1);
        return cookies.get(0);
    }

    @Test
    void throughTheProxyOverTlsTheCookieIsSecureAndHstsIsSent() throws Exception {
        HttpResponse<String> r = loginPage("https");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Strict-Transport-Security"))
                .contains("max-age=31536000");
        assertThat(sessionCookie(r))
                .containsIgnoringCase("; Secure")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
    }

    @Test
    void plainHttpGetsNeither() throws Exception {
        for (String proto : new String[] {null, "http"}) {
            HttpResponse<String> r = loginPage(proto);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
            assertThat(sessionCookie(r)).doesNotContainIgnoringCase("Secure");
        }
    }
}
