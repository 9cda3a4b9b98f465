package dev.course.server.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What this machine can put around a kernel, found once at start-up.
 *
 * <p>The layers, strongest first: bubblewrap (new namespaces for everything including the
 * network, no capabilities, a read-only view of only the files a kernel needs, a private /tmp),
 * a cgroup (memory, processes, CPU for the whole process tree), prlimit (file size, open files, no
 * core dumps), and the JVM's own limits, which always apply. Where bubblewrap or cgroups are
 * missing (macOS, Windows, some containers) the kernel still runs with what is left, and the
 * page says "unsandboxed".
 *
 * @param bubblewrap the bwrap executable, if it exists and works here
 * @param prlimit    the prlimit executable, if it exists
 * @param cgroups    whether kernels can be put into cgroups here
 * @param notes      why a layer is missing, for the start-up log
 */
public record Sandbox(Path bubblewrap, Path prlimit, boolean cgroups, List<String> notes) {

    /** The uid and gid a sandboxed kernel runs as (nobody). */
    public static final int SANDBOX_UID = 65534;

    /** Finds the layers this machine offers. */
    public static Sandbox detect() {
        List<String> notes = new ArrayList<>();
        Path bwrap = executable("bwrap");
        if (bwrap == null) {
            notes.add("bubblewrap (bwrap) is not installed; on Debian/Ubuntu: apt-get install bubblewrap");
        } else if (!works(List.of(bwrap.toString(), "--unshare-all", "--ro-bind", "/", "/", "--", "/bin/true"))) {
            notes.add("bubblewrap is installed but cannot create namespaces here (unprivileged user namespaces disabled?)");
            bwrap = null;
        }
        Path prlimit = executable("prlimit");
        if (prlimit == null) {
            notes.add("prlimit (util-linux) is not installed");
        }
        boolean cgroups = cgroupsWritable(notes);
        return new Sandbox(bwrap, prlimit, cgroups, List.copyOf(notes));
    }

    /** No layers at all beyond the JVM's limits (for machines without Linux namespaces, or tests). */
    public static Sandbox none(String why) {
        return new Sandbox(null, null, false, List.of(why));
    }

    /** True when kernels are isolated from the machine (bubblewrap works); shared workshops need this. */
    public boolean isolated() {
        return bubblewrap != null;
    }

    /**
     * Builds the command that runs {@code javaCommand} inside the available layers.
     *
     * @param javaCommand   the kernel's java command line
     * @param limits        the resource limits
     * @param readOnlyPaths files and folders the kernel must see (its class path and JDK); nothing else of the host is bound
     * @param cgroup        the kernel's group, if one was made: the process joins it before anything else runs
     */
    public List<String> wrap(List<String> javaCommand, KernelLimits limits, List<Path> readOnlyPaths, Cgroup cgroup) {
        List<String> command = new ArrayList<>();
        if (cgroup != null) {
            // Join the group first, then exec: every process the kernel starts is born inside it.
            command.addAll(List.of("/bin/sh", "-c",
                    "for f in $COURSE_CGROUP_PROCS; do echo $$ > \"$f\" || exit 97; done; exec \"$@\"",
                    "course-kernel"));
        }
        if (bubblewrap != null) {
            command.addAll(bubblewrapArguments(readOnlyPaths));
        }
        if (prlimit != null) {
            long fileBytes = limits.fileSizeMegabytes() * 1024L * 1024L;
            command.addAll(List.of(prlimit.toString(), "--fsize=" + fileBytes, "--nofile=" + limits.openFiles(),
                    "--core=0", "--"));
        }
        command.addAll(javaCommand);
        return command;
    }

    private List<String> bubblewrapArguments(List<Path> readOnlyPaths) {
        List<String> args = new ArrayList<>(List.of(bubblewrap.toString(),
                "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--uid", Integer.toString(SANDBOX_UID), "--gid", Integer.toString(SANDBOX_UID),
                "--hostname", "kernel",
                "--ro-bind", "/usr", "/usr",
                "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--chdir", "/tmp"));
        for (String top : List.of("/bin", "/lib", "/lib64", "/sbin")) {
            Path path = Path.of(top);
            if (Files.isSymbolicLink(path)) {
                try {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), top));
                } catch (IOException e) {
                    args.addAll(List.of("--ro-bind-try", top, top));
                }
            } else if (Files.exists(path)) {
                args.addAll(List.of("--ro-bind", top, top));
            }
        }
        Set<Path> binds = new LinkedHashSet<>();
        for (Path path : readOnlyPaths) {
            Path absolute = path.toAbsolutePath().normalize();
            if (!absolute.startsWith("/usr") && Files.exists(absolute)) {
                binds.add(absolute);
            }
        }
        for (Path path : binds) {
            args.addAll(List.of("--ro-bind", path.toString(), path.toString()));
        }
        return args;
    }

    /** One line for the log and the page: which layers apply. */
    public String describe(KernelLimits limits) {
        List<String> layers = new ArrayList<>();
        if (bubblewrap != null) {
            layers.add("bubblewrap (no network, read-only system, private /tmp)");
        }
        if (cgroups) {
            layers.add("cgroup (memory " + limits.memoryMegabytes() + " MB, " + limits.maxProcesses() + " tasks, "
                    + limits.cpuPercent() + "% CPU)");
        }
        if (prlimit != null) {
            layers.add("prlimit (files " + limits.fileSizeMegabytes() + " MB, " + limits.openFiles() + " fds, no core)");
        }
        layers.add("JVM (heap " + limits.heapMegabytes() + " MB, exit on out-of-memory)");
        return (isolated() ? "sandboxed: " : "UNSANDBOXED: ") + String.join(" + ", layers);
    }

    private static boolean cgroupsWritable(List<String> notes) {
        StringBuilder why = new StringBuilder();
        var probe = Cgroup.create("probe-" + ProcessHandle.current().pid(), KernelLimits.defaults(), why);
        probe.ifPresent(Cgroup::remove);
        if (probe.isEmpty()) {
            notes.add(why.toString());
        }
        return probe.isPresent();
    }

    private static Path executable(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean works(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
