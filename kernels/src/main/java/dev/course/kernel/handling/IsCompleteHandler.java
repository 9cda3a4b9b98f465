package dev.course.kernel.handling;

import dev.course.kernel.io.Outbox;
import dev.course.kernel.jshell.CodeAssistant;
import dev.course.kernel.jshell.CodeAssistant.CellCompleteness;
import dev.course.kernel.magic.MagicCell;
import dev.course.kernel.magic.MagicException;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.Message;
import java.util.Locale;

/**
 * Answers {@code is_complete_request}: {@code complete}, {@code incomplete} (with a suggested indent
 * for the next line) or {@code invalid}. Magic lines are complete as they are; the Java after them
 * is judged on its own, and a cell magic's body is the magic's business.
 */
public final class IsCompleteHandler implements RequestHandler {

    /** The indent suggested for the next line of an incomplete cell. */
    static final String INDENT = "    ";

    private final Outbox outbox;
    private final CodeAssistant assistant;

    public IsCompleteHandler(Outbox outbox, CodeAssistant assistant) {
        this.outbox = outbox;
        this.assistant = assistant;
    }

    @Override
    public void handle(Message request) {
        CellCompleteness completeness = completeness(request.content().path("code").asText(""));
        String status = completeness.name().toLowerCase(Locale.ROOT);
        outbox.reply(request, "is_complete_reply", completeness == CellCompleteness.INCOMPLETE
                ? Json.object("status", status, "indent", INDENT)
                : Json.object("status", status));
    }

    private CellCompleteness completeness(String code) {
        if (!MagicCell.startsWithMagic(code)) {
            return assistant.completeness(code);
        }
        try {
            MagicCell cell = MagicCell.parse(code);
            return cell.cellMagic().isPresent() ? CellCompleteness.COMPLETE : assistant.completeness(cell.java());
        } catch (MagicException e) {
            return CellCompleteness.INVALID;
        }
    }
}
