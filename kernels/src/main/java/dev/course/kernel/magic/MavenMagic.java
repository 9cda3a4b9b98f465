package dev.course.kernel.magic;

import dev.course.kernel.jshell.CellOutcome;
import dev.course.kernel.jshell.CellOutcome.Completed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code %maven [--offline] G:A:V ...}: resolves Maven artifacts with their runtime dependencies —
 * from the local repository, then Maven Central and the repositories {@code %mavenRepo} added — and
 * adds the jars to the class path of the cells that follow. Coordinates may name an extension and
 * classifier: {@code groupId:artifactId[:extension[:classifier]]:version}.
 *
 * <p>The kernel's own libraries (the course engine, Jackson, JUnit, ...) come first on the class
 * path: a different version of one of them added here is not the one cells see.
 */
public final class MavenMagic implements Magic {

    private final SessionDependencies dependencies;

    public MavenMagic(SessionDependencies dependencies) {
        this.dependencies = dependencies;
    }

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public String usage() {
        return "%maven [--offline] G:A:V...";
    }

    @Override
    public String summary() {
        return "resolves Maven artifacts and their dependencies (local repository, then Maven Central) onto the class path";
    }

    @Override
    public CellOutcome runLine(String args, MagicContext context) throws MagicException {
        List<String> coordinates = new ArrayList<>();
        boolean offline = false;
        for (String word : MagicArgs.split(args)) {
            if (word.equals("--offline")) {
                offline = true;
            } else if (word.startsWith("-")) {
                throw new MagicException("%maven knows one option, --offline: " + word);
            } else {
                coordinates.add(word);
            }
        }
        if (coordinates.isEmpty()) {
            throw new MagicException("%maven needs coordinates, such as %maven org.apache.commons:commons-math3:3.6.1");
        }
        dependencies.resolveAndAdd(coordinates, List.of(), offline, context);
        return new Completed(Optional.empty());
    }
}
