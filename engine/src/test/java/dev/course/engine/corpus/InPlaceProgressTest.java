package dev.course.engine.corpus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InPlaceProgressTest {

    /** A clock the test moves by hand, in milliseconds. */
    private long millis;

    private final List<String> redraws = new ArrayList<>();
    private final Progress progress = new InPlaceProgress(redraws::add, () -> millis * 1_000_000);

    @Test
    void aThousandStepsInOneSecondRedrawAFewTimesNotAThousand() {
        for (int done = 0; done <= 1000; done++) {
            millis = done;                       // one step a millisecond
            progress.update("embedding", done, 1000);
        }
        // the start, one every 250 ms, the end
        assertTrue(redraws.size() >= 4 && redraws.size() <= 6, "redraws: " + redraws.size());
        assertTrue(redraws.getFirst().startsWith("embedding [" + ".".repeat(30) + "] 0/1000"), redraws.getFirst());
        assertTrue(redraws.getLast().startsWith("embedding [" + "#".repeat(30) + "] 1000/1000 100%"), redraws.getLast());
    }

    @Test
    void everyRedrawIsTheWholeTextWithFinishedPhasesAbove() {
        progress.update("embedding", 0, 10);
        progress.update("embedding", 10, 10);
        millis = 5;
        progress.update("building the graph", 0, 4);
        progress.update("building the graph", 2, 4);   // within 250 ms of the last redraw: not drawn
        millis = 300;
        progress.update("building the graph", 3, 4);
        assertEquals(4, redraws.size(), redraws.toString());
        String last = redraws.getLast();
        assertEquals(2, last.lines().count(), last);
        assertTrue(last.lines().toList().get(0).startsWith("embedding [" + "#".repeat(30) + "] 10/10"), last);
        assertTrue(last.lines().toList().get(1).contains("] 3/4  75%"), last);
    }

    @Test
    void anUnknownTotalShowsTheCount() {
        progress.update("reading", 7, 0);
        assertEquals("reading  7  0 s", redraws.getLast());
    }
}
