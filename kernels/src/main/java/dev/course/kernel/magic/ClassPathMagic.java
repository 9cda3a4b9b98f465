package dev.course.kernel.magic;

import dev.course.kernel.jshell.CellOutcome;
import dev.course.kernel.jshell.CellOutcome.Completed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code %jars PATH...} and {@code %classpath PATH...}: add jars, or folders of classes, to the class
 * path of the cells that follow. Paths may be globs ({@code lib/*.jar}, {@code libs/**.jar}).
 *
 * <ul>
 *   <li>{@code %jars} takes jar files; a folder stands for the jars directly in it.</li>
 *   <li>{@code %classpath} takes entries as the JVM's {@code -cp} does: jars, and folders of
 *       {@code .class} files (a project's {@code target/classes}). Without arguments it lists what
 *       this session added.</li>
 * </ul>
 */
public final class ClassPathMagic implements Magic {

    private final boolean jarsOnly;
    private final SessionClassPath classPath;

    private ClassPathMagic(boolean jarsOnly, SessionClassPath classPath) {
        this.jarsOnly = jarsOnly;
        this.classPath = classPath;
    }

    /** {@code %jars}. */
    public static ClassPathMagic jars(SessionClassPath classPath) {
        return new ClassPathMagic(true, classPath);
    }

    /** {@code %classpath}. */
    public static ClassPathMagic classpath(SessionClassPath classPath) {
        return new ClassPathMagic(false, classPath);
    }

    @Override
    public String name() {
        return jarsOnly ? "jars" : "classpath";
    }

    @Override
    public String usage() {
        return jarsOnly ? "%jars PATH..." : "%classpath [PATH...]";
    }

    @Override
    public String summary() {
        return jarsOnly
                ? "adds jars to the class path; globs allowed (lib/*.jar), a folder adds the jars in it"
                : "adds jars or folders of classes to the class path (globs allowed); alone, lists what was added";
    }

    @Override
    public CellOutcome runLine(String args, MagicContext context) throws MagicException {
        List<String> patterns = MagicArgs.split(args);
        if (patterns.isEmpty()) {
            if (jarsOnly) {
                throw new MagicException("%jars needs one or more paths, such as %jars lib/*.jar");
            }
            classPath.entries().forEach(entry -> context.out().println(entry));
            return new Completed(Optional.empty());
        }
        List<Path> entries = new ArrayList<>();
        for (String pattern : patterns) {
            List<Path> matches = PathGlob.expand(pattern, context.workingDir());
            if (matches.isEmpty()) {
                throw new MagicException("%" + name() + ": nothing matches " + pattern
                        + " (relative paths start in " + context.workingDir() + ")");
            }
            for (Path match : matches) {
                entries.addAll(entriesFor(match, matches.size() == 1));
            }
        }
        for (Path entry : entries) {
            context.out().println((classPath.add(entry) ? "added " : "already on the class path: ") + entry);
        }
        return new Completed(Optional.empty());
    }

    /**
     * The class path entries a matched path stands for.
     *
     * @param named whether the user named this path alone (so a wrong kind is an error, not skipped)
     */
    private List<Path> entriesFor(Path path, boolean named) throws MagicException {
        boolean jar = Files.isRegularFile(path) && isJar(path);
        if (jar) {
            return List.of(path);
        }
        if (Files.isDirectory(path)) {
            return jarsOnly ? jarsIn(path) : List.of(path);
        }
        if (named) {
            throw new MagicException("%" + name() + ": " + path + " is neither a jar nor a folder");
        }
        return List.of(); // a glob such as lib/* also matched a README: skip it
    }

    private static List<Path> jarsIn(Path folder) throws MagicException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> jars = files.filter(file -> Files.isRegularFile(file) && isJar(file)).sorted().toList();
            if (jars.isEmpty()) {
                throw new MagicException("%jars: " + folder + " holds no .jar files (%classpath adds a folder of classes)");
            }
            return jars;
        } catch (IOException | UncheckedIOException e) {
            throw new MagicException("%jars: could not list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static boolean isJar(Path path) {
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".jar") || name.endsWith(".zip");
    }
}
