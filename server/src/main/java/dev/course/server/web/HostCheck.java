package dev.course.server.web;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The names this server really answers to, against DNS rebinding: a page on {@code evil.example}
 * whose name the attacker re-points at 127.0.0.1 reaches the server with {@code Host:
 * evil.example:7070}, and its {@code Origin} matches that Host, so comparing the two proves
 * nothing. Every request's Host must be one of the server's own names: localhost, 127.0.0.1,
 * ::1, the address it binds (every interface's address when it binds all of them), and the host
 * of {@code --public-url}; a browser's Origin must be one of these too, and the same as the Host
 * (or the public URL's origin, behind a proxy that rewrites Host).
 */
final class HostCheck {

    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "::1");

    private final Set<String> names;
    private final String publicOrigin;

    /**
     * @param names        host names and addresses (IPv6 without brackets), any case
     * @param publicOrigin the origin of {@code --public-url} ({@code https://course.example.org}), or null
     */
    HostCheck(Set<String> names, String publicOrigin) {
        Set<String> lower = new LinkedHashSet<>();
        names.forEach(name -> lower.add(name.toLowerCase(Locale.ROOT)));
        this.names = Collections.unmodifiableSet(lower);
        this.publicOrigin = publicOrigin == null ? null : publicOrigin.toLowerCase(Locale.ROOT);
    }

    /**
     * The names of a server bound to {@code bindHost} and reached at {@code publicUrl} (may be null).
     *
     * @throws IllegalArgumentException if the public URL is not an absolute http(s) URL
     */
    static HostCheck forServer(String bindHost, String publicUrl) {
        Set<String> names = new LinkedHashSet<>(LOOPBACK);
        String bind = unbracket(bindHost);
        if (bind.equals("0.0.0.0") || bind.equals("::")) {
            names.addAll(interfaceAddresses());
        } else {
            names.add(bind);
        }
        String origin = null;
        if (publicUrl != null) {
            URI uri = publicUri(publicUrl);
            names.add(unbracket(uri.getHost()));
            origin = uri.getScheme() + "://" + uri.getRawAuthority();
        }
        return new HostCheck(names, origin);
    }

    /** Whether a host name or address (IPv6 with or without brackets) is this machine's loopback. */
    static boolean isLoopback(String host) {
        return host != null && LOOPBACK.contains(unbracket(host.toLowerCase(Locale.ROOT)));
    }

    /** Checks that a {@code --public-url} is an absolute http or https URL with a host. */
    static URI publicUri(String publicUrl) {
        URI uri;
        try {
            uri = URI.create(publicUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--public-url " + publicUrl + " is not a URL: " + e.getMessage());
        }
        if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException("--public-url needs an http(s) URL with a host, e.g. https://course.example.org, not " + publicUrl);
        }
        return uri;
    }

    /** Whether a Host header names this server (its port is not checked: a proxy may change it). */
    boolean hostAllowed(String hostHeader) {
        return hostName(hostHeader).map(names::contains).orElse(false);
    }

    /**
     * Whether a request may act with its Origin: none (not a browser, so not a page another site
     * made), or one of this server's own names that is also where the request went.
     */
    boolean originAllowed(String origin, String hostHeader) {
        if (origin == null) {
            return true;
        }
        String lower = origin.toLowerCase(Locale.ROOT);
        if (lower.equals(publicOrigin)) {
            return true;
        }
        try {
            URI uri = URI.create(lower);
            if (uri.getHost() == null || !names.contains(unbracket(uri.getHost()))) {
                return false;
            }
            return uri.getRawAuthority().equalsIgnoreCase(hostHeader == null ? "" : hostHeader);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The one-line answer to a request for a name this server does not serve. */
    String refusal(String hostHeader) {
        return "This server does not answer to the name '" + hostName(hostHeader).orElse(String.valueOf(hostHeader))
                + "' (it serves " + String.join(", ", names) + "). If you reached it by that name on purpose, "
                + "restart it with --public-url http(s)://THAT-NAME[:PORT].";
    }

    Set<String> names() {
        return names;
    }

    /** The name part of a Host header: {@code name}, {@code name:port}, {@code [v6]} or {@code [v6]:port}. */
    static Optional<String> hostName(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return Optional.empty();
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? Optional.empty() : Optional.of(host.substring(1, end));
        }
        int colon = host.indexOf(':');
        if (colon >= 0 && host.indexOf(':', colon + 1) >= 0) {
            return Optional.empty(); // a bare IPv6 address is not a valid Host header
        }
        return Optional.of(colon < 0 ? host : host.substring(0, colon));
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static Set<String> interfaceAddresses() {
        Set<String> addresses = new LinkedHashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    String text = address.getHostAddress();
                    int scope = text.indexOf('%');
                    addresses.add(scope < 0 ? text : text.substring(0, scope));
                }
            }
        } catch (SocketException e) {
            // no interfaces listed: loopback names and --public-url still work
        }
        return addresses;
    }
}
