package dev.course.kernel.magic;

import dev.course.kernel.jshell.CellOutcome;
import dev.course.kernel.jshell.CellOutcome.Completed;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code %env}: shows the environment, one variable, or sets one.
 *
 * <p>Java reads its process environment once, at start-up: {@code System.getenv} and the processes a
 * cell starts keep those values whatever happens later. Setting a variable therefore does two
 * things: the kernel remembers it (so {@code %env} shows it), and it is set in the process's native
 * environment ({@link NativeEnvironment}), where native libraries the course uses read their
 * settings when they load — ONNX Runtime, the Hugging Face tokenizers, llama.cpp. So set such a
 * variable before the first cell that uses the library.
 */
public final class EnvMagic implements Magic {

    /** Longest value accepted. */
    static final int MAX_VALUE_CHARS = 32 * 1024;

    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=|\\s)\\s*(.*)", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> setHere = new TreeMap<>();

    @Override
    public String name() {
        return "env";
    }

    @Override
    public String usage() {
        return "%env [NAME | NAME=VALUE]";
    }

    @Override
    public String summary() {
        return "shows the environment or one variable, or sets one for native libraries loaded afterwards "
                + "(System.getenv keeps the values the JVM started with)";
    }

    @Override
    public CellOutcome runLine(String args, MagicContext context) throws MagicException {
        if (args.isEmpty()) {
            environment().forEach((name, value) -> context.out().println(name + "=" + value));
        } else if (NAME.matcher(args).matches()) {
            String value = environment().get(args);
            if (value == null) {
                throw new MagicException(args + " is not set; %env " + args + "=VALUE sets it");
            }
            context.out().println(value);
        } else {
            set(args, context);
        }
        return new Completed(Optional.empty());
    }

    private void set(String args, MagicContext context) throws MagicException {
        Matcher matcher = ASSIGNMENT.matcher(args);
        if (!matcher.matches()) {
            throw new MagicException("%env takes NAME or NAME=VALUE, where NAME is letters, digits and _: " + args);
        }
        String name = matcher.group(1);
        String value = matcher.group(2).strip();
        if (value.length() > MAX_VALUE_CHARS || value.indexOf('\0') >= 0) {
            throw new MagicException("%env values are text of at most " + MAX_VALUE_CHARS + " characters");
        }
        boolean changedNatively = NativeEnvironment.set(name, value);
        setHere.put(name, value);
        context.out().println("env: " + name + "=" + value);
        if (!changedNatively) {
            context.err().println("note: this platform's environment could not be changed; only %env shows the value");
        }
    }

    /** The environment the JVM started with, and what was set here over it, by name. */
    private Map<String, String> environment() {
        Map<String, String> all = new TreeMap<>(System.getenv());
        all.putAll(setHere);
        return all;
    }
}
