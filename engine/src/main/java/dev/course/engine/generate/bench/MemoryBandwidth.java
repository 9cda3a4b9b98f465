package dev.course.engine.generate.bench;

import dev.course.engine.generate.tensor.Parallel;
import dev.course.engine.generate.tensor.WeightMemory;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * How fast this machine streams memory into the cores: sum a buffer much larger than the caches,
 * with all cores, as a matmul reads its weights. Generating one token must read every weight once,
 * so {@code bandwidth / bytes per token} is the fastest generation can possibly go.
 *
 * <p>The buffer lives in {@link WeightMemory}, where the weights live: on 2 MB pages where the
 * machine offers them. A bound measured on other memory would compare the engine with a machine it
 * does not run on.
 */
public final class MemoryBandwidth {

    /** Buffer size: far beyond any last-level cache. */
    public static final long DEFAULT_BYTES = 1L << 30;
    public static final int DEFAULT_REPEATS = 5;

    /**
     * Untimed passes over the first {@link #WARMUP_ROWS} rows, so that the timed reads run compiled
     * code: in a fresh JVM with one core (a learner's kernel) the first full reads would otherwise
     * time the interpreter and understate the bandwidth several times over.
     */
    static final int WARMUP_PASSES = 30;
    static final int WARMUP_ROWS = 64;

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private MemoryBandwidth() {
    }

    /** The best of {@code repeats} full reads of a {@code bytes}-byte buffer, in bytes per second. */
    public static double measure(long bytes, int repeats) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buffer = WeightMemory.allocate(bytes, arena);
            buffer.fill((byte) 1);                            // touch every page first
            int rows = 4096;
            long rowBytes = bytes / rows / S.vectorByteSize() * S.vectorByteSize();
            float[] sink = new float[rows];
            for (int pass = 0; pass < WARMUP_PASSES; pass++) {
                readRows(buffer, WARMUP_ROWS, rowBytes, sink);
            }
            double best = 0;
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                readRows(buffer, rows, rowBytes, sink);
                double seconds = (System.nanoTime() - start) / 1e9;
                best = Math.max(best, rows * rowBytes / seconds);
            }
            if (sink[0] == 42) System.out.print("");       // keep the sums alive
            return best;
        }
    }

    /** Sums rows {@code [0, rows)} of {@code rowBytes} each, on all cores; one float per row goes to {@code sink}. */
    private static void readRows(MemorySegment buffer, int rows, long rowBytes, float[] sink) {
        Parallel.forRange(rows, (from, to) -> {
            for (int row = from; row < to; row++) {
                FloatVector acc = FloatVector.zero(S);
                long base = row * rowBytes;
                for (long off = 0; off < rowBytes; off += S.vectorByteSize()) {
                    acc = acc.add(FloatVector.fromMemorySegment(S, buffer, base + off, ByteOrder.LITTLE_ENDIAN));
                }
                sink[row] = acc.reduceLanes(VectorOperators.ADD);
            }
        });
    }
}
