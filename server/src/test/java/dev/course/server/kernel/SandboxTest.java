package dev.course.server.kernel;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxTest {

    private static final List<String> JAVA = List.of("/jdk/bin/java", "-cp", "/app/a.jar", "Main");

    @Test
    void withoutLayersTheCommandIsJustJava() {
        Sandbox none = Sandbox.none("test");
        assertEquals(JAVA, none.wrap(JAVA, KernelLimits.defaults(), List.of(), null));
        assertFalse(none.isolated());
        assertTrue(none.describe(KernelLimits.defaults()).startsWith("UNSANDBOXED"));
    }

    @Test
    void layersWrapInOrderCgroupThenBubblewrapThenPrlimit() {
        Sandbox all = new Sandbox(Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/prlimit"), true, List.of());
        Cgroup cgroup = new Cgroup(List.of(Path.of("/sys/fs/cgroup/memory/course-kernels/k1/cgroup.procs")),
                List.of(), "v1");
        List<String> command = all.wrap(JAVA, KernelLimits.defaults(), List.of(Path.of("/app/a.jar")), cgroup);

        assertEquals("/bin/sh", command.getFirst());
        int bwrap = command.indexOf("/usr/bin/bwrap");
        int prlimit = command.indexOf("/usr/bin/prlimit");
        int java = command.indexOf("/jdk/bin/java");
        assertTrue(0 < bwrap && bwrap < prlimit && prlimit < java);
        assertEquals(JAVA, command.subList(java, command.size()));
        List<String> sandbox = command.subList(bwrap, prlimit);
        assertTrue(sandbox.contains("--unshare-all"), "no network, own pid space");
        assertTrue(sandbox.contains("--cap-drop"));
        assertTrue(sandbox.contains("--die-with-parent"));
        assertTrue(String.join(" ", sandbox).contains("--tmpfs /tmp"));
        assertTrue(String.join(" ", sandbox).contains("--uid " + Sandbox.SANDBOX_UID));
        assertTrue(command.contains("--core=0"));
        assertTrue(command.contains("--nofile=" + KernelLimits.DEFAULT_OPEN_FILES));
    }

    @Test
    void limitsAreValidated() {
        var tooSmall = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new KernelLimits(1024, 256, 512, 10, 100, 10, 10, java.time.Duration.ofSeconds(1), java.time.Duration.ZERO));
        assertTrue(tooSmall.getMessage().contains("must hold the heap"));
    }
}
