package dev.course.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ./course} command line as its users meet it, run in-process through
 * {@link CourseCli#commandLine(String...)} exactly as {@code main} runs it: a mistake is one line on stderr
 * and exit code 2, never a stack trace or a page of usage; {@code --version} works on every command;
 * the completion script knows the commands and their fixed choices.
 */
class CourseCliTest {

    /** What the command line printed, and its exit code. */
    record Run(int code, String out, String err) {

        /** Asserts a user's mistake: exit 2, exactly one line on stderr, no stack trace; returns that line. */
        String mistake() {
            assertEquals(2, code, "exit code; stderr: " + err);
            assertEquals(1, err.strip().lines().count(), "one line on stderr, not: " + err);
            assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);
            return err.strip();
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CourseCli.commandLine(args).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuiltAndAnythingElseGetsThemAll() {
        assertEquals(List.of("generate"), List.copyOf(CourseCli.commandLine("generate", "--model", "x", "hi").getSubcommands().keySet()));
        assertEquals(List.of("bench"), List.copyOf(CourseCli.commandLine("bench", "generate").getSubcommands().keySet()));
        int all = CourseCli.SUBCOMMANDS.size();
        assertEquals(all, CourseCli.commandLine("--help").getSubcommands().size());
        assertEquals(all, CourseCli.commandLine("generat").getSubcommands().size(), "a typo gets picocli's suggestions");
        assertEquals(all, CourseCli.commandLine().getSubcommands().size());
        Run typo = run("generat");
        assertTrue(typo.code() == 2 && typo.err().contains("generate"), typo.err());
        assertTrue(run("--help").out().contains("completion"), "usage lists every command");
    }

    @Test
    void theCompletionScriptKnowsEveryCommandThoughOnlyItsOwnWasBuilt() {
        Run completion = run("completion");
        assertEquals(0, completion.code(), completion.err());
        for (String command : List.of("serve", "generate", "search", "eval-rag", "kernel", "models")) {
            assertTrue(completion.out().contains(command), command + " in the completion script");
        }
    }

    @Test
    void searchWithNoHitsAskedForNamesTheOptionAndTheRange() {
        String line = run("search", "x", "--k", "0").mistake();
        assertTrue(line.startsWith("course search: ") && line.contains("'--k'") && line.contains("at least 1"), line);
    }

    @Test
    @Timeout(60) // a serve that wrongly started would run until stopped
    void aPortOutOfRangeIsRefusedBeforeTheServerStarts() {
        String line = run("serve", "--port", "99999").mistake();
        assertTrue(line.contains("99999 is not a TCP port") && line.contains("1 to 65535"), line);
    }

    @Test
    @Timeout(60) // a serve that wrongly started would run until stopped
    void aPortInUseSaysWhoHoldsItAndWhichFlagToUse() throws Exception {
        try (ServerSocket holder = new ServerSocket()) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = holder.getLocalPort();
            String line = run("serve", "--host", "127.0.0.1", "--port", String.valueOf(port)).mistake();
            assertTrue(line.contains("port " + port + " is already in use"), line);
            assertTrue(line.contains("process " + ProcessHandle.current().pid() + " ("), "names this test's JVM: " + line);
            assertTrue(line.contains("--port"), line);
        }
    }

    @Test
    void anUnknownChoiceListsTheChoices() {
        String line = run("search", "x", "--mode", "fuzzy").mistake();
        assertTrue(line.contains("'--mode'") && line.contains("fuzzy") && line.contains("HYBRID"), line);
        line = run("serve", "--models", "gpu").mistake();
        assertTrue(line.contains("'--models'") && line.contains("SERVICE"), line);
        for (String bench : new String[] {"cell", "workshop"}) {
            line = run("bench", bench, "--cpu-governor", "maybe").mistake();
            assertTrue(line.contains("'--cpu-governor'") && line.contains("maybe") && line.contains("OFF"), line);
        }
    }

    @Test
    void anUnknownSubcommandIsOneLineWithASuggestion() {
        String line = run("frobnicate").mistake();
        assertTrue(line.startsWith("course: ") && line.contains("'frobnicate'") && line.contains("course --help"), line);
        line = run("serv").mistake();
        assertTrue(line.contains("did you mean serve"), line);
        line = run("bench", "cel").mistake();
        assertTrue(line.startsWith("course bench: ") && line.contains("did you mean cell"), line);
    }

    @Test
    void anUnknownOptionOrAMissingValueIsOneLine() {
        assertTrue(run("search", "x", "--top", "3").mistake().contains("'--top'"));
        assertTrue(run("search").mistake().contains("QUERY"));
        assertTrue(run("search", "x", "--k", "many").mistake().contains("'many' is not a whole number"));
    }

    @Test
    void everyCommandPrintsTheBuildsVersion() {
        String version = CourseVersion.version();
        assertNotEquals("unknown", version, "the build writes version.properties");
        for (CommandSpec command : allCommands(CourseCli.commandLine().getCommandSpec())) {
            List<String> args = new ArrayList<>(List.of(command.qualifiedName(" ").split(" ")));
            args.removeFirst();
            args.add("--version");
            Run run = run(args.toArray(String[]::new));
            assertEquals(0, run.code(), command.qualifiedName() + " --version: " + run.err());
            assertTrue(run.out().startsWith("course " + version + "\n"), command.qualifiedName() + ": " + run.out());
        }
    }

    @Test
    void everyJsonFlagIsTheSharedMixin() {
        int withJson = 0;
        for (CommandSpec command : allCommands(CourseCli.commandLine().getCommandSpec())) {
            if (command.findOption("--json") != null) {
                withJson++;
                assertTrue(command.mixins().values().stream().anyMatch(m -> m.userObject() instanceof JsonOption),
                        command.qualifiedName() + " declares its own --json instead of the JsonOption mixin");
            }
        }
        assertTrue(withJson >= 10, "commands with --json: " + withJson);
    }

    @Test
    void theCompletionScriptKnowsCommandsOptionsAndChoices() {
        Run run = run("completion");
        assertEquals(0, run.code(), run.err());
        String script = run.out();
        assertTrue(script.contains("complete -F _complete_course"), "a bash completion function");
        assertTrue(script.contains("serve") && script.contains("eval-rag") && script.contains("kernel-start"));
        assertTrue(script.contains("(\"bm25\" \"dense\" \"hybrid\")"), "search --mode's choices");
        assertTrue(script.contains("(\"service\" \"kernel\")"), "serve --models' choices");
        assertTrue(script.contains("(\"tiny\" \"small\")"), "train --size's choices");
    }

    private static List<CommandSpec> allCommands(CommandSpec root) {
        List<CommandSpec> all = new ArrayList<>(List.of(root));
        for (CommandLine sub : root.subcommands().values()) {
            all.addAll(allCommands(sub.getCommandSpec()));
        }
        return all;
    }
}
