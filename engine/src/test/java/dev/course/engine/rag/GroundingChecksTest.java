package dev.course.engine.rag;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroundingChecksTest {

    private static final List<Passage> SOURCES = List.of(
            new Passage(1, "a#0", "Cache", "The KV cache keeps every past key and value. It grows with the text.", "notes"),
            new Passage(2, "b#0", "Heads", "Grouped-query attention shares key/value heads among query heads.", "notes"));

    private static GroundingChecks.Check named(GroundingChecks.Report r, String prefix) {
        return r.checks().stream().filter(c -> c.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void aGroundedAnswerPassesEveryCheck() {
        var answer = new Answer("The KV cache keeps every past key and value. [1] Heads can share it. [2]", "test", false,
                SOURCES, List.of(new Citation(1, "The KV cache keeps every past key and value."),
                new Citation(2, "Grouped-query attention shares key/value heads among query heads.")), "");
        var report = GroundingChecks.check(answer);
        assertTrue(report.passed(), report.toString());
    }

    @Test
    void anInventedSourceNumberIsFlagged() {
        var answer = new Answer("Caches are free [3].", "test", false, SOURCES, List.of(), "");
        var report = GroundingChecks.check(answer);
        assertTrue(report.flagged());
        assertFalse(named(report, "every [n]").passed());
        assertTrue(named(report, "every [n]").detail().contains("3"), named(report, "every [n]").detail());
        assertFalse(named(report, "the answer cites").passed(), "[3] is not a valid citation");
    }

    @Test
    void aMisquoteIsFlagged() {
        var answer = new Answer("The cache \"keeps only the last key\" [1].", "test", false, SOURCES,
                List.of(new Citation(1, "keeps only the last key")), "");
        var report = GroundingChecks.check(answer);
        assertFalse(named(report, "each citation's quote").passed());
        assertFalse(named(report, "quoted spans").passed());
    }

    @Test
    void anUncitedAnswerIsFlaggedButAnAbstentionIsNot() {
        var uncited = new Answer("The cache keeps keys and values.", "test", false, SOURCES, List.of(), "");
        assertTrue(GroundingChecks.check(uncited).flagged());
        assertFalse(named(GroundingChecks.check(uncited), "every sentence").passed());
        assertTrue(GroundingChecks.check(Answer.abstain("test", SOURCES, "weak")).passed());
    }

    @Test
    void markersAreFoundInEveryForm() {
        assertEquals(List.of(1, 2, 3, 4), CitationMarkers.numbers("a [1] b [2, 3] c [4]"));
        assertEquals("a b.", CitationMarkers.strip("a [1] b [2][3]."));
    }
}
