package dev.course.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code course models list|pull|verify|remove}: the real models the course can use on this machine. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models the course can use, pull real ones from the Hugging Face Hub (or a folder), verify or remove them.",
        subcommands = {ModelsListCommand.class, ModelsPullCommand.class, ModelsVerifyCommand.class, ModelsRemoveCommand.class})
public final class ModelsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
