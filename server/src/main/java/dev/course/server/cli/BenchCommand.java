package dev.course.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code course bench …}: the measurements behind every speed claim of the course. Each benchmark
 * runs its baseline in the same run and prints the ratio; {@code --json} prints one JSON object per
 * line for scripts. Register a new benchmark by adding its class to {@code subcommands}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: each measures against a baseline in the same run.",
        subcommands = {BenchWorkshopCommand.class, BenchGenerateCommand.class, BenchCellCommand.class, BenchKernelStartCommand.class,
                BenchEmbedCommand.class, BenchKnnCommand.class, BenchSampleCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
