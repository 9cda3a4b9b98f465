package dev.course.kernel.handling;

import dev.course.kernel.io.Outbox;
import dev.course.kernel.jshell.CodeAssistant;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import java.util.List;

/** Answers {@code inspect_request} with the signatures and Javadoc JShell knows for the cursor. */
public final class InspectHandler implements RequestHandler {

    private final Outbox outbox;
    private final CodeAssistant assistant;

    public InspectHandler(Outbox outbox, CodeAssistant assistant) {
        this.outbox = outbox;
        this.assistant = assistant;
    }

    @Override
    public void handle(Message request) {
        String code = request.content().path("code").asText("");
        int cursor = CodePoints.toCharIndex(code, request.content().path("cursor_pos").asInt(code.length()));
        List<String> docs = assistant.documentation(code, cursor);
        outbox.reply(request, "inspect_reply", Json.object(
                "status", "ok",
                "found", !docs.isEmpty(),
                "data", docs.isEmpty() ? Json.object() : Json.object("text/plain", String.join("\n\n", docs)),
                "metadata", Json.object()));
    }
}
