package dev.franking.service.api;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Container;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.GenericFilterBean;
import org.springframework.web.util.UriUtils;
import tools.jackson.core.StreamReadFeature;

/**
 * The API's refusals that do not start in a controller: how its JSON is read, and the answers of
 * Tomcat and of Spring's error dispatch. PROTOCOL.md §7: every error of the API is problem+json
 * with a stable code, and a JSON object with a repeated key is a 400.
 */
@Configuration(proxyBeanMethods = false)
class ApiErrorConfig {

    /**
     * A repeated key is refused, not resolved by "the last one wins": two parsers (a relay, a
     * client in another language) may keep different ones, so a report or a stamp request would not
     * mean the same thing to everyone who reads it. On the one JSON mapper Spring MVC reads request
     * bodies with, so it holds for every endpoint.
     */
    @Bean
    JsonMapperBuilderCustomizer strictDuplicateDetection() {
        return b -> b.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * Tomcat's error page becomes {@link ProblemErrorReportValve}. Spring Boot adds a plain {@link
     * ErrorReportValve} to the host (server.error.include-stacktrace=never); it is replaced, and
     * the host is told the class so that it does not add its own default one when it starts.
     * Ordered last so that it runs after Spring Boot's customizer.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                factory.addContextCustomizers(
                        context -> {
                            Container parent = context.getParent();
                            if (!(parent instanceof Host host)) {
                                return;
                            }
                            for (Valve v : host.getPipeline().getValves()) {
                                if (v instanceof ErrorReportValve
                                        && !(v instanceof ProblemErrorReportValve)) {
                                    host.getPipeline().removeValve(v);
                                }
                            }
                            if (host instanceof org.apache.catalina.core.StandardHost sh) {
                                sh.setErrorReportValveClass(
                                        ProblemErrorReportValve.class.getName());
                            }
                            boolean present = false;
                            for (Valve v : host.getPipeline().getValves()) {
                                present |= v instanceof ProblemErrorReportValve;
                            }
                            if (!present) {
                                host.getPipeline().addValve(new ProblemErrorReportValve());
                            }
                        });
            }
        };
    }

    /**
     * Errors Spring or a filter raise with {@code sendError} (Spring Security's firewall refusing
     * an encoded dot, CR/LF, a semicolon or an unknown method) are dispatched to {@code /error},
     * whose default answer is JSON that is not a problem and quotes the path. For the API they are
     * answered here, first of the error dispatch's filters, as a problem for their status.
     */
    @Bean
    FilterRegistrationBean<ApiErrorDispatchFilter> apiErrorDispatchFilter() {
        FilterRegistrationBean<ApiErrorDispatchFilter> r =
                new FilterRegistrationBean<>(new ApiErrorDispatchFilter());
        r.setDispatcherTypes(DispatcherType.ERROR);
        r.addUrlPatterns("/*");
        r.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return r;
    }

    static final class ApiErrorDispatchFilter extends GenericFilterBean {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request instanceof HttpServletRequest req
                    && response instanceof HttpServletResponse res
                    && req.getDispatcherType() == DispatcherType.ERROR
                    && isApi(req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI))) {
                int status =
                        req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer s
                                ? s
                                : res.getStatus();
                if (status < 400) {
                    status = 500;
                }
                Problems.write(
                        res,
                        status,
                        Problems.bodyFor(status, ProblemErrorReportValve.detailFor(status)));
                return;
            }
            chain.doFilter(request, response);
        }

        /** The raw URI and, where it decodes, the decoded one: {@code /%61pi/} is the API too. */
        static boolean isApi(Object uri) {
            if (!(uri instanceof String s)) {
                return false;
            }
            if (s.startsWith("/api/")) {
                return true;
            }
            try {
                return UriUtils.decode(s, StandardCharsets.UTF_8).startsWith("/api/");
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
