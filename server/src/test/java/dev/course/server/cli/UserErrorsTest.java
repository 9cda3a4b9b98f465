package dev.course.server.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserErrorsTest {

    @Command(name = "probe")
    static final class Throwing implements Callable<Integer> {
        private final Exception toThrow;

        Throwing(Exception toThrow) {
            this.toThrow = toThrow;
        }

        @Override
        public Integer call() throws Exception {
            throw toThrow;
        }
    }

    private record Run(int code, String err) {
    }

    private static Run run(Exception toThrow) {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Throwing(toThrow))
                .setErr(new PrintWriter(err))
                .setExecutionExceptionHandler(new UserErrors())
                .execute();
        return new Run(code, err.toString());
    }

    @Test
    void aMistakeInTheArgumentsIsOneLineAndExitTwo() {
        Run run = run(new IllegalArgumentException("--k must be at least 1"));
        assertEquals(2, run.code());
        assertEquals("probe: --k must be at least 1", run.err().strip());
        assertFalse(run.err().contains("at dev.course"), "no stack trace");
    }

    @Test
    void aUserErrorIsOneLineAndExitTwo() {
        Run run = run(new UserError("--gateway-isolated needs --gateway URL"));
        assertEquals(2, run.code());
        assertEquals("probe: --gateway-isolated needs --gateway URL", run.err().strip());
    }

    @Test
    void aPortInUseSaysWhatToDo() {
        Run run = run(new IllegalStateException("Failed to bind", new BindException("Address already in use")));
        assertEquals(2, run.code());
        assertTrue(run.err().contains("already in use") && run.err().contains("--port"), run.err());
        assertEquals(1, run.err().strip().lines().count());
    }

    @Test
    void aBugKeepsItsStackTrace() {
        assertNull(UserErrors.explain(new NullPointerException("x"), null));
        Run run = run(new IllegalStateException("a bug"));
        assertEquals(1, run.code());
        assertTrue(run.err().contains("IllegalStateException"), run.err());
    }
}
