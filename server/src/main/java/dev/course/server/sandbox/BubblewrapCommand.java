package dev.course.server.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bubblewrap part of a kernel's command line: what the kernel sees of the machine, and as whom.
 *
 * <p>Inside, the kernel has new namespaces for everything (its own network with only a loopback,
 * its own process ids, host name, IPC and cgroup view), no capabilities, a read-only {@code /usr},
 * a private {@code /tmp} of bounded size, and read-only binds of exactly the files it needs: its
 * class path entries and the JDK, and what its launcher adds (the class-data archive, the folder of
 * models {@code ./course train} saved). {@code /etc}, {@code /home}, {@code /root}, the server's data and
 * other kernels' {@code /tmp} simply do not exist in there. Of {@code /sys} only the transparent
 * huge page settings are visible, read-only: the engine reads them to decide whether model weights
 * may live on 2 MB pages.
 *
 * <p>Two ways to be nobody:
 * <ul>
 *   <li>{@link Identity#USER_NAMESPACE} (the server runs as an ordinary user): bubblewrap makes a
 *       user namespace in which the kernel is uid 65534; on the host it is the server's own,
 *       unprivileged uid. Nested user namespaces are disabled ({@code --disable-userns}, where this
 *       bubblewrap has it).</li>
 *   <li>{@link Identity#HOST_NOBODY} (the server runs as root, e.g. in a container or a workshop
 *       VM): a user namespace would map the kernel to host root, so instead bubblewrap runs
 *       privileged, keeps only the capabilities needed to change uid, and {@code setpriv} becomes
 *       uid/gid 65534 <em>on the host</em>, clears supplementary groups, empties the capability
 *       bounding set and sets no-new-privileges before the kernel starts. This needs every bound
 *       file to be world-readable; {@link #worldReadable} checks that first. With no user namespace
 *       of its own, only the seccomp filter keeps nobody from making one.</li>
 * </ul>
 *
 * <p>On top of either, a {@link SeccompFilter} (when {@code seccomp} is set) refuses new
 * namespaces, mounts, ptrace, keyrings, eBPF and the like. bubblewrap reads the compiled program
 * from descriptor {@value #SECCOMP_FD}, which whoever runs the command must open on the program's
 * file ({@link Sandbox#wrap} does, in the shell that starts bubblewrap).
 *
 * @param bubblewrap    the bwrap executable
 * @param identity      how the kernel becomes nobody
 * @param setpriv       the setpriv executable, required for {@link Identity#HOST_NOBODY}
 * @param seccomp       the file holding the compiled seccomp program, or null for none
 * @param disableUserns whether to pass {@code --disable-userns} (bubblewrap 0.8.0 and newer; only
 *                      with {@link Identity#USER_NAMESPACE}, which has the user namespace it needs)
 */
public record BubblewrapCommand(Path bubblewrap, Identity identity, Path setpriv, Path seccomp, boolean disableUserns) {

    /** The descriptor bubblewrap reads the seccomp program from. */
    public static final int SECCOMP_FD = 3;

    /** The kernel's transparent huge page settings, the one part of {@code /sys} a kernel sees. */
    static final String TRANSPARENT_HUGE_PAGES = "/sys/kernel/mm/transparent_hugepage";

    /** The uid and gid a sandboxed kernel runs as (nobody). */
    public static final int NOBODY = 65534;

    /** How the kernel process gets a non-root identity. */
    public enum Identity { USER_NAMESPACE, HOST_NOBODY }

    public BubblewrapCommand {
        if (bubblewrap == null || identity == null) {
            throw new IllegalArgumentException("bubblewrap and identity are required");
        }
        if (identity == Identity.HOST_NOBODY && setpriv == null) {
            throw new IllegalArgumentException("HOST_NOBODY needs setpriv");
        }
        if (identity == Identity.HOST_NOBODY && disableUserns) {
            throw new IllegalArgumentException("--disable-userns needs a user namespace (USER_NAMESPACE)");
        }
    }

    /** The strongest set-up for an identity: nested user namespaces off where there is a user namespace, no seccomp yet. */
    public BubblewrapCommand(Path bubblewrap, Identity identity, Path setpriv) {
        this(bubblewrap, identity, setpriv, null, identity == Identity.USER_NAMESPACE);
    }

    /** This set-up with the seccomp program in {@code file} (or none, for null). */
    public BubblewrapCommand withSeccomp(Path file) {
        return new BubblewrapCommand(bubblewrap, identity, setpriv, file, disableUserns);
    }

    /** This set-up without {@code --disable-userns}, for bubblewrap older than 0.8.0. */
    public BubblewrapCommand withoutDisableUserns() {
        return new BubblewrapCommand(bubblewrap, identity, setpriv, seccomp, false);
    }

    /**
     * The arguments that run the rest of a command line inside the sandbox, with files bound at the same path.
     *
     * @param binds        files and folders bound read-only where they are (class path entries, the JDK)
     * @param tmpMegabytes size of the private /tmp
     */
    public List<String> arguments(List<Path> binds, int tmpMegabytes) {
        return arguments(SandboxPaths.same().binds(binds), tmpMegabytes);
    }

    /**
     * The arguments that run the rest of a command line inside the sandbox.
     *
     * @param binds        files and folders (on the host) bound read-only at a path inside ({@link SandboxPaths})
     * @param tmpMegabytes size of the private /tmp
     */
    public List<String> arguments(Map<Path, Path> binds, int tmpMegabytes) {
        List<String> args = new ArrayList<>(List.of(bubblewrap.toString()));
        if (identity == Identity.USER_NAMESPACE) {
            args.addAll(List.of("--unshare-all", "--unshare-user"));
            if (disableUserns) {
                args.add("--disable-userns");
            }
            args.addAll(List.of("--uid", Integer.toString(NOBODY), "--gid", Integer.toString(NOBODY), "--cap-drop", "ALL"));
        } else {
            // Privileged bubblewrap: no user namespace, so that setpriv below gives a real host uid.
            args.addAll(List.of("--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup",
                    "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"));
        }
        if (seccomp != null) {
            args.addAll(List.of("--seccomp", Integer.toString(SECCOMP_FD)));
        }
        args.addAll(List.of("--die-with-parent", "--new-session", "--hostname", "kernel",
                "--ro-bind", "/usr", "/usr",
                "--proc", "/proc", "--dev", "/dev",
                // parents world-searchable, or nobody could not reach the settings below them
                "--perms", "0755", "--dir", "/sys", "--perms", "0755", "--dir", "/sys/kernel",
                "--perms", "0755", "--dir", "/sys/kernel/mm",
                "--ro-bind-try", TRANSPARENT_HUGE_PAGES, TRANSPARENT_HUGE_PAGES,
                "--perms", "1777", "--size", Long.toString(tmpMegabytes * 1024L * 1024L), "--tmpfs", "/tmp",
                "--chdir", "/tmp"));
        for (String top : List.of("/bin", "/lib", "/lib64", "/sbin")) {
            Path path = Path.of(top);
            if (Files.isSymbolicLink(path)) {
                try {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), top));
                } catch (IOException e) {
                    args.addAll(List.of("--ro-bind-try", top, top));
                }
            } else if (Files.isDirectory(path)) {
                args.addAll(List.of("--ro-bind", top, top));
            }
        }
        Map<Path, Path> needed = notYetVisible(binds);
        // Parent folders are made world-searchable: bubblewrap would otherwise copy the host's modes
        // (a 0700 /root would hide a jar bound below it from nobody).
        for (Path parent : parents(List.copyOf(needed.values()))) {
            args.addAll(List.of("--perms", "0755", "--dir", parent.toString()));
        }
        needed.forEach((host, inside) -> args.addAll(List.of("--ro-bind", host.toString(), inside.toString())));
        args.add("--");
        if (identity == Identity.HOST_NOBODY) {
            args.addAll(List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                    "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs", "--"));
        }
        return args;
    }

    /** Whether nobody can read every bind: needed for {@link Identity#HOST_NOBODY}. Names the first that fails. */
    public static String worldReadable(List<Path> binds) {
        for (Path bind : outsideUsr(binds)) {
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(bind);
                boolean readable = permissions.contains(PosixFilePermission.OTHERS_READ)
                        && (!Files.isDirectory(bind) || permissions.contains(PosixFilePermission.OTHERS_EXECUTE));
                if (!readable) {
                    return bind.toString();
                }
            } catch (IOException | UnsupportedOperationException e) {
                return bind.toString();
            }
        }
        return null;
    }

    /**
     * Binds that exist and are not already visible through the /usr bind (a file of /usr bound where it
     * is), host path to path inside, in the order of the paths inside, without duplicates.
     */
    private static Map<Path, Path> notYetVisible(Map<Path, Path> binds) {
        Map<Path, Path> byInside = new TreeMap<>();
        binds.forEach((host, inside) -> {
            Path absolute = host.toAbsolutePath().normalize();
            if (Files.exists(absolute) && !(absolute.startsWith("/usr") && absolute.equals(inside))) {
                byInside.put(inside, absolute);
            }
        });
        Map<Path, Path> needed = new LinkedHashMap<>();
        byInside.forEach((inside, host) -> needed.put(host, inside));
        return needed;
    }

    /** Binds that exist and are not already visible through the /usr bind, absolute and without duplicates. */
    private static List<Path> outsideUsr(List<Path> binds) {
        Set<Path> unique = new TreeSet<>();
        for (Path path : binds) {
            Path absolute = path.toAbsolutePath().normalize();
            if (!absolute.startsWith("/usr") && Files.exists(absolute)) {
                unique.add(absolute);
            }
        }
        return List.copyOf(unique);
    }

    /** Every folder above the binds, parents before children, except / and /tmp (which exist already). */
    private static Set<Path> parents(List<Path> binds) {
        Set<Path> parents = new TreeSet<>();
        for (Path bind : binds) {
            for (Path parent = bind.getParent(); parent != null && parent.getNameCount() > 0; parent = parent.getParent()) {
                parents.add(parent);
            }
        }
        parents.removeIf(parent -> parent.equals(Path.of("/tmp")));
        return parents;
    }
}
