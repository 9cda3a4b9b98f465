package dev.course.server.kernel;

import dev.course.server.sandbox.KernelLimits;
import dev.course.server.sandbox.SandboxPaths;
import dev.course.server.sandbox.Cgroup;
import dev.course.server.sandbox.Sandbox;
import com.fasterxml.jackson.databind.JsonNode;
import dev.course.engine.generate.train.TrainedModels;
import dev.course.kernel.protocol.KernelClassPath;
import dev.course.kernel.protocol.KernelLaunch;
import dev.course.kernel.protocol.Messages;
import dev.course.server.modelhub.ModelStore;
import dev.course.server.models.ModelService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Starts kernel processes on this machine: the same kernel program that Jupyter runs, in
 * {@code --stdio} mode, wrapped in whatever {@link Sandbox} layers this machine offers and held to
 * {@link KernelLimits}. The local {@link KernelHost}.
 * Once a {@link KernelClassArchive} exists ({@link #prepareClassArchive()} makes it) kernels map
 * their classes from it, bound read-only into the sandbox, and start faster.
 */
public final class KernelLauncher implements KernelHost {

    /** Metaspace ceiling: JShell makes a class per snippet, and a loop can make many more. */
    static final int METASPACE_MB = 256;
    /**
     * Throwaway cells a kernel evaluates before it says it is ready, so that the JIT has compiled
     * JShell's compiler before a learner's first cell (see {@code JShellSession.warmUp(int)}). They
     * cost about a second at start, which the warm pool hides.
     */
    public static final int PRACTICE_CELLS = Integer.getInteger("course.practiceCells", 15);
    private static final Logger LOG = LoggerFactory.getLogger(KernelLauncher.class);
    /**
     * How many kernels may be starting at once on this machine, whichever launcher starts them. A
     * JVM start is a burst of CPU; forty of them at once on two cores starve each other (and the
     * kernels already running) until start-up times out.
     */
    static final int MAX_CONCURRENT_STARTS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final Semaphore STARTS = new Semaphore(MAX_CONCURRENT_STARTS, true);

    private final Path javaHome;
    private final List<Path> classPath;
    private final Sandbox sandbox;
    private final KernelLimits limits;
    private final KernelClassArchive archive;
    private final ModelService modelService;

    /**
     * @param javaHome  the JDK that runs kernels (25 or newer)
     * @param classPath the kernel's class path: the kernel, the engine and their libraries
     * @param sandbox   the layers to use
     * @param limits    the resource limits
     */
    public KernelLauncher(Path javaHome, List<Path> classPath, Sandbox sandbox, KernelLimits limits) {
        this(javaHome, classPath, sandbox, limits, null);
    }

    /**
     * @param archive the class-data archive kernels use once it exists; null for the one in the
     *                user's cache that belongs to this JDK, class path and flags
     */
    public KernelLauncher(Path javaHome, List<Path> classPath, Sandbox sandbox, KernelLimits limits, KernelClassArchive archive) {
        this(javaHome, classPath, sandbox, limits, archive, null);
    }

    /**
     * @param modelService the service kernels send their bundled models' forward passes to, or null
     *                     for kernels that load models themselves (as under Jupyter)
     */
    private KernelLauncher(Path javaHome, List<Path> classPath, Sandbox sandbox, KernelLimits limits, KernelClassArchive archive,
                           ModelService modelService) {
        this.modelService = modelService;
        this.javaHome = javaHome;
        this.classPath = List.copyOf(classPath);
        this.sandbox = sandbox;
        this.limits = limits;
        if (this.classPath.isEmpty()) {
            throw new IllegalArgumentException("the kernel class path is empty");
        }
        this.archive = archive != null ? archive : KernelClassArchive.inCache(javaHome, this.classPath, jvmFlags());
        try {
            // made now, so that a model trained while the server runs is in the folder kernels see
            Files.createDirectories(TrainedModels.modelsDir());
        } catch (IOException e) {
            LOG.warn("no folder for trained models ({}): lessons will train their own small model", e.getMessage());
        }
    }

    /**
     * This launcher, with kernels told that {@code service} runs their bundled models
     * ({@code -Dcourse.kernel.modelService=true}); their sessions route the model comm to it.
     */
    public KernelLauncher withModelService(ModelService service) {
        return new KernelLauncher(javaHome, classPath, sandbox, limits, archive, service);
    }

    /** The model service kernels use, or null when they load models themselves. */
    @Override
    public ModelService modelService() {
        return modelService;
    }

    /** A launcher for the running application: this JDK, the kernel's class path, the machine's sandbox. */
    public static KernelLauncher forThisApplication(Sandbox sandbox, KernelLimits limits) {
        return new KernelLauncher(Path.of(System.getProperty("java.home")), kernelClassPath(), sandbox, limits);
    }

    /**
     * The lessons module's jar, alone: cells read the lessons as a corpus from the class path (the
     * RAG lessons' {@code Sources.lessons}, {@code ./course train}'s {@code Corpus.lessons}), so
     * kernels get the lesson content, without the Markdown and YAML libraries that render it.
     */
    static final KernelClassPath.Artifact LESSON_CONTENT = new KernelClassPath.Artifact("dev.course", "course-lessons", "", "");

    /**
     * The kernel's class path, picked out of the running JVM's (the java launcher has already
     * expanded {@code lib/*}): the kernel, the engine and their run-time libraries as the kernels
     * module's build listed them ({@link KernelClassPath}), and the {@link #LESSON_CONTENT}; none of
     * the server's own libraries (web server, JDBC drivers, command line, the bench commands'
     * llama.cpp and langchain4j).
     */
    public static List<Path> kernelClassPath() {
        return kernelClassPath(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank()).map(Path::of).map(Path::toAbsolutePath).toList());
    }

    /** The kernel's class path picked out of an application's class path (see {@link #kernelClassPath()}). */
    public static List<Path> kernelClassPath(List<Path> application) {
        List<Path> kernel = new ArrayList<>(KernelClassPath.from(application));
        application.stream().filter(LESSON_CONTENT::isIn).findFirst().ifPresent(kernel::add);
        return List.copyOf(kernel);
    }

    /**
     * Starts one kernel process.
     *
     * @param kernelId  a name for its cgroup and logs (letters, digits, dashes)
     * @param onMessage receives every message the kernel writes, on a reader thread
     * @param onExit    told when the process is gone
     */
    @Override
    public KernelProcess start(String kernelId, Consumer<JsonNode> onMessage, Consumer<Kernel> onExit) throws IOException {
        Cgroup cgroup = null;
        if (sandbox.cgroups()) {
            StringBuilder why = new StringBuilder();
            cgroup = Cgroup.create(Cgroup.nameFor(kernelId), limits, why).orElseThrow(() ->
                    new IOException("cgroups worked at start-up but not for kernel " + kernelId + ": " + why));
        }
        List<Path> visible = new ArrayList<>(classPath);
        visible.add(javaHome);
        List<String> archiveFlags = archive.jvmFlags();
        archive.usable().ifPresent(visible::add);
        if (Files.isDirectory(TrainedModels.modelsDir())) {
            visible.add(TrainedModels.modelsDir());             // read-only, like everything bound
        }
        Path pulled = ModelStore.fromEnvironment().root();      // './course models pull' (COURSE_MODELS)
        if (Files.isDirectory(pulled) && !pulled.equals(TrainedModels.modelsDir().toAbsolutePath().normalize())) {
            visible.add(pulled);
        }
        SandboxPaths paths = sandboxPaths(pulled);
        List<String> command = sandbox.wrap(paths.command(javaCommand(archiveFlags)), limits, paths.binds(visible), cgroup);
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("HOME", sandbox.isolated() ? "/tmp" : System.getProperty("java.io.tmpdir"));
        env.put("JAVA_HOME", paths.inside(javaHome).toString());
        if (cgroup != null) {
            env.put("COURSE_CGROUP_PROCS", cgroup.procsFiles().stream().map(Path::toString).collect(Collectors.joining(" ")));
        }
        return KernelProcess.start(command, env, cgroup, onMessage, onExit);
    }

    /**
     * Where a sandboxed kernel sees its files: at neutral paths under {@code /course}, none of them
     * the host's ({@link SandboxPaths}); without a sandbox, where they are.
     */
    private SandboxPaths sandboxPaths(Path pulledModels) {
        if (!sandbox.isolated()) {
            return SandboxPaths.same();
        }
        Map<Path, String> others = new HashMap<>();
        Path cache = TrainedModels.cacheDir().toAbsolutePath().normalize();
        if (!pulledModels.toAbsolutePath().normalize().startsWith(cache)) {
            others.put(pulledModels, "models");                 // COURSE_MODELS elsewhere; else below /course/cache
        }
        archive.usable().ifPresent(file -> others.put(file, "cds/" + file.getFileName()));
        return SandboxPaths.forKernel(javaHome, classPath, cache, others);
    }

    /** The kernel's JVM command line, before any sandbox layer, with the class-data archive if there is one. */
    List<String> javaCommand() {
        return javaCommand(archive.jvmFlags());
    }

    private List<String> javaCommand(List<String> archiveFlags) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(jvmFlags());
        if (modelService != null) {
            // Not one of jvmFlags(): the class-data archive is the same with or without the service.
            command.add("-D" + KernelLaunch.MODEL_SERVICE_PROPERTY + "=true");
        }
        // Where the models that './course train' saved are: the lessons load the trained model from
        // there instead of training a small one in the cell (the kernel's home is its own /tmp).
        command.add("-Dcourse.cache=" + TrainedModels.cacheDir());
        command.add("-Dcourse.models=" + ModelStore.fromEnvironment().root());
        command.addAll(archiveFlags);
        command.addAll(List.of("-cp", classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                KernelLaunch.MAIN_CLASS, KernelLaunch.STDIO));
        return command;
    }

    /** The kernel JVM's flags: the ones every kernel needs ({@link KernelLaunch#JVM_FLAGS}), limits, encodings. */
    private List<String> jvmFlags() {
        List<String> command = new ArrayList<>(KernelLaunch.JVM_FLAGS);
        command.addAll(List.of(
                "-Xmx" + limits.heapMegabytes() + "m",
                "-XX:MaxDirectMemorySize=" + limits.directMegabytes() + "m",
                "-XX:+ExitOnOutOfMemoryError",
                // Generated classes (one per snippet) have a ceiling too, and no perf-data file is written.
                "-XX:MaxMetaspaceSize=" + METASPACE_MB + "m",
                "-XX:-UsePerfData",
                // The JVM's own messages ("Terminating due to java.lang.OutOfMemoryError") go to stderr,
                // where the server reads why a kernel died, and never into the protocol on stdout.
                "-XX:+DisplayVMOutputToStderr",
                "-D" + KernelLaunch.PRACTICE_CELLS_PROPERTY + "=" + PRACTICE_CELLS,
                "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
        if (sandbox.isolated()) {
            command.add("-Djava.io.tmpdir=/tmp");
            // No vectors kept between kernels: a learner's kernel must not write what another's reads.
            command.add("-D" + KernelLaunch.EMBEDDING_CACHE_PROPERTY + "=" + KernelLaunch.EMBEDDING_CACHE_OFF);
        }
        if (sandbox.cgroups()) {
            // The cgroup's CPU quota, not the machine's cores, is what the kernel can use; the JVM
            // cannot see the quota from inside the sandbox, so thread pools (the engine's matrix
            // workers, the common pool) are sized to it here instead of spinning against it.
            command.add("-XX:ActiveProcessorCount=" + Math.max(1, (limits.cpuPercent() + 99) / 100));
        }
        return command;
    }

    /** A process that died is gone: the session starts or adopts another. */
    @Override
    public Optional<Kernel> successor(Kernel dead, Consumer<JsonNode> onMessage, Consumer<Kernel> onExit) {
        return Optional.empty();
    }

    /**
     * Makes the class-data archive in the background if it does not exist yet: one kernel, outside
     * the sandbox, runs a few cells and exits, writing the classes it loaded. Kernels started before
     * it is done start without it. Completes with whether the archive is there to use.
     */
    public CompletableFuture<Boolean> prepareClassArchive() {
        return archive.ensureCreated(this::trainArchive);
    }

    /** This launcher with a class-data archive of the given kind (for comparing them). */
    public KernelLauncher withArchive(KernelClassArchive.Kind kind) {
        return new KernelLauncher(javaHome, classPath, sandbox, limits, KernelClassArchive.inCache(javaHome, classPath, jvmFlags(), kind),
                modelService);
    }

    /** This launcher without a class-data archive. */
    public KernelLauncher withoutArchive() {
        return new KernelLauncher(javaHome, classPath, sandbox, limits, KernelClassArchive.none(), modelService);
    }

    /** The archive kernels use once it exists. */
    public KernelClassArchive classArchive() {
        return archive;
    }

    /** Cells a training kernel runs: what a learner's first cells touch (printing, values, display). */
    static final List<String> TRAINING_CELLS = List.of(
            "int n = 6 * 7;\nSystem.out.println(\"n = \" + n);\nn",
            "double[] v = {3, 4};\nMath.sqrt(v[0] * v[0] + v[1] * v[1])",
            "String shout(String s) { return s.toUpperCase() + \"!\"; }\nshout(\"hello\")",
            "List.of(3, 1, 2).stream().sorted().map(String::valueOf).collect(java.util.stream.Collectors.joining(\", \"))",
            "html(\"<b>bold</b>\");",
            "int[] xs = new int[3]; xs[5] = 1;");

    private boolean trainArchive(Path output) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString()));
        command.addAll(jvmFlags());
        command.add(archive.kind().trainingFlag(output));
        command.addAll(KernelClassArchive.LOG_TO_STDERR);
        command.addAll(List.of("-cp", classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                KernelLaunch.MAIN_CLASS, KernelLaunch.STDIO));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("HOME", System.getProperty("java.io.tmpdir"));
        env.put("JAVA_HOME", javaHome.toString());
        List<String> pending = new CopyOnWriteArrayList<>();
        CountDownLatch exited = new CountDownLatch(1);
        AtomicReference<KernelProcess> kernel = new AtomicReference<>();
        KernelProcess started = KernelProcess.start(command, env, null, message -> {
            if (Messages.msgType(message).equals("execute_reply") && pending.remove(Messages.parentId(message)) && pending.isEmpty()) {
                kernel.get().send(Messages.request("control", "shutdown_request", "training",
                        Messages.JSON.createObjectNode().put("restart", false)));
            }
        }, gone -> exited.countDown());
        kernel.set(started);
        List<JsonNode> requests = TRAINING_CELLS.stream().<JsonNode>map(cell -> Messages.executeRequest("training", cell, false)).toList();
        requests.forEach(request -> pending.add(Messages.msgId(request))); // all of them before the first reply
        requests.forEach(started::send);
        if (!exited.await(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            started.kill();
            return false;
        }
        return started.exitCode() == 0;
    }

    /** How long a training kernel may take (a busy machine, a cold disk). */
    private static final long TRAINING_TIMEOUT_SECONDS = 180;

    public Sandbox sandbox() {
        return sandbox;
    }

    @Override
    public KernelLimits limits() {
        return limits;
    }

    @Override
    public String describe() {
        return sandbox.describe(limits);
    }

    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public boolean sandboxed() {
        return sandbox.isolated();
    }

    @Override
    public OptionalInt memoryLimitMegabytes() {
        return OptionalInt.of(limits.memoryMegabytes());
    }

    @Override
    public Semaphore startPermits() {
        return STARTS;
    }

    /** Nothing to let go of: each kernel process belongs to its session. */
    @Override
    public void close() {
    }
}
