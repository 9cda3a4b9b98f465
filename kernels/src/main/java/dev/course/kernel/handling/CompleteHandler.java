package dev.course.kernel.handling;

import dev.course.kernel.io.Outbox;
import dev.course.kernel.jshell.CodeAssistant;
import dev.course.kernel.magic.Magics;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;

/**
 * Answers {@code complete_request}: magic names in a line starting with {@code %}, JShell's
 * completion suggestions everywhere else.
 */
public final class CompleteHandler implements RequestHandler {

    private final Outbox outbox;
    private final CodeAssistant assistant;
    private final Magics magics;

    public CompleteHandler(Outbox outbox, CodeAssistant assistant, Magics magics) {
        this.outbox = outbox;
        this.assistant = assistant;
        this.magics = magics;
    }

    @Override
    public void handle(Message request) {
        String code = request.content().path("code").asText("");
        int cursor = CodePoints.toCharIndex(code, request.content().path("cursor_pos").asInt(code.length()));
        CodeAssistant.Completion completion = magics.complete(code, cursor).orElseGet(() -> assistant.complete(code, cursor));
        outbox.reply(request, "complete_reply", Json.object(
                "status", "ok",
                "matches", completion.matches(),
                "cursor_start", CodePoints.toCodePoints(code, completion.start()),
                "cursor_end", CodePoints.toCodePoints(code, completion.end()),
                "metadata", Json.object()));
    }
}
