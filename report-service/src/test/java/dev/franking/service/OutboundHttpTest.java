package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.franking.service.forwarding.destinations.WebhookDestination;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.client.RestClient;

/** The one outbound HTTP client: Micrometer sees its calls, and requests carry a Content-Length. */
class OutboundHttpTest extends ServiceTestBase {
    @Autowired RestClient http;
    @Autowired MeterRegistry registry;

    @Test
    void aWebhookDeliveryThroughTheBeanIsTimedAsAnHttpClientRequest() throws Exception {
        AtomicReference<String> length = new AtomicReference<>();
        AtomicReference<String> chunked = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/receiver",
                ex -> {
                    ex.getRequestBody().readAllBytes();
                    length.set(ex.getRequestHeaders().getFirst("Content-Length"));
                    chunked.set(ex.getRequestHeaders().getFirst("Transfer-Encoding"));
                    byte[] ok = "{\"reference\":\"r-1\"}".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(202, ok.length);
                    ex.getResponseBody().write(ok);
                    ex.close();
                });
        server.start();
        try {
            double before = count();
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/receiver");
            byte[] secret = "0123456789abcdef0123456789abcdef-outbound".getBytes();
            var destination = new WebhookDestination(url, secret, CLOCK, http, true);
            assertThat(destination.deliver(unique("delivery"), new byte[1234])).contains("r-1");

            assertThat(count()).isEqualTo(before + 1);
            assertThat(length.get()).isEqualTo("1234");
            assertThat(chunked.get()).isNull();
        } finally {
            server.stop(0);
        }
    }

    private double count() {
        return registry.find("http.client.requests").tag("status", "202").timers().stream()
                .mapToDouble(Timer::count)
                .sum();
    }
}
