package dev.course.server.cli;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A fresh instructor secret for a workshop server: 144 random bits as hex. */
final class InstructorTokens {

    private InstructorTokens() {
    }

    static String newToken() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
