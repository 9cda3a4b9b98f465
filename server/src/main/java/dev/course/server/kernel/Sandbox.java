package dev.course.server.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What this machine can put around a kernel, found once at start-up.
 *
 * <p>The layers, strongest first: bubblewrap (new namespaces for everything including the
 * network, a non-root uid, no capabilities, a read-only view of only the files a kernel needs, a
 * private /tmp; see {@link BubblewrapCommand}), a cgroup (memory, processes, CPU for the whole
 * process tree; see {@link Cgroup}), prlimit (file size, open files, no core dumps), and the JVM's
 * own limits, which always apply. Where bubblewrap or cgroups are missing (macOS, Windows, some
 * containers) the kernel still runs with what is left, and the page says "unsandboxed".
 *
 * <p>Every layer is tried for real before it is claimed: {@link #detect()} runs {@code /bin/true}
 * in the exact bubblewrap set-up kernels get, and creates a probe cgroup whose limits it reads back.
 *
 * @param bubblewrap how kernels are wrapped in bubblewrap, if it works here
 * @param prlimit    the prlimit executable, if it exists
 * @param cgroups    whether kernels can be put into cgroups here
 * @param notes      why a layer is missing or weaker, for the start-up log
 */
public record Sandbox(BubblewrapCommand bubblewrap, Path prlimit, boolean cgroups, List<String> notes) {

    /** The uid and gid a sandboxed kernel runs as (nobody). */
    public static final int SANDBOX_UID = BubblewrapCommand.NOBODY;

    public Sandbox {
        notes = List.copyOf(notes);
    }

    /** Finds the layers this machine offers. */
    public static Sandbox detect() {
        List<String> notes = new ArrayList<>();
        BubblewrapCommand bwrap = null;
        Path bwrapPath = executable("bwrap");
        if (bwrapPath == null) {
            notes.add("bubblewrap (bwrap) is not installed; on Debian/Ubuntu: apt-get install bubblewrap");
        } else {
            Path setpriv = executable("setpriv");
            if (runningAsRoot() && setpriv != null) {
                bwrap = probe(new BubblewrapCommand(bwrapPath, BubblewrapCommand.Identity.HOST_NOBODY, setpriv), notes);
            }
            if (bwrap == null) {
                if (runningAsRoot()) {
                    notes.add("the server runs as root without a working setpriv: kernels are nobody inside their "
                            + "user namespace but root on the host; run the server as an ordinary user");
                }
                bwrap = probe(new BubblewrapCommand(bwrapPath, BubblewrapCommand.Identity.USER_NAMESPACE, null), notes);
            }
        }
        Path prlimit = executable("prlimit");
        if (prlimit == null) {
            notes.add("prlimit (util-linux) is not installed");
        }
        boolean cgroups = cgroupsWritable(notes);
        return new Sandbox(bwrap, prlimit, cgroups, notes);
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
            command.addAll(bubblewrapFor(readOnlyPaths).arguments(readOnlyPaths, limits.tmpMegabytes()));
        }
        if (prlimit != null) {
            long fileBytes = limits.fileSizeMegabytes() * 1024L * 1024L;
            command.addAll(List.of(prlimit.toString(), "--fsize=" + fileBytes, "--nofile=" + limits.openFiles(),
                    "--core=0", "--"));
        }
        command.addAll(javaCommand);
        return command;
    }

    /** Host-nobody needs world-readable binds; where they are not, fall back to the user namespace. */
    private BubblewrapCommand bubblewrapFor(List<Path> binds) {
        if (bubblewrap.identity() == BubblewrapCommand.Identity.HOST_NOBODY
                && BubblewrapCommand.worldReadable(binds) != null) {
            return new BubblewrapCommand(bubblewrap.bubblewrap(), BubblewrapCommand.Identity.USER_NAMESPACE, null);
        }
        return bubblewrap;
    }

    /**
     * Whether kernels launched with these binds run as a non-root host uid; {@code null} if so,
     * otherwise why not (for the start-up log).
     */
    public String hostRootReason(List<Path> binds) {
        if (bubblewrap == null || !runningAsRoot()) {
            return null;
        }
        if (bubblewrap.identity() == BubblewrapCommand.Identity.USER_NAMESPACE) {
            return "setpriv is missing or privileged bubblewrap failed";
        }
        String unreadable = BubblewrapCommand.worldReadable(binds);
        return unreadable == null ? null : unreadable + " is not readable by nobody, so kernels keep the server's uid on the host";
    }

    /** One line for the log and the page: which layers apply. */
    public String describe(KernelLimits limits) {
        List<String> layers = new ArrayList<>();
        if (bubblewrap != null) {
            layers.add("bubblewrap (uid nobody, no network, read-only system, private /tmp of " + limits.tmpMegabytes() + " MB)");
        }
        if (cgroups) {
            layers.add("cgroup (memory " + limits.memoryMegabytes() + " MB, " + limits.maxProcesses() + " tasks, "
                    + limits.cpuPercent() + "% CPU)");
        }
        if (prlimit != null) {
            layers.add("prlimit (files " + limits.fileSizeMegabytes() + " MB, " + limits.openFiles() + " fds, no core)");
        }
        layers.add("JVM (heap " + limits.heapMegabytes() + " MB, direct " + limits.directMegabytes()
                + " MB, exit on out-of-memory)");
        return (isolated() ? "sandboxed: " : "UNSANDBOXED: ") + String.join(" + ", layers);
    }

    /** Whether this JVM runs as root (uid 0): then kernels must be moved to another uid explicitly. */
    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Runs /bin/true in exactly this set-up; the set-up counts only if that works. */
    private static BubblewrapCommand probe(BubblewrapCommand candidate, List<String> notes) {
        List<String> command = new ArrayList<>(candidate.arguments(List.of(), KernelLimits.DEFAULT_TMP_MB));
        command.add("/bin/true");
        if (works(command)) {
            return candidate;
        }
        notes.add("bubblewrap (" + candidate.identity() + ") cannot create its namespaces here"
                + (candidate.identity() == BubblewrapCommand.Identity.USER_NAMESPACE
                ? " (unprivileged user namespaces disabled?)" : ""));
        return null;
    }

    private static boolean cgroupsWritable(List<String> notes) {
        Cgroup.removeStale();
        StringBuilder why = new StringBuilder();
        var probe = Cgroup.create("probe-" + ProcessHandle.current().pid(), KernelLimits.defaults(), why);
        probe.ifPresent(Cgroup::remove);
        if (probe.isEmpty()) {
            notes.add(why.toString());
        }
        return probe.isPresent();
    }

    static Path executable(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/bin:/bin:/usr/sbin:/sbin").split(java.io.File.pathSeparator)) {
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
