package dev.franking.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP side against a stand-in server: what goes on the wire, and how problems come back. */
class FrankingApiTest {
    private HttpServer server;
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private final AtomicReference<String> lastAuth = new AtomicReference<>();
    private volatile int status;
    private volatile String answer;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                ex -> {
                    lastBody.set(
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    lastAuth.set(ex.getRequestHeaders().getFirst("Authorization"));
                    byte[] out = answer.getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders()
                            .add(
                                    "Content-Type",
                                    status >= 400
                                            ? "application/problem+json"
                                            : "application/json");
                    ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
                    ex.getResponseBody().write(out);
                    ex.close();
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private FrankingApi api() {
        return new FrankingApi(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
    }

    @Test
    void aReportThatDidNotVerifyComesBackWithItsCodeAndFailures() {
        status = 422;
        answer =
                "{\"type\":\"/problems/bad_stamp\",\"title\":\"Unprocessable"
                    + " Content\",\"status\":422,\"detail\":\"the report did not verify\","
                    + "\"code\":\"bad_stamp\",\"failures\":[{\"index\":0,\"code\":\"bad_stamp\"}],\"somethingNew\":1}";
        var request = new ApiJson.ReportRequest("spam", null, List.of());
        assertThatThrownBy(() -> api().report("tok", request))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        p -> {
                            assertThat(p.status()).isEqualTo(422);
                            assertThat(p.code()).isEqualTo("bad_stamp");
                            assertThat(p.failures())
                                    .containsExactly(new ApiJson.Failure(0, "bad_stamp"));
                        });
        assertThat(lastAuth.get()).isEqualTo("Bearer tok");
        // no comment field at all rather than "comment": null
        assertThat(lastBody.get()).isEqualTo("{\"category\":\"spam\",\"messages\":[]}");
    }

    @Test
    void responsesMayGainFields() {
        status = 201;
        answer =
                "{\"reportId\":\"r1\",\"status\":\"received\",\"verified\":true,\"messages\":2,\"transcript\":{\"order\":[1,0],\"gaps\":0},\"addedLater\":\"x\"}";
        assertThat(api().report("tok", new ApiJson.ReportRequest("spam", "c", List.of())))
                .isEqualTo(
                        new ApiJson.ReportCreated(
                                "r1",
                                "received",
                                true,
                                2,
                                new ApiJson.Transcript(List.of(1, 0), 0)));
    }

    @Test
    void anErrorThatIsNotAProblemStillHasAStatus() {
        status = 502;
        answer = "<html>bad gateway</html>";
        assertThatThrownBy(() -> api().status("tok", "r1"))
                .isInstanceOfSatisfying(
                        ApiProblem.class, p -> assertThat(p.code()).isEqualTo("http_502"));
    }
}
