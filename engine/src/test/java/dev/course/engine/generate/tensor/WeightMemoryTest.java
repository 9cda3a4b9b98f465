package dev.course.engine.generate.tensor;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightMemoryTest {

    @Test
    void allocationsAreZeroedAlignedAndSeparate() {
        List<MemorySegment> segments = List.of(WeightMemory.allocate(1), WeightMemory.allocate(100),
                WeightMemory.allocate(0), WeightMemory.allocate(3 * 1024 * 1024), WeightMemory.allocate(WeightMemory.CHUNK_BYTES));
        long[] sizes = {1, 100, 0, 3 * 1024 * 1024, WeightMemory.CHUNK_BYTES};
        for (int i = 0; i < segments.size(); i++) {
            MemorySegment segment = segments.get(i);
            assertEquals(sizes[i], segment.byteSize());
            assertEquals(0, segment.address() % WeightMemory.ALIGNMENT, "cache-line aligned: " + segment);
            for (long at = 0; at < segment.byteSize(); at += 4093) {
                assertEquals(0, segment.get(ValueLayout.JAVA_BYTE, at), "zeroed at " + at);
            }
            segment.fill((byte) (i + 1));
        }
        assertEquals(1, segments.get(0).get(ValueLayout.JAVA_BYTE, 0), "neighbours in a chunk do not overlap");
        assertEquals(2, segments.get(1).get(ValueLayout.JAVA_BYTE, 99));
        assertThrows(IllegalArgumentException.class, () -> WeightMemory.allocate(-1));
    }

    @Test
    void copiesAreExact() {
        MemorySegment source = Arena.ofAuto().allocate(10_000);
        for (int i = 0; i < 10_000; i++) {
            source.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31));
        }
        MemorySegment copy = WeightMemory.copyOf(source);
        assertEquals(-1, source.mismatch(copy));
    }

    /** The point of the class: weights really land on 2 MB pages (read back from the kernel's own accounting). */
    @Test
    void weightsLandOnHugePagesWhereTheMachineOffersThem() throws IOException {
        Assumptions.assumeTrue(WeightMemory.hugePages(), "weights are on " + WeightMemory.pages());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment weights = WeightMemory.allocate(32L << 20, arena);
            weights.fill((byte) 7);
            assertEquals(0, weights.address() % WeightMemory.HUGE_PAGE_BYTES, "starts on a huge-page boundary");
            long hugeKb = anonHugePagesKb(weights.address());
            assertTrue(hugeKb >= 2048, "the 32 MB region holds " + hugeKb + " kB of huge pages");
        }
    }

    /** {@code AnonHugePages} of the mapping that contains {@code address}, from /proc/self/smaps. */
    private static long anonHugePagesKb(long address) throws IOException {
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                inside = Long.compareUnsigned(Long.parseUnsignedLong(range[0], 16), address) <= 0
                        && Long.compareUnsigned(address, Long.parseUnsignedLong(range[1], 16)) < 0;
            } else if (inside && line.startsWith("AnonHugePages:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new AssertionError("no mapping contains " + Long.toHexString(address));
    }
}
