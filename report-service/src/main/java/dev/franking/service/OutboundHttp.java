package dev.franking.service;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The one HTTP client of every outbound call: CyberTipline, webhook destinations, the platform
 * webhook. It is built from Spring Boot's {@link RestClient.Builder}, so Micrometer observes every
 * request ({@code http.client.requests}), over the JDK's HttpClient with the timeouts of {@code
 * reports.http.*}. A caller that needs other timeouts {@linkplain RestClient#mutate() mutates} it,
 * which keeps the observation.
 */
@Configuration(proxyBeanMethods = false)
public class OutboundHttp {

    @Bean
    RestClient restClient(RestClient.Builder builder, ReportsProperties props) {
        return configure(builder, props.http().connectTimeout(), props.http().readTimeout())
                .build();
    }

    /**
     * {@code builder} over the JDK's HttpClient with these timeouts, request bodies buffered so
     * that every request carries a Content-Length (receivers and NCMEC get no chunked uploads).
     */
    public static RestClient.Builder configure(
            RestClient.Builder builder, Duration connectTimeout, Duration readTimeout) {
        return builder.requestFactory(requestFactory(connectTimeout, readTimeout))
                .bufferContent((uri, method) -> true);
    }

    /**
     * A client like the bean, without metrics, with the default {@code reports.http.*} timeouts:
     * for code that runs outside the application (tests, tools).
     */
    public static RestClient standalone() {
        ReportsProperties.Http defaults = ReportsProperties.defaults().http();
        return configure(RestClient.builder(), defaults.connectTimeout(), defaults.readTimeout())
                .build();
    }

    public static ClientHttpRequestFactory requestFactory(
            Duration connectTimeout, Duration readTimeout) {
        // one JDK client per factory: it pools connections and is thread-safe
        HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(readTimeout);
        return factory;
    }
}
