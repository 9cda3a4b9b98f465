package dev.course.server.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One kernel's control group: memory, process-count and CPU limits for its whole process tree.
 *
 * <p>cgroup v2 keeps all controllers in one folder; v1 (what this project's CI machine has) keeps
 * one hierarchy per controller. Either way a limit only counts once it has been written <em>and
 * read back</em>: a kernel is never described as limited by a cgroup that did not take.
 *
 * @param procsFiles the {@code cgroup.procs} files a process writes its pid to in order to join
 * @param folders    the folders created for this kernel, removed by {@link #remove()}
 * @param version    "v1" or "v2"
 */
public record Cgroup(List<Path> procsFiles, List<Path> folders, String version) {

    /** Where cgroups are mounted on Linux. */
    public static final Path ROOT = Path.of("/sys/fs/cgroup");
    /** The folder (per controller in v1) under which kernels' groups are made. */
    public static final String PARENT = "course-kernels";
    private static final long CPU_PERIOD_US = 100_000;
    /**
     * Every kernel's CPU weight (v2 {@code cpu.weight}; v1 {@code cpu.shares}, whose scale is 1024
     * where v2's is 100): the same for all, written explicitly rather than trusted to defaults (the
     * server's {@code CpuGovernor} lowers it, with {@link #setCpu}, for a kernel that burns CPU while
     * nobody waits for it). When
     * the machine is busy, the scheduler divides CPU between kernels' groups by weight, so a kernel
     * gets the same share with one thread as with twenty: the background threads a cell leaves
     * running share their kernel's slice, they do not add slices of their own. {@code cpu.max} (v1
     * {@code cpu.cfs_quota_us}) caps a kernel even on an idle machine.
     */
    public static final int CPU_WEIGHT = 100;
    /** {@link #CPU_WEIGHT} on cgroup v1's scale. */
    public static final int CPU_SHARES_V1 = 1024;

    /**
     * A group name unique on this machine: the server's pid, then the kernel's id. Two servers (or
     * test runs) at once never share a group, and groups of servers that are gone can be recognised.
     */
    public static String nameFor(String kernelId) {
        return "s" + ProcessHandle.current().pid() + "-" + kernelId;
    }

    /**
     * Removes the empty groups that servers no longer running left behind (after a crash, say).
     * Groups of live servers are never touched.
     */
    public static void removeStale() {
        for (Path parent : List.of(ROOT.resolve(PARENT), ROOT.resolve("memory").resolve(PARENT),
                ROOT.resolve("pids").resolve(PARENT), ROOT.resolve("cpu").resolve(PARENT), ROOT.resolve("cpuacct").resolve(PARENT))) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (var groups = Files.list(parent)) {
                groups.filter(Files::isDirectory).filter(Cgroup::ownerIsGone).forEach(group -> {
                    try {
                        Files.deleteIfExists(group);
                    } catch (IOException stillInUse) {
                        // A process is still in it; leave it.
                    }
                });
            } catch (IOException e) {
                // Not readable: nothing to clean.
            }
        }
    }

    private static boolean ownerIsGone(Path group) {
        var name = java.util.regex.Pattern.compile("s(\\d+)-.*").matcher(group.getFileName().toString());
        if (!name.matches()) {
            return !group.getFileName().toString().startsWith("probe-"); // from before names had the server's pid
        }
        long pid = Long.parseLong(name.group(1));
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty();
    }

    /**
     * Creates and limits a group for one kernel, or explains why it could not.
     *
     * @return the group, or empty when cgroups are missing or not writable here (then {@code why} says why)
     */
    public static Optional<Cgroup> create(String kernelId, KernelLimits limits, StringBuilder why) {
        try {
            if (Files.isRegularFile(ROOT.resolve("cgroup.controllers"))) {
                return Optional.of(createV2(kernelId, limits));
            }
            if (Files.isDirectory(ROOT.resolve("memory")) && Files.isDirectory(ROOT.resolve("pids"))) {
                return Optional.of(createV1(kernelId, limits));
            }
            why.append("no cgroup v1 memory/pids or v2 hierarchy under ").append(ROOT);
        } catch (java.nio.file.AccessDeniedException e) {
            why.append("cgroups not usable: this user may not write ").append(e.getFile())
                    .append(" (only root may, here); kernels run without memory, task and CPU limits for their process tree");
        } catch (IOException | RuntimeException e) {
            why.append("cgroups not usable: ").append(e.getMessage());
        }
        return Optional.empty();
    }

    private static Cgroup createV1(String kernelId, KernelLimits limits) throws IOException {
        List<Path> folders = new ArrayList<>();
        List<Path> procs = new ArrayList<>();
        long memoryBytes = limits.memoryMegabytes() * 1024L * 1024L;
        Path memory = group(ROOT.resolve("memory"), kernelId, folders, procs);
        writeAndVerify(memory.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
        Path swap = memory.resolve("memory.memsw.limit_in_bytes");
        if (Files.exists(swap)) {
            writeAndVerify(swap, Long.toString(memoryBytes));
        }
        Path pids = group(ROOT.resolve("pids"), kernelId, folders, procs);
        writeAndVerify(pids.resolve("pids.max"), Integer.toString(limits.maxProcesses()));
        Path cpuRoot = ROOT.resolve("cpu");
        if (Files.isDirectory(cpuRoot)) {
            Path cpu = group(cpuRoot, kernelId, folders, procs);
            writeAndVerify(cpu.resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_US));
            writeAndVerify(cpu.resolve("cpu.cfs_quota_us"), Long.toString(CPU_PERIOD_US * limits.cpuPercent() / 100));
            writeAndVerify(cpu.resolve("cpu.shares"), Integer.toString(CPU_SHARES_V1));
            // The CPU time used, which the governor compares with whether a cell runs, is cpuacct's:
            // mounted with cpu ("cpu,cpuacct") on most machines, on its own hierarchy on others.
            Path cpuacctRoot = ROOT.resolve("cpuacct");
            if (!Files.isRegularFile(cpu.resolve(CPUACCT_USAGE)) && Files.isDirectory(cpuacctRoot)
                    && !cpuacctRoot.toRealPath().equals(cpuRoot.toRealPath())) {
                group(cpuacctRoot, kernelId, folders, procs);
            }
        }
        return new Cgroup(procs, folders, "v1");
    }

    private static Cgroup createV2(String kernelId, KernelLimits limits) throws IOException {
        Path parent = ROOT.resolve(PARENT);
        Files.createDirectories(parent);
        // Children only get the controllers their parent delegates.
        Files.writeString(parent.resolve("cgroup.subtree_control"), "+memory +pids +cpu");
        Path group = parent.resolve(kernelId);
        Files.createDirectories(group);
        List<Path> folders = List.of(group);
        writeAndVerify(group.resolve("memory.max"), Long.toString(limits.memoryMegabytes() * 1024L * 1024L));
        Path swap = group.resolve("memory.swap.max");
        if (Files.exists(swap)) {
            writeAndVerify(swap, "0");
        }
        writeAndVerify(group.resolve("pids.max"), Integer.toString(limits.maxProcesses()));
        writeAndVerify(group.resolve("cpu.max"), (CPU_PERIOD_US * limits.cpuPercent() / 100) + " " + CPU_PERIOD_US);
        writeAndVerify(group.resolve("cpu.weight"), Integer.toString(CPU_WEIGHT));
        return new Cgroup(List.of(group.resolve("cgroup.procs")), folders, "v2");
    }

    private static Path group(Path controllerRoot, String kernelId, List<Path> folders, List<Path> procs) throws IOException {
        Path group = controllerRoot.resolve(PARENT).resolve(kernelId);
        Files.createDirectories(group);
        folders.add(group);
        procs.add(group.resolve("cgroup.procs"));
        return group;
    }

    /** Writes a limit and reads it back: the kernel reports only limits that took. */
    private static void writeAndVerify(Path file, String value) throws IOException {
        Files.writeString(file, value);
        String back = Files.readString(file).strip();
        if (!back.equals(value) && !back.startsWith(value + " ")) {
            throw new IOException(file + " reads back '" + back + "' after writing '" + value + "'");
        }
    }

    /** cgroup v1's file of the CPU time a group used, in nanoseconds. */
    private static final String CPUACCT_USAGE = "cpuacct.usage";

    /**
     * The CPU time the group's processes have used since it was made, in nanoseconds (v1
     * {@code cpuacct.usage}, v2 {@code usage_usec} of {@code cpu.stat}), or -1 when unknown.
     */
    public long cpuUsageNanos() {
        for (Path folder : folders) {
            try {
                Path usage = folder.resolve(CPUACCT_USAGE);
                if (Files.isRegularFile(usage)) {
                    return Long.parseLong(Files.readString(usage).strip());
                }
                Path stat = folder.resolve("cpu.stat");
                if (version.equals("v2") && Files.isRegularFile(stat)) {
                    for (String line : Files.readAllLines(stat)) {
                        if (line.startsWith("usage_usec ")) {
                            return Long.parseLong(line.substring("usage_usec ".length()).strip()) * 1000;
                        }
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return -1; // the group is gone
            }
        }
        return -1;
    }

    /**
     * Sets the group's CPU weight and quota (and reads them back), as {@code CpuGovernor} moves a
     * kernel between its levels.
     *
     * @param weight       on cgroup v2's scale, 1 to 10000, {@link #CPU_WEIGHT} the same for every kernel;
     *                     on v1 written as {@code cpu.shares} of {@link #sharesV1(int)}
     * @param quotaPercent the quota, 100 = one core
     * @throws IOException when the group has no CPU controller, is gone, or a value did not take
     */
    public void setCpu(int weight, int quotaPercent) throws IOException {
        if (weight < 1 || weight > 10_000 || quotaPercent < 1) {
            throw new IllegalArgumentException("weight must be 1 to 10000 and quotaPercent positive, got " + weight + " and " + quotaPercent);
        }
        long quota = CPU_PERIOD_US * quotaPercent / 100;
        for (Path folder : folders) {
            if (Files.isRegularFile(folder.resolve("cpu.max"))) {
                writeAndVerify(folder.resolve("cpu.max"), quota + " " + CPU_PERIOD_US);
                writeAndVerify(folder.resolve("cpu.weight"), Integer.toString(weight));
                return;
            }
            if (Files.isRegularFile(folder.resolve("cpu.cfs_quota_us"))) {
                writeAndVerify(folder.resolve("cpu.cfs_quota_us"), Long.toString(quota));
                writeAndVerify(folder.resolve("cpu.shares"), Integer.toString(sharesV1(weight)));
                return;
            }
        }
        throw new IOException("the group has no CPU controller: " + folders);
    }

    /**
     * A v2 weight on cgroup v1's {@code cpu.shares} scale (1024 where v2 says 100), at least v1's
     * smallest, 2.
     */
    public static int sharesV1(int weight) {
        return Math.max(2, weight * CPU_SHARES_V1 / CPU_WEIGHT);
    }

    /**
     * The limits as the kernel reads them back now, file name to value (e.g. {@code memory.limit_in_bytes}
     * or {@code memory.max}, {@code pids.max}, {@code cpu.cfs_quota_us} or {@code cpu.max}, {@code cpu.shares}
     * or {@code cpu.weight}).
     */
    public java.util.Map<String, String> limits() {
        java.util.Map<String, String> values = new java.util.TreeMap<>();
        for (Path folder : folders) {
            for (String name : List.of("memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.max",
                    "memory.swap.max", "pids.max", "cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.max", "cpu.shares", "cpu.weight")) {
                Path file = folder.resolve(name);
                if (Files.isRegularFile(file)) {
                    try {
                        values.put(name, Files.readString(file).strip());
                    } catch (IOException e) {
                        values.put(name, "unreadable: " + e.getMessage());
                    }
                }
            }
        }
        return values;
    }

    /** The pids of every process in the group (all of the kernel's process tree). */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (Path procs : procsFiles) {
            try {
                for (String line : Files.readAllLines(procs)) {
                    if (!line.isBlank()) {
                        pids.add(Long.parseLong(line.strip()));
                    }
                }
                if (!pids.isEmpty()) {
                    return pids;
                }
            } catch (IOException | NumberFormatException e) {
                // The group is gone: no processes.
            }
        }
        return pids;
    }

    /**
     * Kills every process in the group. A process tree can outlive its root (a fork bomb's children
     * are re-parented), but it cannot leave its cgroup: this is the kill that gets them all.
     */
    public void killAll() {
        for (Path folder : folders) {
            Path kill = folder.resolve("cgroup.kill"); // cgroup v2, Linux 5.14+: atomic
            if (Files.isRegularFile(kill)) {
                try {
                    Files.writeString(kill, "1");
                    return;
                } catch (IOException e) {
                    break;
                }
            }
        }
        // Repeat: a process may fork while we kill; pids.max bounds how many there can be.
        for (int round = 0; round < 5; round++) {
            List<Long> pids = pids();
            if (pids.isEmpty()) {
                return;
            }
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /** Memory in use by the group now, in bytes, or -1 when unknown. */
    public long memoryUsageBytes() {
        for (Path folder : folders) {
            for (String name : List.of("memory.usage_in_bytes", "memory.current")) {
                Path file = folder.resolve(name);
                if (Files.exists(file)) {
                    try {
                        return Long.parseLong(Files.readString(file).strip());
                    } catch (IOException | NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    /**
     * Removes the group's folders once its processes are gone, waiting briefly for the last ones to
     * die; failures are ignored (an empty folder is harmless and its name is never reused).
     */
    public void remove() {
        for (int attempt = 0; attempt < 20; attempt++) {
            boolean allGone = true;
            for (Path folder : folders) {
                try {
                    Files.deleteIfExists(folder);
                } catch (IOException stillBusy) {
                    allGone = false;
                }
            }
            if (allGone) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
