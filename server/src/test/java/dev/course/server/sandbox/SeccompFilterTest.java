package dev.course.server.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seccomp program, run: a small classic-BPF interpreter below evaluates the exact bytes the
 * kernel would get on a {@code struct seccomp_data} for a given call, so each row of the decision
 * table is what Linux would decide.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SeccompFilterTest {

    private static final int ALLOW = SeccompFilter.RET_ALLOW;
    private static final int EPERM = SeccompFilter.RET_ERRNO | SeccompFilter.EPERM;
    private static final int ENOSYS = SeccompFilter.RET_ERRNO | SeccompFilter.ENOSYS;
    private static final int KILL = SeccompFilter.RET_KILL_PROCESS;

    /** glibc's pthread_create: CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID. */
    private static final long THREAD_FLAGS = 0x003d0f00L;
    /** posix_spawn (ProcessBuilder): CLONE_VM|CLONE_VFORK|SIGCHLD. */
    private static final long SPAWN_FLAGS = 0x00004111L;

    @ParameterizedTest(name = "{0}({1}) -> {2}")
    @CsvSource({
            // call,        first argument, verdict
            "read,          0,              ALLOW",
            "write,         1,              ALLOW",
            "mmap,          0,              ALLOW",
            "clone,         " + THREAD_FLAGS + ", ALLOW",
            "clone,         " + SPAWN_FLAGS + ",  ALLOW",
            "clone,         17,             ALLOW",         // fork(): SIGCHLD only
            "clone,         " + (0x10000000L | 17) + ", EPERM", // CLONE_NEWUSER
            "clone,         " + (0x40000000L | 17) + ", EPERM", // CLONE_NEWNET
            "clone,         " + (0x00020000L | 17) + ", EPERM", // CLONE_NEWNS
            "clone,         " + (0x20000000L | 17) + ", EPERM", // CLONE_NEWPID
            "clone,         " + (0x1_0000_0011L) + ", ALLOW",  // high half: the kernel ignores it
            "clone3,        0,              ENOSYS",
            "unshare,       0,              EPERM",
            "unshare,       " + 0x10000000L + ", EPERM",
            "setns,         3,              EPERM",
            "mount,         0,              EPERM",
            "umount2,       0,              EPERM",
            "pivot_root,    0,              EPERM",
            "chroot,        0,              EPERM",
            "ptrace,        16,             EPERM",
            "process_vm_readv, 1,           EPERM",
            "process_vm_writev, 1,          EPERM",
            "keyctl,        0,              EPERM",
            "add_key,       0,              EPERM",
            "request_key,   0,              EPERM",
            "bpf,           0,              EPERM",
            "perf_event_open, 0,            EPERM",
            "userfaultfd,   0,              EPERM",
            "io_uring_setup, 8,             EPERM",
            "kexec_load,    0,              EPERM",
            "init_module,   0,              EPERM",
            "finit_module,  0,              EPERM",
            "delete_module, 0,              EPERM",
            "open_by_handle_at, 0,          EPERM",
            "name_to_handle_at, 0,          EPERM",
            "acct,          0,              EPERM",
            "swapon,        0,              EPERM",
            "swapoff,       0,              EPERM",
            "reboot,        0,              EPERM",
            "syslog,        0,              EPERM",
            "ioperm,        0,              EPERM",
            "iopl,          3,              EPERM",
            "quotactl,      0,              EPERM",
            "open_tree,     0,              EPERM",
            "move_mount,    0,              EPERM",
            "fsopen,        0,              EPERM",
            "fsmount,       0,              EPERM",
            "fspick,        0,              EPERM",
            "mount_setattr, 0,              EPERM",
            "personality,   0,              ALLOW",         // PER_LINUX
            "personality,   " + 0xffffffffL + ", ALLOW",    // query
            "personality,   " + 0x0040000L + ", EPERM",     // READ_IMPLIES_EXEC
            "personality,   " + 0x0020000L + ", EPERM",     // ADDR_NO_RANDOMIZE
    })
    void decisionTable(String call, long firstArgument, String verdict) {
        int expected = switch (verdict) {
            case "ALLOW" -> ALLOW;
            case "EPERM" -> EPERM;
            case "ENOSYS" -> ENOSYS;
            default -> throw new IllegalArgumentException(verdict);
        };
        assertEquals(hex(expected), hex(run(SeccompFilter.AUDIT_ARCH_X86_64, number(call), firstArgument)), call + "(" + firstArgument + ")");
    }

    @Test
    void everyRefusedCallIsRefused() {
        SeccompFilter.REFUSED.forEach((name, number) ->
                assertEquals(hex(EPERM), hex(run(SeccompFilter.AUDIT_ARCH_X86_64, number, 0)), name));
    }

    @Test
    void anotherArchitectureKillsTheProcess() {
        int i386 = 3 | 0x40000000; // AUDIT_ARCH_I386: its numbers differ (11 is execve there, munmap here)
        assertEquals(hex(KILL), hex(run(i386, 11, 0)));
        assertEquals(hex(KILL), hex(run(i386, 0, 0)));
    }

    @Test
    void x32CallsAreRefused() {
        assertEquals(hex(EPERM), hex(run(SeccompFilter.AUDIT_ARCH_X86_64, SeccompFilter.X32_SYSCALL_BIT | 0, 0)), "x32 read");
        assertEquals(hex(EPERM), hex(run(SeccompFilter.AUDIT_ARCH_X86_64, SeccompFilter.X32_SYSCALL_BIT | 272, 0)), "x32 unshare");
    }

    @Test
    void everyOtherCallIsAllowed() {
        List<Integer> special = List.of(SeccompFilter.CLONE, SeccompFilter.CLONE3, SeccompFilter.PERSONALITY);
        for (int number = 0; number < 1024; number++) {
            if (!SeccompFilter.REFUSED.containsValue(number) && !special.contains(number)) {
                assertEquals(hex(ALLOW), hex(run(SeccompFilter.AUDIT_ARCH_X86_64, number, 0x10000000L)), "call " + number);
            }
        }
    }

    @Test
    void theProgramBeginsByCheckingTheArchitecture() {
        List<ClassicBpf.Instruction> program = SeccompFilter.assemble().assemble();
        assertEquals(new ClassicBpf.Instruction((short) 0x20, 0, 0, 4), program.get(0), "ld [4]: arch");
        assertEquals(ClassicBpf.JUMP_IF_EQUAL, program.get(1).code());
        assertEquals(0, program.get(1).jumpIfTrue(), "x86-64 goes on");
        assertEquals(SeccompFilter.AUDIT_ARCH_X86_64, program.get(1).constant());
        assertEquals(new ClassicBpf.Instruction((short) 0x20, 0, 0, 0), program.get(2), "ld [0]: nr");
        assertEquals(0xc000003e, SeccompFilter.AUDIT_ARCH_X86_64);
    }

    @Test
    void instructionsAreEncodedAsStructSockFilter() {
        byte[] bytes = new ClassicBpf().load(4).jumpIfEqual(0x12345678, "yes").returns(0).label("yes").returns(0x7fff0000).bytes();
        ByteBuffer expected = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        expected.putShort((short) 0x20).put((byte) 0).put((byte) 0).putInt(4);           // ld [4]
        expected.putShort((short) 0x15).put((byte) 1).put((byte) 0).putInt(0x12345678);  // jeq #0x12345678, +1, +0
        expected.putShort((short) 0x06).put((byte) 0).put((byte) 0).putInt(0);           // ret #0
        expected.putShort((short) 0x06).put((byte) 0).put((byte) 0).putInt(0x7fff0000);  // ret #ALLOW
        assertArrayEquals(expected.array(), bytes);
        assertEquals(0, SeccompFilter.KERNEL.program().length % 8);
    }

    @Test
    void badProgramsAreRefused() {
        assertThrows(IllegalStateException.class, () -> new ClassicBpf().load(0).assemble(), "must end with a return");
        assertThrows(IllegalStateException.class, () -> new ClassicBpf().jumpIfEqual(1, "nowhere").returns(0).assemble());
        assertThrows(IllegalArgumentException.class, () -> new ClassicBpf().label("a").label("a"));
        assertThrows(IllegalStateException.class, () -> new ClassicBpf().label("back").load(0).jumpIfEqual(1, "back").returns(0).assemble(),
                "only forward jumps");
        ClassicBpf far = new ClassicBpf().load(0).jumpIfEqual(1, "far");
        for (int i = 0; i < 300; i++) {
            far.load(0);
        }
        assertThrows(IllegalStateException.class, () -> far.label("far").returns(0).assemble(), "a jump past 255 instructions");
    }

    @Test
    void installingWritesTheProgramOnceUnderItsDigest(@TempDir Path dir) throws Exception {
        Path file = SeccompFilter.KERNEL.installIn(dir);
        assertArrayEquals(SeccompFilter.KERNEL.program(), Files.readAllBytes(file));
        assertTrue(file.getFileName().toString().matches("kernel-seccomp-[0-9a-f]{16}\\.bpf"), file.toString());
        assertEquals(file, SeccompFilter.KERNEL.installIn(dir));
        assertEquals(1, Files.list(dir).count(), "no partial files left");
    }

    // ---- a classic BPF interpreter, enough for seccomp filters ---------------------------------------

    /** Runs the kernel's filter on the {@code struct seccomp_data} of one call. */
    private static int run(int arch, int number, long firstArgument) {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(0, number).putInt(4, arch).putLong(8, 0x401000L).putLong(16, firstArgument);
        return interpret(SeccompFilter.KERNEL.program(), data);
    }

    private static int interpret(byte[] program, ByteBuffer data) {
        ByteBuffer code = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        int accumulator = 0;
        int pc = 0;
        for (int steps = 0; steps < 10_000; steps++) {
            int at = pc * 8;
            assertTrue(at + 8 <= program.length, "ran off the end of the program at " + pc);
            short op = code.getShort(at);
            int jt = Byte.toUnsignedInt(code.get(at + 2));
            int jf = Byte.toUnsignedInt(code.get(at + 3));
            int k = code.getInt(at + 4);
            pc++;
            switch (op) {
                case 0x20 -> {
                    assertTrue(k >= 0 && k + 4 <= 64 && k % 4 == 0, "aligned load inside seccomp_data: " + k);
                    accumulator = data.getInt(k);
                }
                case 0x15 -> pc += accumulator == k ? jt : jf;
                case 0x35 -> pc += Integer.compareUnsigned(accumulator, k) >= 0 ? jt : jf;
                case 0x45 -> pc += (accumulator & k) != 0 ? jt : jf;
                case 0x05 -> pc += k;
                case 0x06 -> {
                    return k;
                }
                default -> throw new AssertionError("opcode " + Integer.toHexString(op) + " at " + (pc - 1));
            }
        }
        throw new AssertionError("no verdict");
    }

    private static int number(String call) {
        return switch (call) {
            case "read" -> 0;
            case "write" -> 1;
            case "mmap" -> 9;
            case "clone" -> SeccompFilter.CLONE;
            case "clone3" -> SeccompFilter.CLONE3;
            case "personality" -> SeccompFilter.PERSONALITY;
            default -> {
                Integer number = SeccompFilter.REFUSED.get(call);
                if (number == null) {
                    throw new IllegalArgumentException("no number for " + call);
                }
                yield number;
            }
        };
    }

    private static String hex(int verdict) {
        return String.format("0x%08x", verdict);
    }
}
