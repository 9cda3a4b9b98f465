package dev.course.engine.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The JDK search's usage prior: counted in the JDK's own sources, kept with the index. */
class ApiPriorsTest {

    /** Counted in files of other modules that can see the type and name it; one file counts once. */
    @Test
    void usageCountsFilesOfOtherModulesThatSeeAndNameAType() {
        Map<String, Map<String, String>> types = Map.of(
                "java.util", Map.of("List", "java.base", "Map", "java.base"),
                "java.lang", Map.of("String", "java.base"),
                "javax.swing", Map.of("JSpinner", "java.desktop"));
        var counts = new HashMap<String, Integer>();
        var sameModule = new HashMap<String, Integer>();
        TypeUsage.countFile("jdk.foo", "jdk.foo", "import java.util.List;\nclass A { List<String> a; List<String> b; }", types, counts, sameModule);
        TypeUsage.countFile("jdk.foo", "jdk.foo", "import java.util.*;\nclass B { Map<String, String> m; }", types, counts, sameModule);
        TypeUsage.countFile("jdk.foo", "jdk.foo", "class C { JSpinner notImported; }", types, counts, sameModule);
        TypeUsage.countFile("java.base", "java.io", "import java.util.List;\nclass D { List<String> sameModule; }", types, counts, sameModule);
        TypeUsage.countFile("jdk.foo", "jdk.foo", "import static java.util.Map.entry;\nclass E { }", types, counts, sameModule);
        TypeUsage.countFile("java.desktop", "javax.swing", "class F { JSpinner samePackage; }", types, counts, sameModule);
        assertEquals(Map.of("java.util.List", 1, "java.lang.String", 2, "java.util.Map", 1), counts);
        assertEquals(Map.of("java.util.List", 1, "java.lang.String", 1, "javax.swing.JSpinner", 1), sameModule,
                "a module's own files are counted apart; the own package needs no import");

        TypeUsage usage = TypeUsage.ofCounts(Map.of("java.lang.String", 99, "java.util.Map", 9));
        assertEquals(1.0, usage.prior("java.lang.String#strip()"), 1e-9);
        assertEquals(Math.log(10) / Math.log(100), usage.prior("java.util.Map.Entry#getKey()"), 1e-9, "nested types count as their outer type");
        assertEquals(0.0, usage.prior("javax.swing.JSpinner"), 1e-9);
        assertEquals("java.util.Map", TypeUsage.topLevelType("java.util.Map.Entry"));
        assertNull(TypeUsage.topLevelType("java.util"));
    }

    /** The counts survive the index's file; a module's own files count only with a weight. */
    @Test
    void countsAreSavedWithTheIndexAndSameModuleUseCountsWithAWeight(@TempDir Path dir) throws Exception {
        TypeUsage usage = TypeUsage.ofCounts(Map.of("java.lang.String", 99, "javax.swing.JSpinner", 0),
                Map.of("javax.swing.JSpinner", 99));
        Path file = dir.resolve(TypeUsage.FILE);
        usage.save(file);
        TypeUsage read = TypeUsage.load(file);
        assertEquals(0.0, read.prior("javax.swing.JSpinner#getValue()"), 1e-9);
        assertEquals(1.0, read.prior("java.lang.String"), 1e-9);
        assertEquals(1.0, read.withSameModuleWeight(1).prior("javax.swing.JSpinner#getValue()"), 1e-9);
        assertEquals(Math.log1p(49.5) / Math.log1p(99), read.withSameModuleWeight(0.5).prior("javax.swing.JSpinner"), 1e-9);
    }
}
