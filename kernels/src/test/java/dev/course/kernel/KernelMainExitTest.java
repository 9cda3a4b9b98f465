package dev.course.kernel;

import static dev.course.kernel.StdioKernel.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.course.kernel.StdioKernel.Execution;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A kernel whose cells misbehave: too much output, and {@code System.exit}. Cells run in the kernel's
 * JVM, so {@code System.exit} ends the kernel — the course server then starts a new one.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KernelMainExitTest {

    @Test
    void capsOutputThenDiesWithSystemExitLeavingOnlyProtocolOnStdout() throws Exception {
        try (StdioKernel kernel = StdioKernel.start("-Dcourse.kernel.maxCellOutputChars=1000")) {
            Execution flood = kernel.execute("for (int i = 0; i < 10_000; i++) System.out.println(\"line \" + i);");
            assertEquals("ok", flood.status());
            assertEquals(1000, flood.stream("stdout").length(), "exactly the cap is printed");
            assertTrue(flood.stream("stderr").contains("output truncated"), flood.stream("stderr"));
            assertEquals(1, flood.ofType("stream").stream()
                    .filter(m -> m.path("content").path("text").asText().contains("output truncated")).count());

            Execution next = kernel.execute("System.out.println(\"fresh cap\");");
            assertEquals("fresh cap\n", next.stream("stdout"), "the cap is per cell");

            String exit = kernel.send("shell", "execute_request",
                    dev.course.kernel.protocol.Json.object("code", "System.out.println(\"bye\");\nSystem.exit(3);"));

            assertTrue(kernel.process().waitFor(15, TimeUnit.SECONDS), "System.exit ends the kernel");
            assertEquals(3, kernel.process().exitValue());
            assertEquals(List.of(), kernel.notJsonLines(), "nothing but protocol messages on stdout");
            assertFalse(kernel.messages(m -> StdioKernel.isChild(m, exit) && type(m).equals("execute_input")).isEmpty());
        }
    }
}
