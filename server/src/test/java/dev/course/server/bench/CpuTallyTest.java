package dev.course.server.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CpuTallyTest {

    @Test
    void countsOnlyWhatProcessesSpendAfterTheRoomStarts() {
        var tally = new WorkshopBenchmark.CpuTally();
        tally.record(1, 30.0);   // the server, after loading models before class
        tally.record(2, 2.5);    // a warm kernel, after starting
        tally.startRoom();
        tally.record(1, 33.0);
        tally.record(2, 3.0);
        tally.record(3, 1.5);    // a replacement kernel started during the room

        assertEquals(3.0 + 0.5 + 1.5, tally.sinceRoomStart(), 1e-9);
        assertEquals(3.0, tally.sinceRoomStart(1), 1e-9);
        assertEquals(0.0, tally.sinceRoomStart(4), 1e-9);
    }

    @Test
    void aReadingThatGoesBackDoesNotLowerTheTotal() {
        var tally = new WorkshopBenchmark.CpuTally();
        tally.startRoom();
        tally.record(5, 4.0);
        tally.record(5, 1.0); // a late read of a process that is ending
        assertEquals(4.0, tally.sinceRoomStart(), 1e-9);
    }
}
