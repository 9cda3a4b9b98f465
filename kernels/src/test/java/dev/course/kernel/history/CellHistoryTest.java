package dev.course.kernel.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.course.kernel.protocol.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellHistoryTest {

    @Test
    void theOldestEntriesAreForgottenBeyondTheEntryAndCharacterBounds() {
        CellHistory fewEntries = new CellHistory(2, 100);
        CellHistory fewChars = new CellHistory(100, 9);
        for (CellHistory history : List.of(fewEntries, fewChars)) {
            history.add(1, "aaaa");
            history.add(2, "bbbb");
            history.add(3, "cc");
        }
        assertEquals(List.of(2, 3), lines(fewEntries), "three entries, two kept");
        assertEquals(List.of(2, 3), lines(fewChars), "ten characters, nine kept");
    }

    @Test
    void aCellLargerThanTheWholeBudgetIsNotKept() {
        CellHistory history = new CellHistory(3, 5);
        history.add(1, "ok");
        history.add(2, "far too long");
        assertEquals(List.of(1), lines(history));
    }

    @Test
    void tailRangeAndSearchSelectAsTheProtocolSays() {
        CellHistory history = new CellHistory();
        history.add(1, "int a = 1;");
        history.add(2, "a + 1");
        history.add(3, "int a = 1;");
        history.add(4, "var s = new Scanner(System.in);");

        assertEquals(List.of(3, 4), select(history, Json.object("hist_access_type", "tail", "n", 2)));
        assertEquals(List.of(2, 3), select(history, Json.object("hist_access_type", "range", "session", 0, "start", 2, "stop", 4)));
        assertEquals(List.of(3, 4), select(history, Json.object("hist_access_type", "range", "start", 3)));
        assertEquals(List.of(), select(history, Json.object("hist_access_type", "range", "session", -1, "start", 1)));
        assertEquals(List.of(1, 3), select(history, Json.object("hist_access_type", "search", "pattern", "int ?*")));
        assertEquals(List.of(3), select(history, Json.object("hist_access_type", "search", "pattern", "int*", "unique", true)));
        assertEquals(List.of(4), select(history, Json.object("hist_access_type", "search", "pattern", "*Scanner(*", "n", 1)));
        assertEquals(List.of(), select(history, Json.object("hist_access_type", "search", "pattern", "scanner")));
    }

    @Test
    void aRequestThatCannotBeReadSaysWhatToSend() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> HistoryQuery.fromRequest(Json.object("hist_access_type", "all")));
        assertEquals("hist_access_type must be \"tail\", \"range\" or \"search\", not \"all\"", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HistoryQuery.fromRequest(Json.object("hist_access_type", "search")));
    }

    private static List<Integer> select(CellHistory history, com.fasterxml.jackson.databind.JsonNode request) {
        return history.select(HistoryQuery.fromRequest(request)).stream().map(HistoryEntry::line).toList();
    }

    private static List<Integer> lines(CellHistory history) {
        return history.entries().stream().map(HistoryEntry::line).toList();
    }
}
