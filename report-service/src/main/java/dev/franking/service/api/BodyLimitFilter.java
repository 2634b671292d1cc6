package dev.franking.service.api;

import dev.franking.service.ReportsProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every API request body has a limit: refused up front when its Content-Length says it is too
 * large, cut off while it is read when it is sent chunked. Either way a 413 problem and nothing
 * written.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodyLimitFilter extends OncePerRequestFilter {
    private final ReportsProperties props;

    BodyLimitFilter(ReportsProperties props) {
        this.props = props;
    }

    /** Thrown from the wrapped stream; the exception handler turns it into a 413. */
    public static final class TooLarge extends IOException {
        public TooLarge() {
            super("request body over the limit", null);
        }
    }

    long limitFor(HttpServletRequest req) {
        String path = req.getRequestURI();
        if (path.startsWith("/api/v2/stamps")) {
            return props.limits().stampRequest().toBytes();
        }
        if (path.contains("/attachments/")) {
            return props.limits().attachment().toBytes();
        }
        if (path.startsWith("/api/")) {
            return props.limits().reportRequest().toBytes();
        }
        return 64 * 1024;
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(req);
        long declared = req.getContentLengthLong();
        if (declared > limit) {
            Problems.write(
                    res,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "payload_too_large",
                    "Content Too Large",
                    "the request body must be at most " + limit + " bytes");
            return;
        }
        chain.doFilter(new Limited(req, limit), res);
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest req, long limit) {
            super(req);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream =
                        new ServletInputStream() {
                            private long count;

                            @Override
                            public int read() throws IOException {
                                int b = in.read();
                                if (b >= 0 && ++count > limit) {
                                    throw new TooLarge();
                                }
                                return b;
                            }

                            @Override
                            public int read(byte[] b, int off, int len) throws IOException {
                                int n = in.read(b, off, len);
                                if (n > 0 && (count += n) > limit) {
                                    throw new TooLarge();
                                }
                                return n;
                            }

                            @Override
                            public boolean isFinished() {
                                return in.isFinished();
                            }

                            @Override
                            public boolean isReady() {
                                return in.isReady();
                            }

                            @Override
                            public void setReadListener(ReadListener l) {
                                in.setReadListener(l);
                            }
                        };
            }
            return stream;
        }
    }
}
