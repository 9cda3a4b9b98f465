package dev.course.engine.corpus;

import dev.course.engine.chunk.Document;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the capstone adds to JDK documents: names in words, a usage prior, deprecation. */
class ApiPriorsTest {

    @Test
    void namesAreSpelledOutInWords() {
        assertEquals("count down latch await long time unit, in java util concurrent",
                ApiWords.of("java.util.concurrent.CountDownLatch#await(long,TimeUnit)"));
        assertEquals("map entry get key, in java util", ApiWords.of("java.util.Map.Entry#getKey()"));
        assertEquals("integer max value, in java lang", ApiWords.of("java.lang.Integer#MAX_VALUE"));
        assertEquals("url encoder", ApiWords.split("URLEncoder"));
        Document strip = new Document("java.lang.String#strip()", "java.lang.String › strip()", "public String strip()", "");
        Document with = ApiWords.withWords(strip);
        assertTrue(with.text().startsWith("public String strip()\n") && with.text().endsWith("string strip, in java lang"), with.text());
        assertEquals(strip.title(), with.title());
    }

    /** Counted in files of other modules that can see the type and name it; one file counts once. */
    @Test
    void usageCountsFilesOfOtherModulesThatSeeAndNameAType() {
        Map<String, Map<String, String>> types = Map.of(
                "java.util", Map.of("List", "java.base", "Map", "java.base"),
                "java.lang", Map.of("String", "java.base"),
                "javax.swing", Map.of("JSpinner", "java.desktop"));
        var counts = new HashMap<String, Integer>();
        TypeUsage.countFile("jdk.foo", "import java.util.List;\nclass A { List<String> a; List<String> b; }", types, counts);
        TypeUsage.countFile("jdk.foo", "import java.util.*;\nclass B { Map<String, String> m; }", types, counts);
        TypeUsage.countFile("jdk.foo", "class C { JSpinner notImported; }", types, counts);
        TypeUsage.countFile("java.base", "import java.util.List;\nclass D { List<String> sameModule; }", types, counts);
        TypeUsage.countFile("jdk.foo", "import static java.util.Map.entry;\nclass E { }", types, counts);
        assertEquals(Map.of("java.util.List", 1, "java.lang.String", 2, "java.util.Map", 1), counts);

        TypeUsage usage = TypeUsage.ofCounts(Map.of("java.lang.String", 99, "java.util.Map", 9));
        assertEquals(1.0, usage.prior("java.lang.String#strip()"), 1e-9);
        assertEquals(Math.log(10) / Math.log(100), usage.prior("java.util.Map.Entry#getKey()"), 1e-9, "nested types count as their outer type");
        assertEquals(0.0, usage.prior("javax.swing.JSpinner"), 1e-9);
        assertEquals("java.util.Map", TypeUsage.topLevelType("java.util.Map.Entry"));
        assertNull(TypeUsage.topLevelType("java.util"));
    }

    @Test
    void membersOfDeprecatedTypesAreDeprecatedToo() {
        var api = DeprecatedApi.of(List.of(
                new Document("java.applet.Applet", "", "@Deprecated public class Applet extends Panel", ""),
                new Document("java.lang.Thread#stop()", "", "@Deprecated public final void stop()", ""),
                new Document("java.lang.Thread#start()", "", "public void start()", "")));
        assertEquals(2, api.marked());
        assertTrue(api.contains("java.lang.Thread#stop()"));
        assertFalse(api.contains("java.lang.Thread#start()"));
        assertTrue(api.contains("java.applet.Applet#init()"));
        assertTrue(api.contains("java.applet.Applet.AccessibleApplet#getAccessibleRole()"), "nested in a deprecated type");
        assertFalse(api.contains("java.util.List#of()"));
    }
}
