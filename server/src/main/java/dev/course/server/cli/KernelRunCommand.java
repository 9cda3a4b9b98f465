package dev.course.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.server.kernel.KernelLauncher;
import dev.course.server.sandbox.KernelLimits;
import dev.course.server.kernel.KernelSession;
import dev.course.kernel.protocol.Messages;
import dev.course.server.sandbox.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code course kernel run [--sandbox] FILE}: runs each cell of a file in a fresh kernel exactly
 * as the server would, printing one JSON object per line in Jupyter's vocabulary:
 *
 * <pre>{@code
 * {"cell": 1, "msg_type": "stream", "content": {"name": "stdout", "text": "…"}}
 * {"cell": 1, "msg_type": "execute_reply", "content": {"status": "ok"}}
 * }</pre>
 *
 * Every cell ends with an {@code execute_reply}. When the kernel had to be killed or died, a
 * {@code kernel_restarted} line with the reason comes before it and the run goes on with the next
 * cell in the new kernel. The exit code is 0 when every cell succeeded, 1 otherwise.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the cells of FILE (separated by lines '//%%') in a fresh kernel; print JSON lines.")
public final class KernelRunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "A file of Java cells separated by lines '//%%'.")
    Path file;

    @Option(names = "--sandbox", description = "Run the kernel in the sandbox the server uses (bubblewrap, cgroups, prlimit).")
    boolean sandbox;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Wall-clock limit per cell before it is interrupted (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new UserError("no such file: " + file);
        }
        List<String> cells = CellFile.cells(Files.readString(file));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Sandbox layers = sandbox ? Sandbox.detect() : Sandbox.none("kernel run without --sandbox");
        if (sandbox) {
            // Which layers apply here, on stderr so that stdout stays JSON lines: a warning when bubblewrap does not.
            System.err.println("course kernel run: " + (layers.isolated() ? "" : "warning: ") + layers.describe(KernelLimits.defaults())
                    + (layers.notes().isEmpty() ? "" : " — " + String.join("; ", layers.notes())));
        }
        KernelLimits limits = KernelLimits.defaults().withCellTimeout(Duration.ofSeconds(timeoutSeconds));
        KernelLauncher launcher = KernelLauncher.forThisApplication(layers, limits);
        boolean allOk = true;
        try (KernelSession session = new KernelSession("run-" + ProcessHandle.current().pid(), launcher, List.of())) {
            for (int i = 0; i < cells.size(); i++) {
                int cell = i + 1;
                KernelSession.Reply reply = session.execute(cells.get(i),
                        (type, content) -> print(out, cell, type, content)).get();
                if (reply.restarted()) {
                    print(out, cell, "kernel_restarted", Messages.JSON.createObjectNode().put("reason", reply.restartReason()));
                }
                ObjectNode content = Messages.JSON.createObjectNode().put("status", reply.status());
                reply.reply().properties().forEach(field -> {
                    if (!field.getKey().equals("status")) {
                        content.set(field.getKey(), field.getValue());
                    }
                });
                print(out, cell, "execute_reply", content);
                allOk &= reply.status().equals("ok");
            }
        }
        return allOk ? 0 : 1;
    }

    private static void print(PrintStream out, int cell, String msgType, JsonNode content) {
        ObjectNode line = Messages.JSON.createObjectNode();
        line.put("cell", cell);
        line.put("msg_type", msgType);
        line.set("content", content);
        synchronized (out) {
            out.println(line);
        }
    }
}
