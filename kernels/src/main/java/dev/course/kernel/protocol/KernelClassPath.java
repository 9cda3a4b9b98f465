package dev.course.kernel.protocol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The class path a kernel JVM gets: the kernel, the engine and the libraries they need at run time,
 * and nothing else of the application that starts it (no web server, JDBC drivers, command line or
 * benchmark libraries). A cell compiles against this class path too, so everything on it costs every
 * cell and every kernel's start.
 *
 * <p>The kernels module's build writes the list of its run-time artifacts into the resource
 * {@value #LISTING} beside this class ({@code dependency:list}, one
 * {@code group:artifact:type[:classifier]:version:scope} per line). An application whose class path
 * holds the kernel (the server's {@code target/lib}, a test's Maven class path) picks those entries
 * out of its own with {@link #from(List)}: the same list for sandboxed kernels, the class-data
 * archive and the Jupyter kernelspec.
 */
public final class KernelClassPath {

    /** The resource, next to this class, listing the kernel's run-time artifacts. */
    public static final String LISTING = "kernel-class-path.txt";

    private KernelClassPath() {
    }

    /**
     * One artifact the kernel needs at run time.
     *
     * @param classifier empty when the artifact has none
     */
    public record Artifact(String groupId, String artifactId, String version, String classifier) {

        /**
         * Whether this class path entry holds the artifact: a jar named
         * {@code artifactId-VERSION[-classifier].jar} (any version: the application may have settled
         * on another one of a shared library, and the kernel runs with that), or a class folder of
         * this build ({@code <module>/target/classes}, as in tests and IDEs), which holds the
         * artifact {@code course-<module>}.
         */
        public boolean isIn(Path entry) {
            Path name = entry.getFileName();
            if (name == null) {
                return false;
            }
            String file = name.toString();
            if (file.equals("classes") && entry.getParent() != null && entry.getParent().getFileName() != null
                    && entry.getParent().getFileName().toString().equals("target") && entry.getParent().getParent() != null) {
                Path module = entry.getParent().getParent().getFileName();
                return module != null && artifactId.equals("course-" + module);
            }
            if (!file.toLowerCase(Locale.ROOT).endsWith(".jar") || !file.startsWith(artifactId + "-")) {
                return false;
            }
            String rest = file.substring(artifactId.length() + 1, file.length() - ".jar".length());
            return !rest.isEmpty() && Character.isDigit(rest.charAt(0)) && (classifier.isEmpty() || rest.endsWith("-" + classifier));
        }

        /** Whether this entry is the artifact's jar in the listed version (or a class folder of this build). */
        public boolean isExactly(Path entry) {
            Path name = entry.getFileName();
            if (name == null || !isIn(entry)) {
                return false;
            }
            String file = name.toString();
            return !file.endsWith(".jar")
                    || file.equals(artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar");
        }

        /**
         * Reads one line of {@code dependency:list}, e.g.
         * {@code   org.zeromq:jeromq:jar:0.6.0:compile -- module org.zeromq.jeromq}.
         *
         * @throws IllegalArgumentException if the line is not such a coordinate
         */
        static Artifact parse(String line) {
            String coordinates = line.strip();
            int comment = coordinates.indexOf(" -- ");
            if (comment >= 0) {
                coordinates = coordinates.substring(0, comment).strip();
            }
            String[] parts = coordinates.split(":");
            return switch (parts.length) {
                case 5 -> new Artifact(parts[0], parts[1], parts[3], "");
                case 6 -> new Artifact(parts[0], parts[1], parts[4], parts[3]);
                default -> throw new IllegalArgumentException("not a dependency coordinate: " + line.strip());
            };
        }
    }

    /**
     * The kernel's class path, picked out of an application's class path: the entry holding the
     * kernel itself first, then every entry that holds one of the listed artifacts, in the
     * application's order.
     *
     * @throws IllegalStateException if a listed artifact is not on the application's class path (the
     *                               kernel would fail in a cell), or the listing is missing
     */
    public static List<Path> from(List<Path> applicationClassPath) {
        return select(kernelEntry(), artifacts(), applicationClassPath);
    }

    /** The artifacts the kernel needs besides itself, as its build listed them. */
    public static List<Artifact> artifacts() {
        try (InputStream in = KernelClassPath.class.getResourceAsStream(LISTING)) {
            if (in == null) {
                throw new IllegalStateException("the kernel's class path listing (" + LISTING + " in the kernels module) is missing: "
                        + "build the kernels module with Maven (./mvnw -pl kernels -am package)");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return parse(reader.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The artifacts in a {@code dependency:list} output: its coordinate lines, of jars in compile or runtime scope. */
    static List<Artifact> parse(List<String> lines) {
        List<Artifact> artifacts = new ArrayList<>();
        for (String line : lines) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("The following") || stripped.equals("none")) {
                continue;
            }
            String coordinates = stripped.split(" -- ")[0];
            String[] parts = coordinates.split(":");
            String scope = parts[parts.length - 1];
            if (parts.length >= 5 && parts[2].equals("jar") && (scope.equals("compile") || scope.equals("runtime"))) {
                artifacts.add(Artifact.parse(stripped));
            }
        }
        return List.copyOf(artifacts);
    }

    /** The entry this class came from: the kernels module's jar or class folder. */
    static Path kernelEntry() {
        try {
            return Path.of(KernelClassPath.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where the kernel's classes are", e);
        }
    }

    static List<Path> select(Path kernel, List<Artifact> artifacts, List<Path> applicationClassPath) {
        List<Path> selected = new ArrayList<>(List.of(kernel));
        for (Path entry : applicationClassPath) {
            Path absolute = entry.toAbsolutePath();
            // Of several versions of one library (a target/lib that kept an older jar after an upgrade),
            // only the one the build listed: two versions on one class path mix their classes.
            if (!absolute.equals(kernel) && !selected.contains(absolute) && artifacts.stream().anyMatch(artifact -> artifact.isIn(absolute)
                    && (artifact.isExactly(absolute) || applicationClassPath.stream().noneMatch(artifact::isExactly)))) {
                selected.add(absolute);
            }
        }
        List<String> missing = artifacts.stream()
                .filter(artifact -> selected.stream().noneMatch(artifact::isIn))
                .map(artifact -> artifact.groupId() + ":" + artifact.artifactId() + ":" + artifact.version())
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the kernel needs " + String.join(", ", missing)
                    + ", which this application's class path does not have: rebuild it (./mvnw install -DskipTests)");
        }
        return List.copyOf(selected);
    }
}
