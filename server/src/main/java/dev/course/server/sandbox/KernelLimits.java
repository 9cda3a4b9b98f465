package dev.course.server.sandbox;

import java.time.Duration;

/**
 * The resources one kernel may use. Each limit is enforced by the strongest layer the machine
 * offers: the JVM (heap, direct memory), prlimit (file size, open files, core dumps), cgroups
 * (memory, processes, CPU) and the per-cell wall clock kept by the server.
 *
 * @param heapMegabytes          the kernel JVM's -Xmx
 * @param directMegabytes        -XX:MaxDirectMemorySize, for direct buffers
 * @param memoryMegabytes        the cgroup memory limit for the whole process tree (heap, native, ONNX Runtime)
 * @param maxProcesses           the cgroup pids limit (threads count as tasks)
 * @param cpuPercent             the cgroup CPU quota, 100 = one core
 * @param fileSizeMegabytes      the largest file the kernel may write
 * @param openFiles              the most file descriptors the kernel may hold
 * @param tmpMegabytes           the size of the kernel's private /tmp (memory, counted in the cgroup)
 * @param cellTimeout            wall-clock limit of one cell before it is interrupted
 * @param interruptGrace         how long an interrupted cell may take to stop before the kernel is killed
 */
public record KernelLimits(int heapMegabytes, int directMegabytes, int memoryMegabytes, int maxProcesses,
                           int cpuPercent, int fileSizeMegabytes, int openFiles, int tmpMegabytes, Duration cellTimeout,
                           Duration interruptGrace) {

    public static final int DEFAULT_HEAP_MB = 768;
    public static final int DEFAULT_DIRECT_MB = 256;
    public static final int DEFAULT_MEMORY_MB = 1536;
    public static final int DEFAULT_MAX_PROCESSES = 256;
    public static final int DEFAULT_CPU_PERCENT = 100;
    public static final int DEFAULT_FILE_SIZE_MB = 64;
    public static final int DEFAULT_OPEN_FILES = 512;
    public static final int DEFAULT_TMP_MB = 128;
    public static final Duration DEFAULT_CELL_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_INTERRUPT_GRACE = Duration.ofSeconds(3);

    public KernelLimits {
        requirePositive(heapMegabytes, "heapMegabytes");
        requirePositive(directMegabytes, "directMegabytes");
        requirePositive(maxProcesses, "maxProcesses");
        requirePositive(cpuPercent, "cpuPercent");
        requirePositive(fileSizeMegabytes, "fileSizeMegabytes");
        requirePositive(openFiles, "openFiles");
        requirePositive(tmpMegabytes, "tmpMegabytes");
        if (memoryMegabytes < heapMegabytes + directMegabytes + tmpMegabytes) {
            throw new IllegalArgumentException("memoryMegabytes (" + memoryMegabytes + ") must hold the heap, direct memory and /tmp ("
                    + (heapMegabytes + directMegabytes + tmpMegabytes) + ")");
        }
        if (cellTimeout.isNegative() || cellTimeout.isZero() || interruptGrace.isNegative()) {
            throw new IllegalArgumentException("cellTimeout must be positive and interruptGrace not negative");
        }
    }

    /** The limits for a learner's kernel on a shared machine. */
    public static KernelLimits defaults() {
        return new KernelLimits(DEFAULT_HEAP_MB, DEFAULT_DIRECT_MB, DEFAULT_MEMORY_MB, DEFAULT_MAX_PROCESSES,
                DEFAULT_CPU_PERCENT, DEFAULT_FILE_SIZE_MB, DEFAULT_OPEN_FILES, DEFAULT_TMP_MB, DEFAULT_CELL_TIMEOUT,
                DEFAULT_INTERRUPT_GRACE);
    }

    public KernelLimits withCellTimeout(Duration timeout) {
        return new KernelLimits(heapMegabytes, directMegabytes, memoryMegabytes, maxProcesses, cpuPercent,
                fileSizeMegabytes, openFiles, tmpMegabytes, timeout, interruptGrace);
    }

    public KernelLimits withInterruptGrace(Duration grace) {
        return new KernelLimits(heapMegabytes, directMegabytes, memoryMegabytes, maxProcesses, cpuPercent,
                fileSizeMegabytes, openFiles, tmpMegabytes, cellTimeout, grace);
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
