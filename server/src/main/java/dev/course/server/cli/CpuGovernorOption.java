package dev.course.server.cli;

import picocli.CommandLine.Option;

/**
 * The benchmarks' {@code --cpu-governor on|off}, one definition for every command that has it:
 * {@code @Mixin CpuGovernorOption cpuGovernor;} then {@code cpuGovernor.on()}. Off exists only to
 * measure what the governor costs or buys; {@code serve} always governs.
 */
public final class CpuGovernorOption {

    /** The option's two values, as the command line spells them (any case). */
    enum Switch {
        ON, OFF
    }

    /** Lower-case completion candidates for {@link Switch}. */
    static final class Switches extends LowerCaseChoices {
        private static final long serialVersionUID = 1L;

        Switches() {
            super(Switch.class);
        }
    }

    @Option(names = "--cpu-governor", paramLabel = "on|off", defaultValue = "on", completionCandidates = Switches.class,
            description = "Whether the server lowers the CPU share of kernels that burn CPU while no cell runs or in a "
                    + "long cell, as serve does (default: ${DEFAULT-VALUE}; off only to measure what it does).")
    Switch governor;

    /** Whether the server under test governs its kernels' CPU, as {@code serve} does. */
    public boolean on() {
        return governor == Switch.ON;
    }
}
