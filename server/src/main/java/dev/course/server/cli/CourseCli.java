package dev.course.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code ./course} command line. Each subcommand is a small class of its own; this one only
 * lists them and sets what all of them share: {@code --help} and {@code --version} (inherited by
 * every subcommand), case-insensitive choices, and {@link UserErrors}, which turns a user's mistake
 * into one line and exit code 2. Names, flags and {@code --json} keys are interfaces that scripts
 * depend on: keep them.
 */
@Command(name = "course", mixinStandardHelpOptions = true, versionProvider = CourseVersion.class, scope = ScopeType.INHERIT,
        description = "An interactive course on embeddings, search, reranking, RAG and transformers.")
public final class CourseCli implements Runnable {

    /**
     * The subcommands, in the order {@code --help} lists them. Not in the annotation's
     * {@code subcommands}, which would make picocli build every command's model (by reflection, in a
     * JVM that has not compiled anything yet) before running any: {@link #commandLine(String...)}
     * builds only the one asked for.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(ServeCommand.class, KernelCommand.class, ModelsCommand.class,
            ExportCommand.class, BenchCommand.class, TrainCommand.class, GenerateCommand.class, IndexCommand.class,
            SearchCommand.class, EvalCommand.class, AskCommand.class, EvalRagCommand.class, CompletionCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The whole command line, every subcommand in it; tests run commands through this. */
    static CommandLine commandLine() {
        return withSubcommands(SUBCOMMANDS);
    }

    /**
     * The command line {@link #main} runs for {@code args}: with only the subcommand {@code args}
     * start with when they name one (what {@code ./course generate …} waits for before its first
     * token: about a tenth of a second on two cores, see docs/measurements.md), else with all of them
     * (usage, {@code --version}, a mistyped name's suggestions).
     */
    static CommandLine commandLine(String... args) {
        if (args.length > 0) {
            for (Class<?> subcommand : SUBCOMMANDS) {
                if (List.of(names(subcommand)).contains(args[0])) {
                    return withSubcommands(List.of(subcommand));
                }
            }
        }
        return commandLine();
    }

    private static String[] names(Class<?> subcommand) {
        Command command = subcommand.getAnnotation(Command.class);
        String[] names = Arrays.copyOf(command.aliases(), command.aliases().length + 1);
        names[names.length - 1] = command.name();
        return names;
    }

    private static CommandLine withSubcommands(List<Class<?>> subcommands) {
        UserErrors userErrors = new UserErrors();
        CommandLine commandLine = new CommandLine(new CourseCli());
        for (Class<?> subcommand : subcommands) {
            commandLine.addSubcommand(subcommand);
        }
        return commandLine.setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(userErrors)
                .setExecutionExceptionHandler(userErrors);
    }

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }
}
