package dev.course.server.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --json} flag, one definition for every command that has it:
 * {@code @Mixin JsonOption json;} then {@code if (json.on())}. The flag's name and each command's
 * JSON keys are interfaces scripts depend on; the keys are listed in each command's description and
 * in the README.
 */
public final class JsonOption {

    @Option(names = "--json", description = "Print JSON (one object per line) instead of text, for scripts.")
    boolean json;

    /** Whether the user asked for JSON. */
    public boolean on() {
        return json;
    }
}
