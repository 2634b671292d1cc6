package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One browser without script against the review UI over real HTTP: its own cookies (its session),
 * no redirects followed, the CSRF token of the last page it read sent with every form.
 */
public class FormSession {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    public final HttpClient http =
            HttpClient.newBuilder()
                    .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
    private final int port;
    public String csrf;

    public FormSession(int port) {
        this.port = port;
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(uri(path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    public HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        return post(path, List.copyOf(form.entrySet()));
    }

    /** A form whose fields may repeat (ticked check boxes). */
    public HttpResponse<String> post(String path, List<Map.Entry<String, String>> form)
            throws Exception {
        List<Map.Entry<String, String>> all = new ArrayList<>(form);
        all.add(Map.entry("_csrf", csrf));
        String body =
                all.stream()
                        .map(
                                e ->
                                        URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                                                + "="
                                                + URLEncoder.encode(
                                                        e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in through the login form; the answer must be the redirect to the review UI. */
    public FormSession signIn(String username, String password) throws Exception {
        get("/review/login");
        HttpResponse<String> r =
                post("/review/login", Map.of("username", username, "password", password));
        assertThat(location(r)).as("signed in").endsWith("/review");
        return this;
    }

    /** Where a redirect points (and that it is one). */
    public static String location(HttpResponse<?> r) {
        assertThat(r.statusCode()).as("a redirect").isBetween(301, 303);
        return r.headers().firstValue("Location").orElseThrow();
    }
}
