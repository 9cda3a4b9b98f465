package dev.course.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./course} command line. Each subcommand is a small class of its own; this one only
 * lists them. Names, flags and {@code --json} keys are interfaces that scripts depend on: keep them.
 */
@Command(name = "course", mixinStandardHelpOptions = true, version = "course 0.1.0",
        description = "An interactive course on embeddings, search, reranking, RAG and transformers.",
        subcommands = {ServeCommand.class, KernelCommand.class, ModelsCommand.class, ExportCommand.class, BenchCommand.class, TrainCommand.class, GenerateCommand.class, IndexCommand.class, SearchCommand.class, EvalCommand.class, AskCommand.class, EvalRagCommand.class})
public final class CourseCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new CourseCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new UserErrors())
                .execute(args);
        System.exit(code);
    }
}
