package dev.course.server.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {

    @Test
    void aByteBarShowsMegabytesTheRateAndTheTimeLeft() {
        String line = ProgressBar.byteLine("downloading a.gguf", 150_000_000, 300_000_000, 100_000_000, 10);

        assertTrue(line.contains("150.0/300.0 MB"), line);
        assertTrue(line.contains(" 50%"), line);
        assertTrue(line.contains("10.0 MB/s"), "only the bytes moved in this run count: " + line);
        assertTrue(line.contains("about 15 s left"), line);
    }

    @Test
    void aByteBarWithoutATotalShowsWhatArrived() {
        String line = ProgressBar.byteLine("downloading a.gguf", 5_000_000, 0, 5_000_000, 2);

        assertTrue(line.contains("5.0 MB  2.5 MB/s"), line);
    }
}
