package dev.course.server.workshop;

import dev.course.server.progress.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class WorkshopStoreTest {

    private static final List<String> LESSONS = List.of("a/one", "a/two", "a/three", "a/four", "a/five", "a/six", "a/seven",
            "a/eight", "a/nine", "a/ten");

    @Test
    void aNewWorkshopReplacesTheActiveOneInOneStep(@TempDir Path dir) {
        try (Database database = Database.sqlite(dir.resolve("course.db"))) {
            WorkshopStore store = new WorkshopStore(database);
            Workshop first = store.create("First", LESSONS);
            assertEquals(first.code(), store.active().orElseThrow().code());
            Workshop second = store.create("Second", LESSONS);
            assertEquals(second.code(), store.active().orElseThrow().code());
            assertEquals(1, second.unlocked());
        }
    }

    @Test
    void concurrentUnlocksAndRevealsAreAllKept(@TempDir Path dir) throws Exception {
        try (Database database = Database.sqlite(dir.resolve("course.db"))) {
            WorkshopStore store = new WorkshopStore(database);
            String code = store.create("Room", LESSONS).code();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = IntStream.range(0, 8).<Future<?>>mapToObj(i -> threads.submit(() -> {
                    store.unlockNext(code);
                    store.reveal(code, "a/one", "exercise-" + i);
                })).toList();
                for (Future<?> future : done) {
                    future.get();
                }
            } finally {
                threads.shutdown();
            }
            Workshop workshop = store.find(code).orElseThrow();
            assertEquals(9, workshop.unlocked(), "eight unlocks after the first step, none lost");
            for (int i = 0; i < 8; i++) {
                assertTrue(workshop.isRevealed("a/one", "exercise-" + i), "reveal " + i + " kept: " + workshop.revealed());
            }
        }
    }
}
