package dev.course.kernel.magic;

import dev.course.kernel.jshell.JShellSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code %jars}, {@code %classpath} and {@code %maven} added to the class path of cells, in
 * order, each entry once. JShell cannot take an entry away again: a restarted kernel starts clean.
 */
public final class SessionClassPath {

    private final JShellSession session;
    private final Set<Path> added = new LinkedHashSet<>();

    public SessionClassPath(JShellSession session) {
        this.session = session;
    }

    /**
     * Adds an entry for the compiler and the class loader of cells; only from the evaluating thread.
     *
     * @return false if it was added before (nothing changes)
     */
    public boolean add(Path entry) {
        Path absolute = entry.toAbsolutePath().normalize();
        if (!added.add(absolute)) {
            return false;
        }
        session.addToClasspath(absolute.toString());
        return true;
    }

    /** The entries added so far, oldest first. */
    public List<Path> entries() {
        return new ArrayList<>(added);
    }
}
