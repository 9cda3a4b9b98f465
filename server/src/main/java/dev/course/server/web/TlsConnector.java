package dev.course.server.web;

import io.javalin.config.JettyConfig;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.SecuredRedirectHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * HTTPS on the server's one port, with Jetty's own pieces: an {@link SslContextFactory.Server}
 * holding the {@link TlsIdentity}, behind a {@link DetectorConnectionFactory} that also accepts
 * plain HTTP on the same port, which Jetty's {@link SecuredRedirectHandler} answers with a redirect
 * to the same address over HTTPS. So a learner who types {@code http://…:7070} lands on the
 * encrypted page, and nothing but that redirect is ever served in the clear (no page, no cookie:
 * cookies are {@code Secure} under TLS, so a browser never sends them over plain HTTP).
 */
final class TlsConnector {

    /**
     * How long a browser keeps to HTTPS for the server's name after a visit
     * ({@code Strict-Transport-Security}): as long as the learner cookie it protects lives on a
     * shared server. Not longer: a browser applies it to every port of the name, and a name that
     * later serves plain HTTP would be unreachable for that long.
     */
    static final Duration HSTS_MAX_AGE = LearnerCookie.SHARED_LIFETIME;

    private final TlsIdentity identity;
    private final String host;
    private final int port;
    private HttpConfiguration httpConfiguration;
    private ServerConnector connector;

    TlsConnector(TlsIdentity identity, String host, int port) {
        this.identity = identity;
        this.host = host;
        this.port = port;
    }

    /** Replaces Javalin's plain connector with this one, and puts the redirect in front of its handler. */
    void install(JettyConfig jetty) {
        jetty.addConnector(this::connector);
        jetty.modifyServer(server -> server.setHandler(new SecuredRedirectHandler()));
    }

    private ServerConnector connector(Server server, HttpConfiguration http) {
        http.addCustomizer(new SecureRequestCustomizer());
        http.setSecureScheme("https");
        http.setSecurePort(port);
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random); // only for the in-memory key store
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(identity.keyStore(password.toCharArray()));
        ssl.setKeyStorePassword(password);
        HttpConnectionFactory plain = new HttpConnectionFactory(http);
        SslConnectionFactory tls = new SslConnectionFactory(ssl, plain.getProtocol());
        connector = new ServerConnector(server, new DetectorConnectionFactory(tls), plain);
        connector.setHost(host);
        connector.setPort(port);
        httpConfiguration = http;
        return connector;
    }

    /** Once bound: redirects name the port really bound (port 0 picks one). */
    void started() {
        httpConfiguration.setSecurePort(connector.getLocalPort());
    }

    /**
     * The {@code Strict-Transport-Security} value for a response over TLS to a request for
     * {@code hostName}: none for loopback names, where it would force HTTPS on every other local
     * server a developer runs on {@code localhost}.
     */
    static Optional<String> strictTransportSecurity(String hostName) {
        return HostCheck.isLoopback(hostName) ? Optional.empty() : Optional.of("max-age=" + HSTS_MAX_AGE.toSeconds());
    }
}
