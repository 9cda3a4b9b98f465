package dev.course.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code ./course} command line. Each subcommand is a small class of its own; this one only
 * lists them and sets what all of them share: {@code --help} and {@code --version} (inherited by
 * every subcommand), case-insensitive choices, and {@link UserErrors}, which turns a user's mistake
 * into one line and exit code 2. Names, flags and {@code --json} keys are interfaces that scripts
 * depend on: keep them.
 */
@Command(name = "course", mixinStandardHelpOptions = true, versionProvider = CourseVersion.class, scope = ScopeType.INHERIT,
        description = "An interactive course on embeddings, search, reranking, RAG and transformers.",
        subcommands = {ServeCommand.class, KernelCommand.class, ModelsCommand.class, ExportCommand.class, BenchCommand.class, TrainCommand.class, GenerateCommand.class, IndexCommand.class, SearchCommand.class, EvalCommand.class, AskCommand.class, EvalRagCommand.class, CompletionCommand.class})
public final class CourseCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The command line as {@link #main} runs it; tests run commands through this too. */
    static CommandLine commandLine() {
        UserErrors userErrors = new UserErrors();
        return new CommandLine(new CourseCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(userErrors)
                .setExecutionExceptionHandler(userErrors);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
