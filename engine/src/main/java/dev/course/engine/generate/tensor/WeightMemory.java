package dev.course.engine.generate.tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Off-heap memory for a model's weights, on 2 MB pages where the operating system offers them.
 *
 * <p>Generating a token streams every weight through the cores once. With ordinary 4 KB pages the
 * processor's prefetcher stops at every page boundary and each new page costs an address
 * translation, so a core that also does real work per byte (decoding Q8_0 blocks) waits for memory
 * it could have had in advance. On 2 MB pages one translation covers 512 times as much and the
 * stream flows: measured here, one core's Q8_0 matrix-vector product read 7 GB/s from 4 KB pages
 * and 9 to 12 GB/s from 2 MB pages ({@code ./course bench generate} shows the effect on a whole model).
 *
 * <p>Linux hands out such "transparent huge pages" to memory that asks for them with
 * {@code madvise(MADV_HUGEPAGE)} before it is first touched. Java's own allocator zeroes memory at
 * once, which is too late, so this class maps fresh memory itself through the Foreign Function API
 * ({@code mmap}, {@code madvise}, and {@code munmap} when the memory is no longer reachable). Where
 * that is not possible — another operating system, huge pages switched off, native access denied —
 * it falls back to {@link Arena#ofAuto()}, and {@link #pages()} says which one applies.
 *
 * <p>Weights are allocated from chunks of {@link #CHUNK_BYTES}, so the many small tensors of a model
 * (norms, small projections) share huge pages instead of each wasting most of one.
 */
public final class WeightMemory {

    /** The size of a transparent huge page on x86-64 and (with 4 KB base pages) on ARM64. */
    public static final long HUGE_PAGE_BYTES = 2L << 20;
    /** Weights are carved from chunks this large; a tensor of half a chunk or more gets its own. */
    static final long CHUNK_BYTES = 64L << 20;
    /** Every tensor starts on a cache line, as the vector loops like it. */
    static final long ALIGNMENT = 64;

    private static final HugePages HUGE_PAGES = HugePages.probe();

    private static MemorySegment chunk;
    private static long used;

    private WeightMemory() {
    }

    /** {@code bytes} of zeroed memory, 64-byte aligned, on huge pages when this machine offers them. */
    public static MemorySegment allocate(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot allocate " + bytes + " bytes");
        }
        if (HUGE_PAGES.mmap == null) {
            return Arena.ofAuto().allocate(Math.max(bytes, 1), ALIGNMENT).asSlice(0, bytes);
        }
        if (bytes >= CHUNK_BYTES / 2) {
            return HUGE_PAGES.map(bytes, Arena.ofAuto());
        }
        synchronized (WeightMemory.class) {
            long start = (used + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
            if (chunk == null || start + bytes > chunk.byteSize()) {
                chunk = HUGE_PAGES.map(CHUNK_BYTES, Arena.ofAuto());
                start = 0;
            }
            used = start + bytes;
            return chunk.asSlice(start, bytes);
        }
    }

    /**
     * {@code bytes} of zeroed memory of its own, on huge pages when this machine offers them, freed
     * when {@code arena} closes: for a large buffer whose end the caller knows.
     */
    public static MemorySegment allocate(long bytes, Arena arena) {
        if (HUGE_PAGES.mmap == null) {
            return arena.allocate(Math.max(bytes, 1), ALIGNMENT).asSlice(0, bytes);
        }
        return HUGE_PAGES.map(bytes, arena);
    }

    /** A copy of {@code source} in weight memory: a tensor of a memory-mapped file, made resident. */
    public static MemorySegment copyOf(MemorySegment source) {
        MemorySegment copy = allocate(source.byteSize());
        copy.copyFrom(source);
        return copy;
    }

    /** Which pages weights live on, and why, for benchmark reports: {@code "2 MB"} or {@code "4 KB (reason)"}. */
    public static String pages() {
        return HUGE_PAGES.mmap != null ? "2 MB" : "4 KB (" + HUGE_PAGES.why + ")";
    }

    /** Whether weights live on huge pages. */
    public static boolean hugePages() {
        return HUGE_PAGES.mmap != null;
    }

    /** The three system calls, or why they are not used. */
    private record HugePages(MethodHandle mmap, MethodHandle madvise, MethodHandle munmap, String why) {

        private static final int PROT_READ_WRITE = 0x1 | 0x2;
        private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;   // the same on x86-64 and ARM64 Linux
        private static final int MADV_HUGEPAGE = 14;
        private static final Path THP_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

        static HugePages probe() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "");
            if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("aarch64"))) {
                return off("transparent huge pages are a Linux feature; this is " + os + " on " + arch);
            }
            if (!Boolean.parseBoolean(System.getProperty("course.generate.hugePages", "true"))) {
                return off("switched off with -Dcourse.generate.hugePages=false");
            }
            try {
                String mode = Files.readString(THP_MODE);
                if (mode.contains("[never]")) {
                    return off("the kernel's transparent huge pages are switched off (" + THP_MODE + ": never)");
                }
            } catch (IOException | RuntimeException e) {
                return off("no " + THP_MODE);
            }
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                MethodHandle mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
                MethodHandle madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(), FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
                MethodHandle munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(), FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
                HugePages pages = new HugePages(mmap, madvise, munmap, "");
                try (Arena trial = Arena.ofConfined()) {
                    pages.map(HUGE_PAGE_BYTES, trial);           // try once
                }
                return pages;
            } catch (Throwable e) {                              // IllegalCallerException: native access denied
                return off("mapping memory through the Foreign Function API failed: " + e);
            }
        }

        private static HugePages off(String why) {
            return new HugePages(null, null, null, why);
        }

        /**
         * Maps {@code bytes} of fresh memory starting on a huge-page boundary, advises huge pages for it,
         * and unmaps it when {@code arena} closes (an automatic arena: when nothing refers to it).
         */
        MemorySegment map(long bytes, Arena arena) {
            long length = bytes + HUGE_PAGE_BYTES;               // room to start on a 2 MB boundary
            MemorySegment mapped;
            try {
                mapped = (MemorySegment) mmap.invokeExact(MemorySegment.NULL, length, PROT_READ_WRITE,
                        MAP_PRIVATE_ANONYMOUS, -1, 0L);
            } catch (Throwable e) {
                throw new IllegalStateException("mmap failed", e);
            }
            if (mapped.address() == -1L) {
                throw new OutOfMemoryError("mmap could not map " + length + " bytes for model weights");
            }
            long address = mapped.address();
            long aligned = (address + HUGE_PAGE_BYTES - 1) & -HUGE_PAGE_BYTES;
            try {
                int ignored = (int) madvise.invokeExact(MemorySegment.ofAddress(aligned), bytes, MADV_HUGEPAGE);
            } catch (Throwable e) {
                // Advice only: without it the memory works on ordinary pages.
            }
            MethodHandle unmap = munmap;
            MemorySegment whole = mapped.reinterpret(length, arena, segment -> {
                try {
                    int ignored = (int) unmap.invokeExact(MemorySegment.ofAddress(address), length);
                } catch (Throwable e) {
                    // Nothing to do: the process keeps the mapping.
                }
            });
            return whole.asSlice(aligned - address, bytes);
        }
    }
}
