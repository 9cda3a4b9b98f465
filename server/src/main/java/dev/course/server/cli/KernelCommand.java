package dev.course.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code course kernel install|uninstall|run}: the kernel as Jupyter and as instructors see it. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "Install or uninstall the Java kernel for Jupyter, or run a file of cells in a fresh kernel.",
        subcommands = {KernelInstallCommand.class, KernelUninstallCommand.class, KernelRunCommand.class})
public final class KernelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
