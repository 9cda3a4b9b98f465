package dev.course.kernel.handling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.course.kernel.history.CellHistory;
import dev.course.kernel.history.HistoryEntry;
import dev.course.kernel.history.HistoryQuery;
import dev.course.kernel.io.Outbox;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import java.util.List;

/**
 * Answers {@code history_request} with this session's inputs: {@code tail}, {@code range} or
 * {@code search}, as the protocol defines them. Each entry is {@code [session, line, input]}; with
 * {@code output: true} it is {@code [session, line, [input, null]]}, since the kernel keeps no
 * outputs. A request it cannot read gets {@code status: error} saying what to send instead.
 */
public final class HistoryHandler implements RequestHandler {

    private final Outbox outbox;
    private final CellHistory history;

    public HistoryHandler(Outbox outbox, CellHistory history) {
        this.outbox = outbox;
        this.history = history;
    }

    @Override
    public void handle(Message request) {
        HistoryQuery query;
        try {
            query = HistoryQuery.fromRequest(request.content());
        } catch (IllegalArgumentException e) {
            outbox.reply(request, "history_reply", Json.object("status", "error", "history", List.of(),
                    "ename", "ValueError", "evalue", e.getMessage(), "traceback", List.of(e.getMessage())));
            return;
        }
        boolean withOutput = request.content().path("output").asBoolean(false);
        ArrayNode entries = Json.MAPPER.createArrayNode();
        for (HistoryEntry entry : history.select(query)) {
            ArrayNode row = entries.addArray().add(HistoryQuery.SESSION).add(entry.line());
            if (withOutput) {
                row.addArray().add(entry.input()).addNull();
            } else {
                row.add(entry.input());
            }
        }
        outbox.reply(request, "history_reply", Json.object("status", "ok", "history", entries));
    }
}
