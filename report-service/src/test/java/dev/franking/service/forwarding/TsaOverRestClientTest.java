package dev.franking.service.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.franking.evidence.LocalTimeStampAuthority;
import dev.franking.service.OutboundHttp;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service reaches a configured TSA through its one RestClient, over real HTTP on loopback. */
class TsaOverRestClientTest {
    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> contentType = new AtomicReference<>();
    private LocalTimeStampAuthority authority;

    @BeforeEach
    void start() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("target"), "tsa");
        authority = LocalTimeStampAuthority.loadOrGenerate(dir, "Test TSA", Clock.systemUTC());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/tsa",
                exchange -> {
                    contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
                    byte[] query = exchange.getRequestBody().readAllBytes();
                    byte[] answer = status.get() == 200 ? authority.respond(query) : new byte[0];
                    exchange.getResponseHeaders()
                            .set("Content-Type", "application/timestamp-reply");
                    exchange.sendResponseHeaders(
                            status.get(), answer.length == 0 ? -1 : answer.length);
                    exchange.getResponseBody().write(answer);
                    exchange.close();
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
    }

    private static TimeStampRequest query() throws Exception {
        TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
        gen.setCertReq(true);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3});
        return gen.generate(TSPAlgorithms.SHA256, digest, BigInteger.valueOf(42));
    }

    @Test
    void aTimestampComesBackThroughTheRestClient() throws Exception {
        TsaOverRestClient tsa =
                new TsaOverRestClient(url(), OutboundHttp.standalone(), Duration.ofSeconds(10));
        TimeStampRequest request = query();
        TimeStampResponse response = new TimeStampResponse(tsa.respond(request.getEncoded()));
        response.validate(request);
        assertThat(response.getTimeStampToken()).isNotNull();
        assertThat(contentType.get()).isEqualTo("application/timestamp-query");
    }

    @Test
    void anErrorStatusIsAnIOExceptionNamingIt() throws Exception {
        status.set(503);
        TsaOverRestClient tsa =
                new TsaOverRestClient(url(), OutboundHttp.standalone(), Duration.ofSeconds(10));
        assertThatThrownBy(() -> tsa.respond(query().getEncoded()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 503");
    }

    @Test
    void anUnreachableTsaIsAnIOException() throws Exception {
        URI closed = url();
        server.stop(0);
        TsaOverRestClient tsa =
                new TsaOverRestClient(closed, OutboundHttp.standalone(), Duration.ofSeconds(2));
        assertThatThrownBy(() -> tsa.respond(query().getEncoded())).isInstanceOf(IOException.class);
    }

    @Test
    void aUrlWithUserInfoOrAnotherSchemeIsRefused() {
        assertThatThrownBy(
                        () ->
                                new TsaOverRestClient(
                                        URI.create("https://u:p@tsa.example/"),
                                        OutboundHttp.standalone(),
                                        Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                new TsaOverRestClient(
                                        URI.create("ftp://tsa.example/"),
                                        OutboundHttp.standalone(),
                                        Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
