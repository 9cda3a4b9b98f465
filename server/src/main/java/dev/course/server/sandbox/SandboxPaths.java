package dev.course.server.sandbox;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a sandboxed kernel's files appear inside its sandbox: at neutral paths under
 * {@value #ROOT} rather than where they lie on the host, so that nothing a cell can read — its
 * command line in {@code /proc}, its system properties, its class path, {@code JAVA_HOME} — names
 * the server's home folder, the checkout the course was built in, or the account that runs it.
 *
 * <ul>
 *   <li>the JDK at {@code /course/jdk};</li>
 *   <li>class path entries at {@code /course/lib/NNN-name} (numbered in class path order, so two
 *       {@code classes} folders do not collide); the JVM's class-data archive, made outside the
 *       sandbox with the host paths, still applies (it checks the entries, not where they lie);</li>
 *   <li>the course cache ({@code ~/.cache/course}) at {@code /course/cache}, so the models
 *       {@code ./course train} saved are at {@code /course/cache/models};</li>
 *   <li>pulled models kept elsewhere ({@code COURSE_MODELS}) at {@code /course/models}, and a
 *       class-data archive kept elsewhere at {@code /course/cds/NAME}.</li>
 * </ul>
 * The host paths remain only in bubblewrap's own arguments, which it reads from a descriptor
 * ({@link Sandbox#wrap}), so they are not in the command line of the sandbox's process 1 either.
 *
 * @param mapping host path to path inside; a host path's descendants map below its inside path
 */
public record SandboxPaths(Map<Path, Path> mapping) {

    /** The folder inside the sandbox that holds everything the kernel is given. */
    public static final String ROOT = "/course";

    public SandboxPaths {
        Map<Path, Path> longestFirst = new LinkedHashMap<>();
        mapping.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<Path, Path> e) -> e.getKey().getNameCount()).reversed())
                .forEach(e -> longestFirst.put(e.getKey().toAbsolutePath().normalize(), e.getValue()));
        mapping = java.util.Collections.unmodifiableMap(longestFirst);
    }

    /** Files appear where they lie on the host: a kernel without a mount namespace. */
    public static SandboxPaths same() {
        return new SandboxPaths(Map.of());
    }

    /**
     * The neutral places of a kernel's files.
     *
     * @param javaHome  the JDK
     * @param classPath the kernel's class path, in order
     * @param cacheDir  the course cache (trained models, the class-data archive by default)
     * @param others    further folders or files the kernel reads (pulled models, an archive kept
     *                  elsewhere), each mapped below {@code /course/} under the name given
     */
    public static SandboxPaths forKernel(Path javaHome, List<Path> classPath, Path cacheDir, Map<Path, String> others) {
        Map<Path, Path> mapping = new LinkedHashMap<>();
        others.forEach((host, name) -> mapping.put(host, Path.of(ROOT, name)));
        mapping.put(cacheDir, Path.of(ROOT, "cache"));
        mapping.put(javaHome, Path.of(ROOT, "jdk"));
        for (int i = 0; i < classPath.size(); i++) {
            Path entry = classPath.get(i);
            String name = entry.getFileName() == null ? "root" : entry.getFileName().toString();
            mapping.put(entry, Path.of(ROOT, "lib", "%03d-%s".formatted(i, name)));
        }
        return new SandboxPaths(mapping);
    }

    /** Where a host path appears inside: below the longest mapped folder that holds it, else where it is. */
    public Path inside(Path host) {
        Path absolute = host.toAbsolutePath().normalize();
        for (Map.Entry<Path, Path> entry : mapping.entrySet()) {
            if (absolute.startsWith(entry.getKey())) {
                return entry.getValue().resolve(entry.getKey().relativize(absolute).toString());
            }
        }
        return absolute;
    }

    /** Each of these host paths bound at its place inside, in order. */
    public Map<Path, Path> binds(List<Path> hostPaths) {
        Map<Path, Path> binds = new LinkedHashMap<>();
        hostPaths.forEach(path -> binds.put(path.toAbsolutePath().normalize(), inside(path)));
        return binds;
    }

    /**
     * A command line as it must read inside: every argument that is an absolute path, a list of
     * them ({@code -cp a:b}), or an option whose value is one of those ({@code -Dcourse.cache=…},
     * {@code -XX:AOTCache=…}) is mapped; any other argument is left as it is.
     */
    public List<String> command(List<String> command) {
        List<String> inside = new ArrayList<>(command.size());
        for (String argument : command) {
            int equals = argument.indexOf('=');
            if (argument.startsWith("-") && equals > 0 && argument.startsWith("/", equals + 1)) {
                inside.add(argument.substring(0, equals + 1) + pathList(argument.substring(equals + 1)));
            } else if (argument.startsWith("/")) {
                inside.add(pathList(argument));
            } else {
                inside.add(argument);
            }
        }
        return inside;
    }

    private String pathList(String paths) {
        List<String> mapped = new ArrayList<>();
        for (String path : paths.split(File.pathSeparator, -1)) {
            mapped.add(path.startsWith("/") ? inside(Path.of(path)).toString() : path);
        }
        return String.join(File.pathSeparator, mapped);
    }
}
