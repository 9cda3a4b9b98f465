package dev.course.kernel.magic;

import dev.course.kernel.jshell.CellOutcome;
import dev.course.kernel.jshell.CellOutcome.Completed;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code %lsmagic}: the line magics and the cell magics there are, as IPython lists them. */
public final class LsMagic implements Magic {

    private final Magics magics;

    public LsMagic(Magics magics) {
        this.magics = magics;
    }

    @Override
    public String name() {
        return "lsmagic";
    }

    @Override
    public String usage() {
        return "%lsmagic";
    }

    @Override
    public String summary() {
        return "lists the magics; %help NAME explains one";
    }

    @Override
    public CellOutcome runLine(String args, MagicContext context) {
        context.out().println("Available line magics:");
        context.out().println(magics.all().stream().filter(Magic::isLine).map(magic -> "%" + magic.name())
                .collect(Collectors.joining("  ")));
        context.out().println();
        context.out().println("Available cell magics:");
        context.out().println(magics.all().stream().filter(Magic::isCell).map(magic -> "%%" + magic.name())
                .collect(Collectors.joining("  ")));
        return new Completed(Optional.empty());
    }
}
