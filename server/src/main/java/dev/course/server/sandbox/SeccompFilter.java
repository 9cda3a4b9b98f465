package dev.course.server.sandbox;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The system calls a kernel may not make: a seccomp filter that bubblewrap installs ({@code --seccomp
 * FD}) just before it starts the kernel, so it binds the kernel and everything the kernel starts.
 *
 * <p>The namespaces, the non-root uid and the empty capability sets already keep a kernel from
 * doing harm with most of these calls. The filter takes away what they leave: making new user
 * namespaces (inside one, an unprivileged process is root again and reaches kernel code written for
 * root — the source of many privilege escalations), and the kernel interfaces that are large, rarely
 * needed and often the first step of an exploit (keyrings, eBPF, perf events, userfaultfd, io_uring,
 * the mount API). Everything else is allowed: a list of what to refuse, not of what to permit, so that
 * the JVM, JShell, JUnit and ONNX Runtime work unchanged.
 *
 * <p>The program, in order:
 * <ol>
 *   <li>The architecture must be x86-64; a call through another ABI (32-bit {@code int 0x80}) kills
 *       the process, since it would be numbered differently and slip past the checks.</li>
 *   <li>x32 calls (numbers with bit 30 set) are refused: same reason.</li>
 *   <li>{@code clone3} answers ENOSYS: its flags live in a struct a filter cannot read, and glibc
 *       falls back to {@code clone} on ENOSYS (as under Docker and Flatpak).</li>
 *   <li>{@code clone} is allowed unless its flags ask for a new namespace ({@code CLONE_NEW*}); the
 *       JVM's threads and {@code ProcessBuilder}'s processes ask for none.</li>
 *   <li>{@code personality} may only query or set the default ({@code PER_LINUX}).</li>
 *   <li>The calls of {@link #REFUSED} answer EPERM.</li>
 *   <li>Anything else is allowed.</li>
 * </ol>
 * Only the low 32 bits of {@code clone}'s and {@code personality}'s argument are checked: the
 * Linux kernel reads no more of them ({@code clone} takes {@code lower_32_bits(flags)},
 * {@code personality} an {@code unsigned int}).
 */
public final class SeccompFilter {

    /** {@code AUDIT_ARCH_X86_64}: EM_X86_64 (62), 64-bit, little-endian. */
    static final int AUDIT_ARCH_X86_64 = 62 | 0x80000000 | 0x40000000;
    /** x32 system calls are the x86-64 numbers with this bit set. */
    static final int X32_SYSCALL_BIT = 0x40000000;

    /** Offsets in {@code struct seccomp_data}: the call's number, its architecture, its first argument (low half). */
    static final int NR_OFFSET = 0;
    static final int ARCH_OFFSET = 4;
    static final int FIRST_ARGUMENT_OFFSET = 16;

    /** Verdicts ({@code linux/seccomp.h}); an errno goes in the low 16 bits of {@link #RET_ERRNO}. */
    static final int RET_KILL_PROCESS = 0x80000000;
    static final int RET_ERRNO = 0x00050000;
    static final int RET_ALLOW = 0x7fff0000;
    static final int EPERM = 1;
    static final int ENOSYS = 38;

    /** x86-64 numbers of the calls the filter looks at, from {@code asm/unistd_64.h}. */
    static final int CLONE = 56;
    static final int CLONE3 = 435;
    static final int PERSONALITY = 135;

    /** {@code CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET}.
     *  ({@code CLONE_NEWTIME}, 0x80, overlaps clone's exit-signal byte and works only through clone3 and unshare.) */
    static final int CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000
            | 0x20000000 | 0x40000000;
    /** {@code personality(PER_LINUX)} sets the default; {@code personality(0xffffffff)} only asks. */
    static final int PER_LINUX = 0;
    static final int PERSONALITY_QUERY = 0xffffffff;

    /** Calls refused with EPERM, by name, with their x86-64 numbers. */
    static final Map<String, Integer> REFUSED = refused();

    private static Map<String, Integer> refused() {
        Map<String, Integer> calls = new LinkedHashMap<>();
        // namespaces: no new ones, no joining others
        calls.put("unshare", 272);
        calls.put("setns", 308);
        // the file system tree: mounts, old and new API, and changing root
        calls.put("mount", 165);
        calls.put("umount2", 166);
        calls.put("pivot_root", 155);
        calls.put("chroot", 161);
        calls.put("open_tree", 428);
        calls.put("move_mount", 429);
        calls.put("fsopen", 430);
        calls.put("fsconfig", 431);
        calls.put("fsmount", 432);
        calls.put("fspick", 433);
        calls.put("mount_setattr", 442);
        // file handles bypass path lookup
        calls.put("name_to_handle_at", 303);
        calls.put("open_by_handle_at", 304);
        // other processes' memory
        calls.put("ptrace", 101);
        calls.put("process_vm_readv", 310);
        calls.put("process_vm_writev", 311);
        // kernel interfaces with a long record of exploits
        calls.put("keyctl", 250);
        calls.put("add_key", 248);
        calls.put("request_key", 249);
        calls.put("bpf", 321);
        calls.put("perf_event_open", 298);
        calls.put("userfaultfd", 323);
        calls.put("io_uring_setup", 425);
        calls.put("io_uring_enter", 426);
        calls.put("io_uring_register", 427);
        // the machine itself
        calls.put("kexec_load", 246);
        calls.put("kexec_file_load", 320);
        calls.put("init_module", 175);
        calls.put("finit_module", 313);
        calls.put("delete_module", 176);
        calls.put("acct", 163);
        calls.put("swapon", 167);
        calls.put("swapoff", 168);
        calls.put("reboot", 169);
        calls.put("syslog", 103);
        calls.put("ioperm", 173);
        calls.put("iopl", 172);
        calls.put("quotactl", 179);
        calls.put("quotactl_fd", 443);
        return Map.copyOf(calls);
    }

    /** The kernel's filter, as bubblewrap reads it. */
    public static final SeccompFilter KERNEL = new SeccompFilter();

    private final byte[] program;

    private SeccompFilter() {
        this.program = assemble().bytes();
    }

    /** The filter as a program (for tests, which run it). */
    static ClassicBpf assemble() {
        ClassicBpf bpf = new ClassicBpf()
                .load(ARCH_OFFSET)
                .jumpUnlessEqual(AUDIT_ARCH_X86_64, "kill")
                .load(NR_OFFSET)
                .jumpIfAtLeast(X32_SYSCALL_BIT, "eperm")
                .jumpIfEqual(CLONE3, "enosys")
                .jumpIfEqual(CLONE, "clone")
                .jumpIfEqual(PERSONALITY, "personality");
        REFUSED.values().stream().sorted().forEach(number -> bpf.jumpIfEqual(number, "eperm"));
        return bpf.returns(RET_ALLOW)
                .label("clone")
                .load(FIRST_ARGUMENT_OFFSET)
                .jumpIfAnyBit(CLONE_NAMESPACE_FLAGS, "eperm")
                .returns(RET_ALLOW)
                .label("personality")
                .load(FIRST_ARGUMENT_OFFSET)
                .jumpIfEqual(PER_LINUX, "allow")
                .jumpIfEqual(PERSONALITY_QUERY, "allow")
                .jump("eperm")
                .label("allow")
                .returns(RET_ALLOW)
                .label("eperm")
                .returns(RET_ERRNO | EPERM)
                .label("enosys")
                .returns(RET_ERRNO | ENOSYS)
                .label("kill")
                .returns(RET_KILL_PROCESS);
    }

    /** The compiled program: {@code struct sock_filter} records, 8 bytes each. */
    public byte[] program() {
        return program.clone();
    }

    /**
     * Writes the program to a file in {@code folder} named by its digest, if no such file is there
     * yet, and returns it. The file is read by the shell that starts bubblewrap (as its descriptor
     * 3), so it must exist whenever a kernel starts; a file of that name holds these bytes.
     */
    public Path installIn(Path folder) throws IOException {
        Path file = folder.resolve("kernel-seccomp-" + digest() + ".bpf");
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), program)) {
            return file;
        }
        Files.createDirectories(folder);
        Path partial = Files.createTempFile(folder, "kernel-seccomp-", ".partial");
        try {
            Files.write(partial, program);
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        return file;
    }

    private String digest() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(program), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Whether this machine runs x86-64 Linux, the only ABI the filter is written for. */
    public static boolean supportedHere() {
        String arch = System.getProperty("os.arch", "");
        return System.getProperty("os.name", "").equals("Linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }
}
