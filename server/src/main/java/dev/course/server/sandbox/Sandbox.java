package dev.course.server.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What this machine can put around a kernel, found once at start-up.
 *
 * <p>The layers, strongest first: bubblewrap (new namespaces for everything including the
 * network, a non-root uid, no capabilities, a read-only view of only the files a kernel needs, a
 * private /tmp; see {@link BubblewrapCommand}) with a seccomp filter (no new namespaces, mounts,
 * ptrace, keyrings, eBPF and the like; see {@link SeccompFilter}), a cgroup (memory, processes, CPU for the whole
 * process tree; see {@link Cgroup}), prlimit (file size, open files, no core dumps), and the JVM's
 * own limits, which always apply. Where bubblewrap or cgroups are missing (macOS, Windows, some
 * containers) the kernel still runs with what is left, and the page says "unsandboxed".
 *
 * <p>Every layer is tried for real before it is claimed: {@link #detect()} runs {@code /bin/true}
 * in the exact bubblewrap set-up kernels get (and checks that the seccomp filter applies), and creates a probe cgroup whose limits it reads back.
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
            Path seccomp = seccompProgram(notes);
            Path setpriv = executable("setpriv");
            if (runningAsRoot() && setpriv != null) {
                bwrap = strongestThatWorks(new BubblewrapCommand(bwrapPath, BubblewrapCommand.Identity.HOST_NOBODY, setpriv)
                        .withSeccomp(seccomp), notes);
            }
            if (bwrap == null) {
                if (runningAsRoot()) {
                    notes.add("the server runs as root without a working setpriv: kernels are nobody inside their "
                            + "user namespace but root on the host; run the server as an ordinary user");
                }
                bwrap = strongestThatWorks(new BubblewrapCommand(bwrapPath, BubblewrapCommand.Identity.USER_NAMESPACE, null)
                        .withSeccomp(seccomp), notes);
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

    /** {@link #wrap(List, KernelLimits, Map, Cgroup)} with every file bound where it lies on the host. */
    public List<String> wrap(List<String> javaCommand, KernelLimits limits, List<Path> readOnlyPaths, Cgroup cgroup) {
        return wrap(javaCommand, limits, SandboxPaths.same().binds(readOnlyPaths), cgroup);
    }

    /**
     * Builds the command that runs {@code javaCommand} inside the available layers. bubblewrap's
     * own options (which name the host paths it binds) are not on its command line: it reads them
     * from descriptor {@value #OPTIONS_FD}, a file the starting shell opens, because bubblewrap is
     * process 1 inside the sandbox and any cell can read {@code /proc/1/cmdline}.
     *
     * @param javaCommand   the kernel's java command line, as it reads inside ({@link SandboxPaths#command})
     * @param limits        the resource limits
     * @param readOnlyBinds files and folders the kernel must see (its class path and JDK), host path to path
     *                      inside; nothing else of the host is bound
     * @param cgroup        the kernel's group, if one was made: the process joins it before anything else runs
     */
    public List<String> wrap(List<String> javaCommand, KernelLimits limits, Map<Path, Path> readOnlyBinds, Cgroup cgroup) {
        BubblewrapCommand bwrap = bubblewrap == null ? null : bubblewrapFor(List.copyOf(readOnlyBinds.keySet()));
        Map<Integer, Path> descriptors = new LinkedHashMap<>();
        List<String> inside = new ArrayList<>();
        if (bwrap != null) {
            if (bwrap.seccomp() != null) {
                descriptors.put(BubblewrapCommand.SECCOMP_FD, bwrap.seccomp());
            }
            List<String> arguments = bwrap.arguments(readOnlyBinds, limits.tmpMegabytes());
            int end = arguments.indexOf("--");
            descriptors.put(OPTIONS_FD, optionsFile(arguments.subList(1, end)));
            inside.addAll(List.of(arguments.getFirst(), "--args", Integer.toString(OPTIONS_FD)));
            inside.addAll(arguments.subList(end, arguments.size()));
        }
        List<String> command = new ArrayList<>(starter(cgroup != null, descriptors));
        command.addAll(inside);
        if (prlimit != null) {
            long fileBytes = limits.fileSizeMegabytes() * 1024L * 1024L;
            command.addAll(List.of(prlimit.toString(), "--fsize=" + fileBytes, "--nofile=" + limits.openFiles(),
                    "--core=0", "--"));
        }
        command.addAll(javaCommand);
        return command;
    }

    /** The descriptor bubblewrap reads its options from ({@code --args}). */
    static final int OPTIONS_FD = 4;

    /**
     * The shell that starts the layers, if one is needed: it joins the kernel's cgroup (so that every
     * process the kernel starts is born inside it), opens the files bubblewrap reads (the seccomp
     * program, its options) as the descriptors it reads them from, then execs the rest of the command
     * line. Java cannot hand a child process a descriptor other than stdin, stdout and stderr; the shell can.
     *
     * @param joinCgroup  whether to write the shell's pid to each of {@code $COURSE_CGROUP_PROCS}
     * @param descriptors files to open for reading, by descriptor number
     */
    static List<String> starter(boolean joinCgroup, Map<Integer, Path> descriptors) {
        if (!joinCgroup && descriptors.isEmpty()) {
            return List.of();
        }
        Path seccomp = descriptors.get(BubblewrapCommand.SECCOMP_FD);
        if (seccomp != null && !Files.isRegularFile(seccomp)) {
            try {
                SeccompFilter.KERNEL.installIn(seccomp.getParent()); // removed since start-up (a cleaned cache)
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("the kernel's seccomp program " + seccomp + " is gone and cannot be written again", e);
            }
        }
        StringBuilder script = new StringBuilder(joinCgroup ? "for f in $COURSE_CGROUP_PROCS; do echo $$ > \"$f\" || exit 97; done; " : "");
        // The files come first among the shell's arguments ($1, $2, …): shifted off, "$@" is exactly the command to run.
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "", "course-kernel"));
        StringBuilder redirects = new StringBuilder();
        int n = 0;
        for (Map.Entry<Integer, Path> descriptor : descriptors.entrySet()) {
            n++;
            script.append("f").append(n).append("=\"$").append(n).append("\"; ");
            redirects.append(' ').append(descriptor.getKey()).append("< \"$f").append(n).append('"');
            command.add(descriptor.getValue().toString());
        }
        if (n > 0) {
            script.append("shift ").append(n).append("; ");
        }
        script.append("exec \"$@\"").append(redirects);
        command.set(2, script.toString());
        return command;
    }

    /**
     * bubblewrap's options as NUL-separated arguments in a file its {@code --args} reads, named by
     * their digest in the course cache's {@code sandbox/} folder (beside the seccomp program):
     * kernels of one server share one file, written once, readable only by the server's user.
     */
    static Path optionsFile(List<String> options) {
        StringBuilder content = new StringBuilder();
        options.forEach(option -> content.append(option).append('\0'));
        byte[] bytes = content.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path folder = dev.course.engine.generate.train.TrainedModels.cacheDir().resolve("sandbox");
        try {
            String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
            Path file = folder.resolve("bwrap-options-" + digest + ".args");
            if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                return file;
            }
            Files.createDirectories(folder);
            Path partial = Files.createTempFile(folder, "bwrap-options-", ".partial"); // 0600
            try {
                Files.write(partial, bytes);
                Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write bubblewrap's options to " + folder, e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Host-nobody needs world-readable binds; where they are not, fall back to the user namespace. */
    private BubblewrapCommand bubblewrapFor(List<Path> binds) {
        if (bubblewrap.identity() == BubblewrapCommand.Identity.HOST_NOBODY
                && BubblewrapCommand.worldReadable(binds) != null) {
            return new BubblewrapCommand(bubblewrap.bubblewrap(), BubblewrapCommand.Identity.USER_NAMESPACE, null)
                    .withSeccomp(bubblewrap.seccomp());
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
            layers.add("bubblewrap (uid nobody, no network, read-only system, private /tmp of " + limits.tmpMegabytes() + " MB"
                    + (bubblewrap.disableUserns() ? ", no nested user namespaces" : "") + ")");
            if (bubblewrap.seccomp() != null) {
                layers.add("seccomp (no new namespaces, mount, ptrace, keyctl, bpf, perf_event_open, userfaultfd, modules)");
            }
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

    /**
     * The kernel's seccomp program, written to a file bubblewrap can be given; null (with a note)
     * where the filter does not apply (not x86-64 Linux) or cannot be written.
     */
    private static Path seccompProgram(List<String> notes) {
        if (!SeccompFilter.supportedHere()) {
            notes.add("no seccomp filter: it is written for x86-64 Linux, this is " + System.getProperty("os.arch"));
            return null;
        }
        Path folder = dev.course.engine.generate.train.TrainedModels.cacheDir().resolve("sandbox");
        try {
            return SeccompFilter.KERNEL.installIn(folder);
        } catch (IOException e) {
            notes.add("no seccomp filter: cannot write it to " + folder + " (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * The strongest variant of {@code wanted} that works here: as asked, then without
     * {@code --disable-userns} (bubblewrap before 0.8.0), then without the seccomp filter; each
     * weaker one is noted. Null if bubblewrap cannot run at all with this identity.
     */
    private static BubblewrapCommand strongestThatWorks(BubblewrapCommand wanted, List<String> notes) {
        List<BubblewrapCommand> variants = new ArrayList<>(List.of(wanted));
        if (wanted.disableUserns()) {
            variants.add(wanted.withoutDisableUserns());
        }
        if (wanted.seccomp() != null) {
            variants.add(wanted.withSeccomp(null));
            if (wanted.disableUserns()) {
                variants.add(wanted.withSeccomp(null).withoutDisableUserns());
            }
        }
        for (BubblewrapCommand variant : variants) {
            if (works(variant)) {
                if (wanted.disableUserns() && !variant.disableUserns()) {
                    notes.add("this bubblewrap cannot disable nested user namespaces (--disable-userns needs 0.8.0 or newer)");
                }
                if (wanted.seccomp() != null && variant.seccomp() == null) {
                    notes.add("bubblewrap (" + wanted.identity() + ") could not apply the seccomp filter here: kernels run without it");
                }
                return variant;
            }
        }
        notes.add("bubblewrap (" + wanted.identity() + ") cannot create its namespaces here"
                + (wanted.identity() == BubblewrapCommand.Identity.USER_NAMESPACE
                ? " (unprivileged user namespaces disabled?)" : ""));
        return null;
    }

    /**
     * Runs a check in exactly this set-up; the set-up counts only if it passes. Without seccomp the
     * check is {@code /bin/true}; with it, the process must also read {@code Seccomp: 2} (a filter
     * applies) in its own {@code /proc/self/status}, so a filter bubblewrap silently dropped would not count.
     */
    private static boolean works(BubblewrapCommand candidate) {
        Sandbox only = new Sandbox(candidate, null, false, List.of());
        List<String> check = candidate.seccomp() == null ? List.of("/bin/true")
                : List.of("/bin/sh", "-c", "grep -q '^Seccomp:[[:space:]]*2$' /proc/self/status");
        return works(only.wrap(check, KernelLimits.defaults(), List.of(), null));
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
