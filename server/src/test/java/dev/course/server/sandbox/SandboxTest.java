package dev.course.server.sandbox;

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
    void layersWrapInOrderCgroupThenBubblewrapThenPrlimit() throws Exception {
        Sandbox all = new Sandbox(new BubblewrapCommand(Path.of("/usr/bin/bwrap"), BubblewrapCommand.Identity.USER_NAMESPACE, null), Path.of("/usr/bin/prlimit"), true, List.of());
        Cgroup cgroup = new Cgroup(List.of(Path.of("/sys/fs/cgroup/memory/course-kernels/k1/cgroup.procs")),
                List.of(), "v1");
        List<String> command = all.wrap(JAVA, KernelLimits.defaults(), List.of(Path.of("/app/a.jar")), cgroup);

        assertEquals("/bin/sh", command.getFirst());
        int bwrap = command.indexOf("/usr/bin/bwrap");
        int prlimit = command.indexOf("/usr/bin/prlimit");
        int java = command.indexOf("/jdk/bin/java");
        assertTrue(0 < bwrap && bwrap < prlimit && prlimit < java);
        assertEquals(JAVA, command.subList(java, command.size()));
        assertEquals(List.of("/usr/bin/bwrap", "--args", "4", "--"), command.subList(bwrap, prlimit),
                "bubblewrap's options, which name host paths, are not on its command line (process 1 inside)");
        List<String> sandbox = options(command);
        assertTrue(sandbox.contains("--unshare-all"), "no network, own pid space");
        assertTrue(sandbox.contains("--cap-drop"));
        assertTrue(sandbox.contains("--die-with-parent"));
        assertTrue(String.join(" ", sandbox).contains("--tmpfs /tmp"));
        assertTrue(String.join(" ", sandbox).contains("--uid " + Sandbox.SANDBOX_UID));
        assertTrue(sandbox.contains("--disable-userns"), "no nested user namespaces");
        assertTrue(command.contains("--core=0"));
        assertTrue(command.contains("--nofile=" + KernelLimits.DEFAULT_OPEN_FILES));
    }

    @Test
    void asRootTheKernelBecomesNobodyOnTheHostThroughSetpriv(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path jar = java.nio.file.Files.writeString(dir.resolve("a.jar"), "");
        BubblewrapCommand bwrap = new BubblewrapCommand(Path.of("/usr/bin/bwrap"), BubblewrapCommand.Identity.HOST_NOBODY,
                Path.of("/usr/bin/setpriv"));
        List<String> args = bwrap.arguments(List.of(jar), 32);
        String line = String.join(" ", args);
        assertFalse(args.contains("--unshare-user"), "no user namespace: it would map the kernel to host root");
        assertTrue(line.contains("--unshare-net") && line.contains("--unshare-pid"), line);
        assertTrue(line.contains("--cap-drop ALL"), line);
        assertTrue(line.contains("--perms 1777 --size " + (32L << 20) + " --tmpfs /tmp"), line);
        assertTrue(line.contains("--ro-bind " + jar + " " + jar), "the class path entry is bound: " + line);
        assertTrue(line.contains("--perms 0755 --dir " + dir), "its folders are made searchable for nobody: " + line);
        int setpriv = args.indexOf("/usr/bin/setpriv");
        assertTrue(setpriv > args.indexOf("--"), "setpriv runs inside the sandbox");
        assertTrue(args.subList(setpriv, args.size()).containsAll(List.of("--reuid=65534", "--regid=65534",
                "--clear-groups", "--bounding-set=-all", "--no-new-privs")), line);
    }

    @Test
    void theSeccompProgramIsOpenedAsTheDescriptorBubblewrapReads(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path program = SeccompFilter.KERNEL.installIn(dir);
        BubblewrapCommand bwrap = new BubblewrapCommand(Path.of("/usr/bin/bwrap"), BubblewrapCommand.Identity.USER_NAMESPACE, null)
                .withSeccomp(program);
        Sandbox sandbox = new Sandbox(bwrap, null, false, List.of());
        List<String> command = sandbox.wrap(JAVA, KernelLimits.defaults(), List.of(), null);
        assertEquals(List.of("/bin/sh", "-c", "f1=\"$1\"; f2=\"$2\"; shift 2; exec \"$@\" 3< \"$f1\" 4< \"$f2\"", "course-kernel",
                program.toString()), command.subList(0, 5));
        assertEquals(List.of("/usr/bin/bwrap", "--args", "4", "--"), command.subList(6, 10));
        String line = String.join(" ", options(command));
        assertTrue(line.contains("--seccomp 3"), line);
        assertTrue(line.contains("--disable-userns"), line);
        assertTrue(sandbox.describe(KernelLimits.defaults()).contains("seccomp"), sandbox.describe(KernelLimits.defaults()));

        Cgroup cgroup = new Cgroup(List.of(Path.of("/sys/fs/cgroup/pids/course-kernels/k1/cgroup.procs")), List.of(), "v1");
        String both = sandbox.wrap(JAVA, KernelLimits.defaults(), List.of(), cgroup).get(2);
        assertTrue(both.startsWith("for f in $COURSE_CGROUP_PROCS") && both.endsWith("exec \"$@\" 3< \"$f1\" 4< \"$f2\""),
                "joins the cgroup, then opens the program: " + both);

        List<String> older = bwrap.withoutDisableUserns().withSeccomp(null).arguments(List.of(), 32);
        assertFalse(older.contains("--disable-userns") || older.contains("--seccomp"), "bubblewrap before 0.8.0, no filter: " + older);
    }

    /** bubblewrap's options as it reads them from the file the starting shell opens. */
    private static List<String> options(List<String> command) throws java.io.IOException {
        Path file = command.stream().filter(arg -> arg.endsWith(".args")).map(Path::of).findFirst().orElseThrow();
        String content = java.nio.file.Files.readString(file);
        assertTrue(content.endsWith("\0"), "NUL-separated");
        return List.of(content.substring(0, content.length() - 1).split("\0", -1));
    }

    @Test
    void filesAreBoundAtNeutralPathsAndTheCommandNamesThose(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path home = dir.resolve("home/learner");
        Path jdk = java.nio.file.Files.createDirectories(home.resolve("jdks/jdk-25"));
        Path jar = java.nio.file.Files.writeString(java.nio.file.Files.createDirectories(home.resolve("checkout/server/target/lib")).resolve("a.jar"), "");
        Path classes = java.nio.file.Files.createDirectories(home.resolve("checkout/engine/target/classes"));
        Path cache = home.resolve(".cache/course");
        Path models = java.nio.file.Files.createDirectories(cache.resolve("models"));
        Path archive = java.nio.file.Files.writeString(java.nio.file.Files.createDirectories(cache.resolve("cds")).resolve("k.aot"), "");
        SandboxPaths paths = SandboxPaths.forKernel(jdk, List.of(jar, classes), cache, java.util.Map.of(archive, "cds/k.aot"));

        List<String> inside = paths.command(List.of(jdk.resolve("bin/java").toString(), "-Dcourse.cache=" + cache,
                "-XX:AOTCache=" + archive, "-Djava.io.tmpdir=/tmp", "-cp", jar + ":" + classes, "Main", "--stdio"));
        assertEquals(List.of("/course/jdk/bin/java", "-Dcourse.cache=/course/cache", "-XX:AOTCache=/course/cds/k.aot",
                "-Djava.io.tmpdir=/tmp", "-cp", "/course/lib/000-a.jar:/course/lib/001-classes", "Main", "--stdio"), inside);
        assertEquals(Path.of("/course/cache/models"), paths.inside(models), "the trained models, where -Dcourse.cache says");

        BubblewrapCommand bwrap = new BubblewrapCommand(Path.of("/usr/bin/bwrap"), BubblewrapCommand.Identity.USER_NAMESPACE, null);
        List<String> args = bwrap.arguments(paths.binds(List.of(jar, classes, jdk, archive, models)), 32);
        String line = String.join(" ", args);
        assertTrue(line.contains("--ro-bind " + jar + " /course/lib/000-a.jar"), line);
        assertTrue(line.contains("--ro-bind " + models + " /course/cache/models"), line);
        assertTrue(line.contains("--perms 0755 --dir /course/lib"), line);
        assertFalse(line.contains("--dir " + home), "no host folder is made inside: " + line);
    }

    @Test
    void onlyWorldReadableFilesCanBeBoundForHostNobody(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path open = java.nio.file.Files.writeString(dir.resolve("open.jar"), "");
        Path closed = java.nio.file.Files.writeString(dir.resolve("closed.jar"), "");
        java.nio.file.Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        java.nio.file.Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals(null, BubblewrapCommand.worldReadable(List.of(open)));
        assertEquals(closed.toString(), BubblewrapCommand.worldReadable(List.of(open, closed)));
    }

    @Test
    void limitsAreValidated() {
        var tooSmall = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new KernelLimits(1024, 256, 512, 10, 100, 10, 10, 64, java.time.Duration.ofSeconds(1), java.time.Duration.ZERO));
        assertTrue(tooSmall.getMessage().contains("must hold the heap"));
    }
}
