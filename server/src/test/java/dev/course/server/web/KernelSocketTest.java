package dev.course.server.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelSocketTest {

    @Test
    void acceptsOnlyPagesFromTheServersOwnOrigin() {
        assertTrue(KernelSocket.sameOrigin("http://127.0.0.1:7070", "127.0.0.1:7070"));
        assertTrue(KernelSocket.sameOrigin("http://localhost:7070", "LOCALHOST:7070"));
        assertFalse(KernelSocket.sameOrigin("http://evil.example:7070", "127.0.0.1:7070"));
        assertFalse(KernelSocket.sameOrigin("http://127.0.0.1:9999", "127.0.0.1:7070"));
        assertFalse(KernelSocket.sameOrigin("null", "127.0.0.1:7070"));
        assertTrue(KernelSocket.sameOrigin(null, "127.0.0.1:7070"), "non-browser clients send no Origin");
    }
}
