package dev.franking.service.forwarding.destinations;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which URLs may receive evidence and credentials: decided on the URL as {@link URI} parses it,
 * never on its text, because a prefix such as {@code http://127.0.0.1} also starts {@code
 * http://127.0.0.1.attacker.example/}.
 *
 * <ul>
 *   <li>{@code https} with a host name or address, and no user info (a password in a URL ends up in
 *       logs, and {@code https://trusted@attacker/} reads as the trusted host to a person);
 *   <li>plain {@code http} only when the operator allows it (tests, a relay on the same machine),
 *       and then only to a literal loopback address: {@code 127.x.y.z} written as four decimal
 *       octets, or {@code [::1]}. Names ({@code localhost}) are refused because they resolve
 *       through DNS or a hosts file, and so do the short and numeric forms ({@code 127.1}, {@code
 *       2130706433}, {@code 0x7f.0.0.1}) that some resolvers read as loopback and others do not.
 * </ul>
 *
 * Scheme names are compared without case (RFC 3986 §3.1). A host that is not plain ASCII (an
 * internationalised name) must be given in its {@code xn--} form: {@link URI} does not parse such a
 * host, and a name that cannot be parsed cannot be checked.
 */
public final class DestinationUrls {
    /** Four decimal octets without leading zeros (which some parsers read as octal), first 127. */
    private static final Pattern LOOPBACK_V4 =
            Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])){3}");

    private DestinationUrls() {}

    /**
     * Why {@code url} may not be a destination, or empty if it may.
     *
     * @param allowLoopbackHttp whether plain http to a literal loopback address is allowed
     */
    public static Optional<String> problem(String url, boolean allowLoopbackHttp) {
        if (url == null || url.isBlank()) {
            return Optional.of("no URL");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("not a URL");
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            return Optional.of("not an absolute http(s) URL");
        }
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return Optional.of("no host");
        }
        if (uri.getRawUserInfo() != null || authority.contains("@")) {
            return Optional.of(
                    "user info in the URL (put credentials in the destination's fields)");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            // a registry-based authority: not a host name URI understands (IDN, odd characters)
            return Optional.of("no host name that can be checked (give an IDN in its xn-- form)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (!scheme.equals("http")) {
            return Optional.of("not an http(s) URL");
        }
        if (!allowLoopbackHttp) {
            return Optional.of("plain http is not allowed (https is required)");
        }
        if (!isLiteralLoopback(host)) {
            return Optional.of(
                    "plain http is allowed only to a literal loopback address (127.0.0.1, [::1])");
        }
        return Optional.empty();
    }

    public static boolean acceptable(String url, boolean allowLoopbackHttp) {
        return problem(url, allowLoopbackHttp).isEmpty();
    }

    /**
     * {@code url} if it may be a destination: every kind of destination checks its URL here when it
     * is built, so that a row stored before a rule existed, or a client built by hand, meets the
     * same rules as a destination added through the service.
     *
     * @throws IllegalArgumentException naming the problem (never the URL: it may hold user info)
     */
    public static URI require(URI url, boolean allowLoopbackHttp) {
        Optional<String> p = problem(url == null ? null : url.toString(), allowLoopbackHttp);
        if (p.isPresent()) {
            throw new IllegalArgumentException("not a usable destination URL: " + p.get());
        }
        return url;
    }

    /** {@code host} as {@link URI#getHost()} gives it: IPv6 literals keep their brackets. */
    static boolean isLiteralLoopback(String host) {
        if (LOOPBACK_V4.matcher(host).matches()) {
            return true;
        }
        if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
            try {
                // URI accepted the brackets, so this is an IPv6 literal: no name lookup happens
                InetAddress a = InetAddress.getByName(host.substring(1, host.length() - 1));
                return a instanceof Inet6Address && a.isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
