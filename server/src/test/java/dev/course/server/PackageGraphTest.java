package dev.course.server;

import dev.course.server.web.CourseServer;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's packages depend on each other without cycles (ARCHITECTURE.md draws the graph), and
 * the web server knows nothing of workshops: workshop mode plugs into it through
 * {@code web.CourseMode}. The graph is the compiled classes' as the JDK's {@code jdeps} reads them
 * (every reference, fully qualified names and signatures included, not only imports).
 */
class PackageGraphTest {

    private static final String PREFIX = "dev.course.server.";
    /** A jdeps {@code -verbose:package} line: {@code   dev.course.server.a   -> dev.course.server.b   classes}. */
    private static final Pattern EDGE = Pattern.compile("^\\s+dev\\.course\\.server\\.(\\S+)\\s+->\\s+dev\\.course\\.server\\.(\\S+)\\s");

    @Test
    void theServersPackagesHaveNoCycle() {
        Map<String, Set<String>> graph = serverPackages();
        assertTrue(graph.containsKey("web") && graph.containsKey("workshop"), "jdeps read the server's packages: " + graph);
        assertEquals(Optional.empty(), cycle(graph), "a cycle among the server's packages; the graph: " + graph);
    }

    @Test
    void workshopModeDependsOnTheWebServerAndNotTheOtherWayRound() {
        Map<String, Set<String>> graph = serverPackages();
        assertFalse(graph.get("web").contains("workshop"), "web must not know workshop: " + graph.get("web"));
        assertTrue(graph.get("workshop").contains("web"), "workshop plugs into web: " + graph.get("workshop"));
    }

    @Test
    void theCycleFinderFindsACycleAndNamesIt() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertEquals(Optional.of(List.of("a", "b", "c", "a")), cycle(graph));
        assertEquals(Optional.empty(), cycle(Map.of("a", Set.of("b", "c"), "b", Set.of("c"), "c", Set.of())));
    }

    /** Package (without {@code dev.course.server.}) to the other server packages it uses. */
    static Map<String, Set<String>> serverPackages() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() ->
                new IllegalStateException("no jdeps in this JDK: run the tests on a full JDK (temurin 25)"));
        StringWriter out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none", classes().toString());
        assertEquals(0, exit, "jdeps failed:\n" + out);
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find()) {
                graph.computeIfAbsent(edge.group(1), k -> new TreeSet<>());
                graph.computeIfAbsent(edge.group(2), k -> new TreeSet<>());
                if (!edge.group(1).equals(edge.group(2))) {
                    graph.get(edge.group(1)).add(edge.group(2));
                }
            }
        }
        return graph;
    }

    /** The server's compiled main classes: the folder (or jar) {@link CourseServer} was loaded from. */
    private static Path classes() {
        try {
            return Path.of(CourseServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A cycle as the packages along it (first = last), or empty; depth-first, in name order. */
    static Optional<List<String>> cycle(Map<String, Set<String>> graph) {
        Set<String> done = new TreeSet<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            Optional<List<String>> found = cycleFrom(start, graph, new ArrayList<>(), done);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> cycleFrom(String node, Map<String, Set<String>> graph, List<String> path, Set<String> done) {
        int seen = path.indexOf(node);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(node);
            return Optional.of(cycle);
        }
        if (done.contains(node)) {
            return Optional.empty();
        }
        path.add(node);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            Optional<List<String>> found = cycleFrom(next, graph, path, done);
            if (found.isPresent()) {
                return found;
            }
        }
        path.removeLast();
        done.add(node);
        return Optional.empty();
    }
}
