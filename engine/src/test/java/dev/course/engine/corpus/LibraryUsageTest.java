package dev.course.engine.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Library usage: counted from bytecode, per class and per member, and read back as a prior. */
class LibraryUsageTest {

    /** A class of this test's own bytecode that names {@code java.time.LocalDate#now} and {@code Objects#requireNonNull}. */
    static final class Caller {
        static Object today(Object zone) {
            java.util.Objects.requireNonNull(zone, "zone");
            return java.time.LocalDate.now();
        }

        /** A nested class of the same top-level class: it counts with it, once. */
        static final class Nested {
            static Object alsoToday() {
                return java.time.LocalDate.now();
            }
        }
    }

    @Test
    void countsEachTopLevelClassOnceForEveryJdkTypeAndMemberItNames(@TempDir Path tmp) throws IOException {
        Path jar = tmp.resolve("lib-1.0.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> c : List.of(Caller.class, Caller.Nested.class)) {
                String name = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(name));
                try (var in = c.getClassLoader().getResourceAsStream(name)) {
                    in.transferTo(out);
                }
            }
        }
        LibraryUsage usage = LibraryUsage.count(List.of(jar));
        assertEquals(1, usage.typeCount("java.time.LocalDate"));
        assertEquals(1, usage.memberCount("java.time.LocalDate#now"), "the nested class counts with its top-level class");
        assertEquals(1, usage.memberCount("java.util.Objects#requireNonNull"));
        assertEquals(0, usage.typeCount("java.util.Date"));
    }

    @Test
    void aMembersPriorIsItsOwnCountAConstructorsIsInitAndATypesIsItsTypes() {
        LibraryUsage usage = LibraryUsage.ofCounts(Map.of("java.lang.String", 99, "java.util.Date", 9),
                Map.of("java.lang.String#trim", 99, "java.lang.String#stripIndent", 9, "java.lang.Error#<init>", 99));
        assertEquals(1.0, usage.prior("java.lang.String#trim()"), 1e-9);
        assertEquals(Math.log(10) / Math.log(100), usage.prior("java.lang.String#stripIndent()"), 1e-9);
        assertEquals(1.0, usage.prior("java.lang.Error#Error(Throwable)"), 1e-9);
        assertEquals(Math.log(10) / Math.log(100), usage.prior("java.util.Date"), 1e-9);
        assertEquals(0.0, usage.prior("java.lang.String#strip()"), 1e-9, "never named: 0");
        assertEquals("java.util.Map.Entry#getKey", LibraryUsage.memberKey("java.util.Map.Entry#getKey()"));
    }

    @Test
    void theTableReadsBackAsWrittenAndRejectsABadLine() {
        LibraryUsage usage = LibraryUsage.ofCounts(Map.of("java.util.List", 7), Map.of("java.util.List#of", 3));
        List<String> lines = usage.lines(List.of("made by a test"));
        assertEquals(List.of("# made by a test", "java.util.List\t7", "java.util.List#of\t3"), lines);
        LibraryUsage read = LibraryUsage.parse(lines);
        assertEquals(7, read.typeCount("java.util.List"));
        assertEquals(3, read.memberCount("java.util.List#of"));
        var e = assertThrows(IllegalArgumentException.class, () -> LibraryUsage.parse(List.of("java.util.List 7")));
        assertTrue(e.getMessage().contains("name<TAB>count"), e.getMessage());
    }

    @Test
    void theShippedTableKnowsTheEverydayApi() {
        LibraryUsage usage = LibraryUsage.bundled();
        assertTrue(usage.memberCount("java.util.Objects#requireNonNull") > usage.memberCount("java.lang.String#stripIndent"));
        assertTrue(usage.prior("java.lang.String#trim()") > usage.prior("java.lang.String#stripIndent()"));
    }

    @Test
    void newerVersionsCompareByNumberNotByText() {
        assertTrue(LibraryUsage.compareVersions("2.10.0", "2.9.1") > 0);
        assertTrue(LibraryUsage.compareVersions("1.0", "1.0.1") < 0);
    }
}
