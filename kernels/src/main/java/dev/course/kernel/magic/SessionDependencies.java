package dev.course.kernel.magic;

import dev.course.kernel.dependencies.MavenResolver;
import dev.course.kernel.dependencies.Repository;
import dev.course.kernel.dependencies.ResolutionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Maven dependencies of a session: resolves coordinates for {@code %maven} and {@code %%loadFromPOM}
 * and puts the jars on the session's class path; remembers the repositories {@code %mavenRepo}
 * added.
 */
public final class SessionDependencies {

    /** Most repositories a session may add. */
    static final int MAX_REPOSITORIES = 20;

    private final MavenResolver resolver;
    private final SessionClassPath classPath;
    private final List<Repository> added = new ArrayList<>();

    public SessionDependencies(MavenResolver resolver, SessionClassPath classPath) {
        this.resolver = resolver;
        this.classPath = classPath;
    }

    /** Adds a remote repository to search after the configured ones; false if one with its id is there. */
    boolean addRepository(Repository repository) throws MagicException {
        boolean known = resolver.settings().repositories().stream().anyMatch(r -> r.id().equals(repository.id()))
                || added.stream().anyMatch(r -> r.id().equals(repository.id()));
        if (known) {
            return false;
        }
        if (added.size() >= MAX_REPOSITORIES) {
            throw new MagicException("at most " + MAX_REPOSITORIES + " repositories per session");
        }
        added.add(repository);
        return true;
    }

    /** Every repository searched, configured ones first. */
    List<Repository> repositories() {
        List<Repository> all = new ArrayList<>(resolver.settings().repositories());
        all.addAll(added);
        return all;
    }

    /**
     * Resolves coordinates with their runtime dependencies and adds the jars to the class path,
     * printing one line per artifact as it is resolved.
     *
     * @param extraRepositories repositories for this call only (those of a POM)
     */
    void resolveAndAdd(List<String> coordinates, List<Repository> extraRepositories, boolean offline,
            MagicContext context) throws MagicException {
        List<Repository> searched = new ArrayList<>(added);
        searched.addAll(extraRepositories);
        context.out().println("Resolving " + String.join(" ", coordinates) + " from the local repository "
                + resolver.settings().localRepository() + (offline ? " (offline)" : ", then "
                + repositories().stream().map(Repository::id).collect(Collectors.joining(", "))
                + extraRepositories.stream().map(r -> ", " + r.id()).collect(Collectors.joining())));
        List<Path> jars;
        try {
            jars = resolver.resolve(coordinates, searched, offline, context.out()::println,
                    () -> context.session().interruptRequested());
        } catch (ResolutionException e) {
            throw new MagicException(e.getMessage(), e);
        }
        int newlyAdded = 0;
        for (Path jar : jars) {
            if (classPath.add(jar)) {
                newlyAdded++;
            }
        }
        context.out().println(newlyAdded == jars.size()
                ? "Added " + jars.size() + (jars.size() == 1 ? " jar" : " jars") + " to the class path."
                : "Added " + newlyAdded + " of " + jars.size() + " jars to the class path (the others were there already).");
    }
}
