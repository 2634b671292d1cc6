package dev.franking.loadgen;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP/1.1 to the service under test, which must be on this machine (loopback only). */
final class Http {
    private final URI base;
    private final HttpClient client;
    private final Duration timeout;

    Http(String url, Duration timeout) throws IOException {
        URI u = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        if (!"http".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("--url must be http://localhost:PORT (got " + url + ")");
        }
        if (!InetAddress.getByName(u.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("--url must point at this machine (loopback); refusing " + u.getHost());
        }
        this.base = u;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    record Response(int status, String body) {
    }

    Response postJson(String path, String token, String json) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    Response get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }
}
