package dev.course.kernel.magic;

import dev.course.kernel.dependencies.Repository;
import dev.course.kernel.jshell.CellOutcome;
import dev.course.kernel.jshell.CellOutcome.Completed;
import java.util.List;
import java.util.Optional;

/** {@code %mavenRepo ID URL}: one more remote repository for the {@code %maven} calls that follow. */
public final class MavenRepoMagic implements Magic {

    private final SessionDependencies dependencies;

    public MavenRepoMagic(SessionDependencies dependencies) {
        this.dependencies = dependencies;
    }

    @Override
    public String name() {
        return "mavenRepo";
    }

    @Override
    public String usage() {
        return "%mavenRepo ID URL";
    }

    @Override
    public String summary() {
        return "adds a Maven repository (https: or file: URL) that %maven searches after Maven Central";
    }

    @Override
    public CellOutcome runLine(String args, MagicContext context) throws MagicException {
        List<String> words = MagicArgs.split(args);
        if (words.size() != 2) {
            throw new MagicException("%mavenRepo takes an id and a URL, such as %mavenRepo snapshots https://example.org/maven2/");
        }
        Repository repository;
        try {
            repository = new Repository(words.get(0), words.get(1));
        } catch (IllegalArgumentException e) {
            throw new MagicException("%mavenRepo: " + e.getMessage(), e);
        }
        context.out().println(dependencies.addRepository(repository)
                ? "added repository " + repository.id() + " (" + repository.url() + ")"
                : "a repository named " + repository.id() + " is known already");
        return new Completed(Optional.empty());
    }
}
