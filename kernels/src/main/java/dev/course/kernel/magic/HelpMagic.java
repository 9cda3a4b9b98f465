package dev.course.kernel.magic;

import dev.course.kernel.jshell.CellOutcome;
import dev.course.kernel.jshell.CellOutcome.Completed;
import java.util.Optional;

/** {@code %help}: what the magics do, or how to call one ({@code %help jars}). */
public final class HelpMagic implements Magic {

    private final Magics magics;

    public HelpMagic(Magics magics) {
        this.magics = magics;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String usage() {
        return "%help [NAME]";
    }

    @Override
    public String summary() {
        return "explains the magics, or the one named";
    }

    @Override
    public CellOutcome runLine(String args, MagicContext context) throws MagicException {
        String name = args.replaceFirst("^%+", "");
        if (!name.isEmpty()) {
            Magic magic = magics.find(name).orElseThrow(
                    () -> new MagicException("there is no magic %" + name + "; %lsmagic lists them"));
            context.out().println(magic.usage());
            context.out().println("  " + magic.summary());
            return new Completed(Optional.empty());
        }
        context.out().println("Java (course) kernel: cells are JShell snippets. Lines at the top of a cell that start");
        context.out().println("with % are line magics; a first line starting with %% makes the cell a cell magic.");
        context.out().println("Display: display(obj), html(s), svg(s), markdown(s). Tab completes magic names.");
        context.out().println();
        int width = magics.all().stream().mapToInt(magic -> magic.usage().length()).max().orElse(0);
        for (Magic magic : magics.all()) {
            context.out().println(String.format("%-" + width + "s  %s", magic.usage(), magic.summary()));
        }
        return new Completed(Optional.empty());
    }
}
