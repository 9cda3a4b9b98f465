package dev.course.server.web;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostCheckTest {

    private final HostCheck local = HostCheck.forServer("127.0.0.1", null);

    @Test
    void answersToItsOwnNamesOnly() {
        assertTrue(local.hostAllowed("127.0.0.1:7070"));
        assertTrue(local.hostAllowed("LOCALHOST:7070"));
        assertTrue(local.hostAllowed("[::1]:7070"));
        assertTrue(local.hostAllowed("localhost"));
        assertFalse(local.hostAllowed("evil.example:7070"), "a rebound name");
        assertFalse(local.hostAllowed("127.0.0.1.evil.example:7070"));
        assertFalse(local.hostAllowed(null));
        assertFalse(local.hostAllowed(""));
        assertFalse(local.hostAllowed("::1"), "a bare IPv6 address is not a Host header");
    }

    @Test
    void acceptsOnlyPagesFromTheServersOwnOrigin() {
        assertTrue(local.originAllowed("http://127.0.0.1:7070", "127.0.0.1:7070"));
        assertTrue(local.originAllowed("http://localhost:7070", "LOCALHOST:7070"));
        assertFalse(local.originAllowed("http://evil.example:7070", "evil.example:7070"),
                "DNS rebinding: Origin and Host agree, and both are the attacker's");
        assertFalse(local.originAllowed("http://evil.example:7070", "127.0.0.1:7070"));
        assertFalse(local.originAllowed("http://127.0.0.1:9999", "127.0.0.1:7070"), "another local site");
        assertFalse(local.originAllowed("null", "127.0.0.1:7070"));
        assertTrue(local.originAllowed(null, "127.0.0.1:7070"), "non-browser clients send no Origin");
    }

    @Test
    void thePublicUrlAndTheBoundAddressAreNamesToo() {
        HostCheck served = HostCheck.forServer("10.1.2.3", "https://course.example.org");
        assertTrue(served.hostAllowed("course.example.org"));
        assertTrue(served.hostAllowed("10.1.2.3:7070"));
        assertTrue(served.originAllowed("https://course.example.org", "127.0.0.1:7070"), "behind a proxy that rewrites Host");
        assertTrue(served.originAllowed("http://10.1.2.3:7070", "10.1.2.3:7070"));
        assertFalse(served.originAllowed("https://course.example.org.evil.example", "course.example.org"));
        assertTrue(served.refusal("evil.example:7070").contains("--public-url"), served.refusal("evil.example:7070"));
    }

    @Test
    void aPublicUrlMustBeAnHttpUrlWithAHost() {
        assertThrows(IllegalArgumentException.class, () -> HostCheck.forServer("127.0.0.1", "course.example.org"));
        assertThrows(IllegalArgumentException.class, () -> HostCheck.forServer("127.0.0.1", "ftp://course.example.org"));
    }

    @Test
    void readsTheNameOfAHostHeader() {
        assertEquals(Optional.of("::1"), HostCheck.hostName("[::1]:7070"));
        assertEquals(Optional.of("example.org"), HostCheck.hostName("Example.org:80"));
        assertEquals(Optional.empty(), HostCheck.hostName("[::1"));
    }
}
