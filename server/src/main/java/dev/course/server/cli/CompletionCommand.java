package dev.course.server.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code course completion}: prints a bash/zsh completion script for every command, option and
 * fixed choice (picocli's AutoComplete, generated from the same annotations the commands parse with,
 * so it never falls behind). {@code source <(./course completion)} turns it on in this shell.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a bash/zsh completion script: source <(./course completion)",
        footer = "zsh: run 'autoload -U +X bashcompinit && bashcompinit' first.")
public final class CompletionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        CommandLine root = CourseCli.commandLine();     // every command, not only the one this run was built with
        spec.commandLine().getOut().print(AutoComplete.bash(root.getCommandName(), root));
        spec.commandLine().getOut().flush();
    }
}
