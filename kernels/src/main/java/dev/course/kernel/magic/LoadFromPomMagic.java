package dev.course.kernel.magic;

import dev.course.kernel.dependencies.PomFragment;
import dev.course.kernel.dependencies.ResolutionException;
import dev.course.kernel.jshell.CellOutcome;
import dev.course.kernel.jshell.CellOutcome.Completed;
import java.util.Optional;

/**
 * {@code %%loadFromPOM}: the cell is POM XML — {@code <dependency>} elements, {@code <repository>}
 * elements, or a whole {@code <project>} — and its runtime dependencies are resolved as
 * {@code %maven} resolves coordinates, searching the repositories it names too.
 */
public final class LoadFromPomMagic implements Magic {

    private final SessionDependencies dependencies;

    public LoadFromPomMagic(SessionDependencies dependencies) {
        this.dependencies = dependencies;
    }

    @Override
    public String name() {
        return "loadFromPOM";
    }

    @Override
    public String usage() {
        return "%%loadFromPOM [--offline]";
    }

    @Override
    public String summary() {
        return "resolves the <dependency> elements of the POM XML below (and searches its <repository> elements)";
    }

    @Override
    public boolean isLine() {
        return false;
    }

    @Override
    public boolean isCell() {
        return true;
    }

    @Override
    public CellOutcome runCell(String args, String body, MagicContext context) throws MagicException {
        boolean offline = args.equals("--offline");
        if (!args.isEmpty() && !offline) {
            throw new MagicException("%%loadFromPOM knows one option, --offline: " + args);
        }
        PomFragment pom;
        try {
            pom = PomFragment.parse(body);
        } catch (ResolutionException e) {
            throw new MagicException("%%loadFromPOM: " + e.getMessage(), e);
        }
        pom.skipped().forEach(skipped -> context.out().println("skipped " + skipped));
        if (!pom.dependencies().isEmpty()) {
            dependencies.resolveAndAdd(pom.dependencies(), pom.repositories(), offline, context);
        }
        return new Completed(Optional.empty());
    }
}
