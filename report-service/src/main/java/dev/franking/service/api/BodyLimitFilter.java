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
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every API request body has a limit (PROTOCOL.md §7): refused up front when its Content-Length
 * says it is too large, cut off while it is read when it is sent chunked. Either way a 413 {@code
 * too_large} problem and nothing written. Runs first of all filters, before authentication, so that
 * an oversize body is never read, not even by a caller without a token.
 *
 * <p>The limit is looked up by the kind of endpoint, whatever the version segment of the path (only
 * {@code /api/v2} is served; a body sent to another version's stamps path meets the stamps limit
 * before its 404), on the path as Tomcat decoded and normalised it: a raw path with dot segments or
 * path parameters cannot borrow a larger limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodyLimitFilter extends OncePerRequestFilter {
    /** §7 fixes it; an appeal is a statement of at most 2,000 characters. */
    static final long APPEAL_LIMIT = 16 * 1024;

    /** Everything that is not the API (the review UI's forms). */
    static final long OTHER_LIMIT = 64 * 1024;

    /** The endpoint kinds of §7, by path with any version segment. */
    enum Kind {
        STAMPS("/api/*/stamps/**"),
        ATTACHMENT("/api/*/reports/*/messages/*/attachments/**"),
        APPEAL("/api/*/reports/*/appeals/**", "/api/*/actions/*/appeals/**"),
        REPORTS("/api/**"),
        OTHER("/**");

        private final String[] patterns;

        Kind(String... patterns) {
            this.patterns = patterns;
        }

        private static final AntPathMatcher MATCHER = new AntPathMatcher();

        static Kind of(String path) {
            for (Kind k : values()) {
                for (String p : k.patterns) {
                    if (MATCHER.match(p, path)) {
                        return k;
                    }
                }
            }
            return OTHER;
        }
    }

    private final ReportsProperties props;

    BodyLimitFilter(ReportsProperties props) {
        this.props = props;
    }

    /** Thrown from the wrapped stream; the exception handler turns it into a 413. */
    public static final class TooLarge extends IOException {
        private final long limit;

        public TooLarge(long limit) {
            super("request body over the limit", null);
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    long limitFor(HttpServletRequest req) {
        return limitFor(Kind.of(pathOf(req)));
    }

    long limitFor(Kind kind) {
        return switch (kind) {
            case STAMPS -> props.limits().stampRequest().toBytes();
            case ATTACHMENT -> props.limits().attachment().toBytes();
            case APPEAL -> APPEAL_LIMIT;
            case REPORTS -> props.limits().reportRequest().toBytes();
            case OTHER -> OTHER_LIMIT;
        };
    }

    /** The decoded, normalised path inside the application (no path parameters). */
    static String pathOf(HttpServletRequest req) {
        String path = req.getServletPath();
        if (req.getPathInfo() != null) {
            path = path + req.getPathInfo();
        }
        return path.isEmpty() ? "/" : path;
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
                    "too_large",
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
                                    throw new TooLarge(limit);
                                }
                                return b;
                            }

                            @Override
                            public int read(byte[] b, int off, int len) throws IOException {
                                int n = in.read(b, off, len);
                                if (n > 0 && (count += n) > limit) {
                                    throw new TooLarge(limit);
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
