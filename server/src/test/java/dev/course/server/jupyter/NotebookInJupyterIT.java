package dev.course.server.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.kernel.protocol.MimeTypes;
import dev.course.server.cli.CourseCli;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Jupyter (Debian's packages): our kernelspec installed into a temporary Jupyter path, the
 * first lesson exported as a notebook, executed by {@code jupyter nbconvert --execute}, and the
 * outputs read back from the executed notebook. The tests share one install, one export and one
 * nbconvert run per notebook ({@link #shared}).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class NotebookInJupyterIT {

    private static final Path NBCONVERT = Path.of("/usr/bin/jupyter-nbconvert");
    private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static List<String> courseCli(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CourseCli.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void theExportedFirstLessonRunsInJupyterWithOurKernel() throws Exception {
        boolean installed = Files.isExecutable(NBCONVERT) && Files.isExecutable(SYSTEM_PYTHON);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI needs jupyter-nbconvert and python3-jupyter-client");
        }
        Assumptions.assumeTrue(installed, "Jupyter test skipped: apt-get install jupyter-nbconvert python3-jupyter-client");

        Map<String, String> env = kernelInstalled();
        Result list = run(List.of(SYSTEM_PYTHON.toString(), "-m", "jupyter_client.kernelspecapp", "list"), env, 60);
        assertTrue(list.output().contains("course-java"), list.output());

        Path notebooks = exported();
        Path notebook = notebooks.resolve("foundations/01-vectors-and-similarity.ipynb");
        assertTrue(Files.isRegularFile(notebook), exportOutput);

        // The same run as everyExportedLessonRunsInJupyter's first notebook: made once, by whichever test asks first.
        Path executed = executed(notebook);

        JsonNode cells = new ObjectMapper().readTree(executed.toFile()).get("cells");
        List<JsonNode> code = new ArrayList<>();
        cells.forEach(cell -> {
            if (cell.get("cell_type").asText().equals("code")) {
                code.add(cell);
            }
        });
        assertTrue(code.stream().allMatch(cell -> cell.get("execution_count").isInt()), "every code cell ran");
        assertEquals("8.0", textOf(code.getFirst(), "execute_result"), "dot(a, b)");
        assertTrue(code.stream().anyMatch(cell -> hasMime(cell, "image/svg+xml")), "the arrows cell drew an SVG");
        JsonNode check = code.stream().filter(cell -> cell.at("/metadata/tags/0").asText().equals("check")).findFirst().orElseThrow();
        assertTrue(hasMime(check, MimeTypes.CHECK), "the exercise check ran in Jupyter: " + check);
        Files.copy(executed, Path.of("target", "executed-01-vectors-and-similarity.ipynb"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A real {@code jupyter_client} session with our kernel over ZMQ: a cell reading
     * {@code System.in} with {@code allow_stdin=True} sends an {@code input_request} on the stdin
     * channel, jupyter_client's {@code input()} answers it and the cell uses the line; with
     * {@code allow_stdin=False} the read fails at once; {@code history} lists the cells that ran.
     */
    @Test
    void aJupyterClientAnswersTheKernelsInputRequest(@TempDir Path dir) throws Exception {
        boolean installed = Files.isExecutable(SYSTEM_PYTHON);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI needs python3-jupyter-client");
        }
        Assumptions.assumeTrue(installed, "Jupyter test skipped: apt-get install python3-jupyter-client");
        Map<String, String> env = kernelInstalled();
        Path script = dir.resolve("stdin_session.py");
        Files.writeString(script, STDIN_SESSION);

        Result session = run(List.of(SYSTEM_PYTHON.toString(), script.toString()), env, 300);
        assertEquals(0, session.exit(), session.output());
        // Python may print noise after it (jupyter_client's clean-up at interpreter exit): take the JSON line.
        String line = session.output().lines().filter(text -> text.startsWith("{")).reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no result line:\n" + session.output()));
        JsonNode result = new ObjectMapper().readTree(line);
        assertEquals("input_request", result.path("stdin_msg_type").asText(), result.toString());
        assertTrue(result.path("parent_is_execute").asBoolean(), "the input_request names the execute_request as parent");
        assertEquals(false, result.path("password").asBoolean(true));
        assertEquals("ok", result.path("status").asText(), result.toString());
        assertEquals("\"Hello, Ada\"", result.path("value").asText(), result.toString());
        assertTrue(result.path("no_stdin_ename").asText().endsWith("StdinNotAvailableException"), result.toString());
        assertTrue(result.path("history").toString().contains("new Scanner(System.in).nextLine()"), result.toString());
    }

    /** The jupyter_client side of the stdin test; prints one JSON line with what it saw. */
    private static final String STDIN_SESSION = """
            import json
            from jupyter_client.manager import start_new_kernel

            km, kc = start_new_kernel(kernel_name="course-java", startup_timeout=180)
            result = {}
            try:
                code = 'System.out.print("Your name? ");\\nString name = new Scanner(System.in).nextLine();\\n"Hello, " + name'
                msg_id = kc.execute(code, allow_stdin=True)
                request = kc.get_stdin_msg(timeout=120)
                result["stdin_msg_type"] = request["header"]["msg_type"]
                result["parent_is_execute"] = request["parent_header"].get("msg_id") == msg_id
                result["password"] = request["content"].get("password")
                kc.input("Ada")
                reply = kc.get_shell_msg(timeout=120)
                while reply["parent_header"].get("msg_id") != msg_id:
                    reply = kc.get_shell_msg(timeout=120)
                result["status"] = reply["content"]["status"]
                while True:
                    message = kc.get_iopub_msg(timeout=120)
                    if message["parent_header"].get("msg_id") != msg_id:
                        continue
                    if message["msg_type"] == "execute_result":
                        result["value"] = message["content"]["data"]["text/plain"]
                    if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                        break
                refused = kc.execute_interactive("new Scanner(System.in).nextLine()", allow_stdin=False,
                                                 timeout=120, output_hook=lambda message: None)
                result["no_stdin_ename"] = refused["content"].get("ename")
                history_id = kc.history(hist_access_type="tail", n=10, output=False, raw=True)
                reply = kc.get_shell_msg(timeout=60)
                while reply["parent_header"].get("msg_id") != history_id:
                    reply = kc.get_shell_msg(timeout=60)
                result["history"] = [entry[2] for entry in reply["content"]["history"]]
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)
            print(json.dumps(result))
            """;

    /**
     * Every lesson, exported and executed by Jupyter itself: nbconvert fails on any cell error, so
     * a passing run means every cell of every notebook ran in our kernel; each exercise's check cell
     * must also have shown its verdict.
     */
    @org.junit.jupiter.api.TestFactory
    java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> everyExportedLessonRunsInJupyter() throws Exception {
        boolean installed = Files.isExecutable(NBCONVERT) && Files.isExecutable(SYSTEM_PYTHON);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI needs jupyter-nbconvert and python3-jupyter-client");
        }
        Assumptions.assumeTrue(installed, "Jupyter test skipped: apt-get install jupyter-nbconvert python3-jupyter-client");
        kernelInstalled();
        Path notebooks = exported();
        List<Path> all;
        try (var walk = Files.walk(notebooks)) {
            // -Dcourse.it.lessons=reranking,embeddings runs only the notebooks whose path contains one of those words.
            all = walk.filter(p -> p.toString().endsWith(".ipynb"))
                    .filter(p -> dev.course.server.lessons.LessonRuns.selected(notebooks.relativize(p).toString()))
                    .sorted().toList();
        }
        assertTrue(!all.isEmpty(), "every lesson is exported: " + all);
        // Two notebooks at a time (each in its own nbconvert and kernel): see LessonRuns.
        return dev.course.server.lessons.LessonRuns.concurrently(all, notebook -> notebooks.relativize(notebook).toString(),
                notebook -> {
                    Path executed = executed(notebook);
                    // Kept for reading what each cell printed (numbers the prose quotes).
                    Path kept = Path.of("target", "executed-notebooks");
                    Files.createDirectories(kept);
                    Files.copy(executed, kept.resolve(executed.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    JsonNode executedNotebook = new ObjectMapper().readTree(executed.toFile());
                    String lessonFile = executedNotebook.at("/metadata/course/lesson").asText(notebook.toString());
                    List<String> disagreements = new java.util.ArrayList<>();
                    for (JsonNode cell : executedNotebook.get("cells")) {
                        if (cell.get("cell_type").asText().equals("code")) {
                            assertTrue(cell.get("execution_count").isInt(), notebook + ": a code cell did not run");
                            reportSlowCell(lessonFile, cell);
                            // What the prose says this cell prints, kept by the exporter, checked against Jupyter's outputs.
                            List<dev.course.lessons.Expectation> expectations = new java.util.ArrayList<>();
                            cell.at("/metadata/course/expect").forEach(e -> expectations.add(
                                    dev.course.lessons.Expectation.parse(e.get("expect").asText(), e.get("line").asInt())));
                            disagreements.addAll(dev.course.lessons.Expectation.disagreements(lessonFile, expectations, printed(cell)));
                        }
                        if (cell.at("/metadata/tags/0").asText().equals("check")) {
                            assertTrue(hasMime(cell, MimeTypes.CHECK), notebook + ": a check showed no verdict");
                        }
                    }
                    assertTrue(disagreements.isEmpty(), String.join("\n", disagreements));
                });
    }

    /**
     * Prints a cell that took a second or more ({@code cell rag/01-chunking.md CELL-ID: N s}), from the
     * times nbclient records in the cell's metadata (from the kernel taking it to its reply), so that
     * the report says where a slow notebook spends its time, as {@code EveryLessonRunsIT} does.
     */
    private static void reportSlowCell(String lessonFile, JsonNode cell) {
        JsonNode execution = cell.at("/metadata/execution");
        if (!execution.has("iopub.execute_input") || !execution.has("shell.execute_reply")) {
            return;
        }
        double seconds = java.time.Duration.between(java.time.Instant.parse(execution.get("iopub.execute_input").asText()),
                java.time.Instant.parse(execution.get("shell.execute_reply").asText())).toMillis() / 1e3;
        if (seconds >= 1.0) {
            System.out.printf("cell %s %s: %.1f s%n", lessonFile, cell.path("id").asText("?"), seconds);
        }
    }

    /** What a reader sees under a code cell: its streams and the plain text of its results, in order. */
    private static String printed(JsonNode cell) {
        StringBuilder text = new StringBuilder();
        for (JsonNode output : cell.get("outputs")) {
            JsonNode part = output.get("output_type").asText().equals("stream") ? output.get("text") : output.at("/data/text~1plain");
            text.append(part.isArray() ? join(part) : part.asText(""));
            if (!output.get("output_type").asText().equals("stream")) {
                text.append('\n');
            }
        }
        return text.toString();
    }

    private static String textOf(JsonNode cell, String outputType) {
        for (JsonNode output : cell.get("outputs")) {
            if (output.get("output_type").asText().equals(outputType)) {
                JsonNode text = output.at("/data/text~1plain");
                return text.isArray() ? join(text) : text.asText();
            }
        }
        return null;
    }

    private static boolean hasMime(JsonNode cell, String mime) {
        for (JsonNode output : cell.get("outputs")) {
            if (output.path("data").has(mime)) {
                return true;
            }
        }
        return false;
    }

    private static String join(JsonNode lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line.asText()));
        return text.toString();
    }

    /**
     * What the three tests share, made once for the class: the kernelspec installed (a JVM and a copy
     * of the kernel's 212 MiB class path), the course exported (another JVM), and each notebook's
     * nbconvert run, so that the first lesson, which two tests read, runs in Jupyter once.
     */
    @TempDir
    static Path shared;

    private static Map<String, String> jupyterEnv;
    private static Path exportedNotebooks;
    private static String exportOutput;
    private static final Map<Path, java.util.concurrent.CompletableFuture<Path>> EXECUTIONS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Installs our kernelspec with {@code ./course kernel install} into a Jupyter prefix under the
     * shared folder (once); returns the environment that makes Jupyter find it (and keep its files there).
     */
    private static synchronized Map<String, String> kernelInstalled() throws Exception {
        if (jupyterEnv == null) {
            Path prefix = shared.resolve("jupyter-prefix");
            // The kernels keep pooled vectors (PooledVectorCache) in a folder of this run, empty at the
            // start, so that the suite measures what one pass over the course costs, not earlier runs.
            Result install = run(courseCli("kernel", "install", "--prefix", prefix.toString(),
                    "--jvm-option=-D" + dev.course.kernel.protocol.KernelLaunch.EMBEDDING_CACHE_PROPERTY + "="
                            + shared.resolve("embedding-cache")), Map.of(), 60);
            assertEquals(0, install.exit(), install.output());
            jupyterEnv = Map.of("JUPYTER_PATH", prefix.resolve("share/jupyter").toString(),
                    "JUPYTER_DATA_DIR", shared.resolve("data").toString(), "JUPYTER_RUNTIME_DIR", shared.resolve("runtime").toString(),
                    "PYDEVD_DISABLE_FILE_VALIDATION", "1");
        }
        return jupyterEnv;
    }

    /** Every lesson exported as a notebook with {@code ./course export} (once); the folder they are in. */
    private static synchronized Path exported() throws Exception {
        if (exportedNotebooks == null) {
            Path notebooks = shared.resolve("notebooks");
            Result export = run(courseCli("export", "--out", notebooks.toString()), Map.of(), 120);
            assertEquals(0, export.exit(), export.output());
            exportOutput = export.output();
            exportedNotebooks = notebooks;
        }
        return exportedNotebooks;
    }

    /**
     * The notebook executed by {@code jupyter nbconvert --execute} with our kernel (nbconvert fails on
     * any cell error), run once: a second caller waits for the first one's run and gets the same file.
     */
    private static Path executed(Path notebook) throws Exception {
        var mine = new java.util.concurrent.CompletableFuture<Path>();
        var execution = EXECUTIONS.putIfAbsent(notebook, mine);
        if (execution == null) {
            try {
                Path executed = shared.resolve("executed-" + exported().relativize(notebook).toString().replace('/', '-'));
                Result nbconvert = run(List.of(NBCONVERT.toString(), "--to", "notebook", "--execute",
                        "--ExecutePreprocessor.timeout=600", "--output", executed.toString(), notebook.toString()), kernelInstalled(), 1200);
                assertEquals(0, nbconvert.exit(), notebook + ":\n" + nbconvert.output());
                mine.complete(executed);
            } catch (Throwable failed) {
                mine.completeExceptionally(failed);
            }
            execution = mine;
        }
        try {
            return execution.get();
        } catch (java.util.concurrent.ExecutionException failed) {
            if (failed.getCause() instanceof Exception e) throw e;
            if (failed.getCause() instanceof Error e) throw e;
            throw failed;
        }
    }
}
