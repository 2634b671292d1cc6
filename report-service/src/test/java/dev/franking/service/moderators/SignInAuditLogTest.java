package dev.franking.service.moderators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.franking.review.model.Role;
import dev.franking.service.ServiceTestBase;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 14: sign-ins through the real review UI land in the hash-chained audit log (a failure with
 * the name as typed, escaped; a success), never with the password; the audit page filters them by
 * the label it shows.
 */
class SignInAuditLogTest extends ServiceTestBase {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Autowired ModeratorService moderators;

    private HttpClient client() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private HttpResponse<String> get(HttpClient c, String path) throws Exception {
        return c.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in through the form; answers where it redirects. */
    private String signIn(HttpClient c, String username, String password) throws Exception {
        Matcher m = CSRF.matcher(get(c, "/review/login").body());
        assertThat(m.find()).isTrue();
        String form =
                Map.of("username", username, "password", password, "_csrf", m.group(1))
                        .entrySet()
                        .stream()
                        .map(
                                e ->
                                        e.getKey()
                                                + "="
                                                + URLEncoder.encode(
                                                        e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        HttpResponse<String> r =
                c.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + port + "/review/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(302);
        return r.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void failedAndSuccessfulSignInsAreAuditRowsFoundByTheirLabels() throws Exception {
        String admin = unique("aud-admin");
        String password = "a-long-admin-password-" + unique("pw");
        moderators.create(admin, java.util.Set.of(Role.ADMIN), password, "test");
        String typed = unique("nobody") + "\r\nforged";
        String wrong = "wrong-password-" + unique("pw");

        assertThat(signIn(client(), typed, wrong)).endsWith("/review/login?error");
        HttpClient adminClient = client();
        assertThat(signIn(adminClient, admin, password)).endsWith("/review");

        String escaped = typed.replace("\r\n", "??");
        List<Map<String, Object>> failed =
                jdbc.queryForList(
                        "SELECT actor, subject, detail FROM audit_log WHERE event ="
                                + " 'sign_in.failed' AND actor = ?",
                        escaped);
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).get("detail")).isEqualTo("reason=BadCredentialsException");
        assertThat(failed.get(0).get("subject")).asString().isNotBlank();
        assertThat(
                        jdbc.queryForObject(
                                "SELECT detail FROM audit_log WHERE event = 'sign_in.succeeded'"
                                        + " AND actor = ?",
                                String.class,
                                admin))
                .isEqualTo("factor=password");
        assertThat(
                        jdbc.queryForObject(
                                "SELECT count(*) FROM audit_log WHERE detail LIKE ? OR subject"
                                        + " LIKE ? OR actor LIKE ?",
                                Long.class,
                                "%" + wrong + "%",
                                "%" + wrong + "%",
                                "%" + wrong + "%"))
                .isZero();

        // the audit page: its event filter takes the label it shows
        HttpResponse<String> page =
                get(
                        adminClient,
                        "/review/admin/audit?event="
                                + URLEncoder.encode("Sign-in failed", StandardCharsets.UTF_8)
                                + "&actor="
                                + URLEncoder.encode(escaped, StandardCharsets.UTF_8));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(escaped.replace("?", "?")).contains("Sign-in failed");
        assertThat(page.body()).doesNotContain(wrong);
        HttpResponse<String> successes =
                get(
                        adminClient,
                        "/review/admin/audit?event="
                                + URLEncoder.encode("Signed in", StandardCharsets.UTF_8)
                                + "&actor="
                                + admin);
        assertThat(successes.body()).contains("factor=password").doesNotContain(escaped);
    }
}
