package dev.course.kernel.handling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.io.Outbox;
import dev.course.kernel.protocol.Header;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import java.util.List;

/** Answers {@code kernel_info_request}: who this kernel is and which language it speaks. */
public final class KernelInfoHandler implements RequestHandler {

    /** The kernel's name in {@code implementation}. */
    public static final String IMPLEMENTATION = "course-java";

    /** The kernel's version. */
    public static final String IMPLEMENTATION_VERSION = "0.1.0";

    private final Outbox outbox;

    public KernelInfoHandler(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void handle(Message request) {
        outbox.reply(request, "kernel_info_reply", content());
    }

    /** The reply's content; the same every time. */
    static ObjectNode content() {
        String javaVersion = String.valueOf(Runtime.version().feature());
        ObjectNode languageInfo = Json.object(
                "name", "java",
                "version", javaVersion,
                "mimetype", "text/x-java",
                "file_extension", ".jshell",
                "pygments_lexer", "java",
                "codemirror_mode", "text/x-java");
        return Json.object(
                "status", "ok",
                "protocol_version", Header.PROTOCOL_VERSION,
                "implementation", IMPLEMENTATION,
                "implementation_version", IMPLEMENTATION_VERSION,
                "language_info", languageInfo,
                "banner", "Java " + Runtime.version() + " (JShell) for the search & RAG course",
                "help_links", List.of(),
                "debugger", false);
    }
}
