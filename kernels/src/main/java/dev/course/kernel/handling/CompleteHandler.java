package dev.course.kernel.handling;

import dev.course.kernel.io.Outbox;
import dev.course.kernel.jshell.CodeAssistant;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;

/** Answers {@code complete_request} with JShell's completion suggestions at the cursor. */
public final class CompleteHandler implements RequestHandler {

    private final Outbox outbox;
    private final CodeAssistant assistant;

    public CompleteHandler(Outbox outbox, CodeAssistant assistant) {
        this.outbox = outbox;
        this.assistant = assistant;
    }

    @Override
    public void handle(Message request) {
        String code = request.content().path("code").asText("");
        int cursor = CodePoints.toCharIndex(code, request.content().path("cursor_pos").asInt(code.length()));
        CodeAssistant.Completion completion = assistant.complete(code, cursor);
        outbox.reply(request, "complete_reply", Json.object(
                "status", "ok",
                "matches", completion.matches(),
                "cursor_start", CodePoints.toCodePoints(code, completion.start()),
                "cursor_end", CodePoints.toCodePoints(code, completion.end()),
                "metadata", Json.object()));
    }
}
