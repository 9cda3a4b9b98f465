package dev.course.engine.corpus;

import dev.course.engine.chunk.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JdkApiCorpusTest {

    /** A made-up source file in an exported package, exercising each visibility rule. */
    static final String SHAPES = """
            package java.util;

            /** Shapes to draw. More text. */
            public interface Shapes<T> extends Iterable<T> {
                /** Returns the area of {@code shape}, see {@link #perimeter(Object) the perimeter}. */
                double area(T shape);
                /** {@inheritDoc} */
                String toString();
                /** Joins &lt;parts&gt; with {@link String#join}. */
                static String join(String... parts) { return ""; }
                /** Not part of the API. */
                private void helper() { }
                /** The unit square. */
                int UNIT = 1;
                /** {@return the perimeter}. */
                double perimeter(T shape);

                /** A colour. */
                enum Colour {
                    /** The colour of the sky. */
                    BLUE,
                    RED(1);
                    Colour() { }
                    Colour(int x) { }
                }

                /** A point. */
                record Point(int x, int y) { }
            }

            /** Package-private: not API. */
            class Hidden {
                /** Never seen. */
                public void run() { }
            }
            """;

    static Map<String, Document> shapes;

    @BeforeAll
    static void parseShapes(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("src.zip");
        try (var out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("java.base/java/util/Shapes.java"));
            out.write(SHAPES.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        shapes = JdkApiCorpus.ofTypes(List.of("java.util.Shapes")).from(zip).documents().stream()
                .collect(Collectors.toMap(Document::id, Function.identity()));
    }

    @Test
    void interfaceMembersArePublicWithoutSayingSo() {
        Document area = shapes.get("java.util.Shapes#area(T)");
        assertEquals("java.util.Shapes › area(T)", area.title());
        assertEquals("double area(T shape)\nReturns the area of shape, see the perimeter.", area.text());
        assertTrue(shapes.containsKey("java.util.Shapes#UNIT"));
        assertFalse(shapes.containsKey("java.util.Shapes#helper()"), "private members are not API");
    }

    @Test
    void varargsEntitiesAndInlineReturnReadAsOnTheApiPage() {
        Document join = shapes.get("java.util.Shapes#join(String...)");
        assertEquals("static String join(String... parts)\nJoins <parts> with String.join.", join.text());
        String perimeter = shapes.get("java.util.Shapes#perimeter(T)").text();
        assertTrue(perimeter.endsWith("\nReturns the perimeter"), perimeter);
    }

    @Test
    void inheritedDocsHiddenTypesAndUndocumentedMembersAreLeftOut() {
        assertFalse(shapes.containsKey("java.util.Shapes#toString()"), "only {@inheritDoc}");
        assertFalse(shapes.keySet().stream().anyMatch(id -> id.contains("Hidden")));
        assertFalse(shapes.containsKey("java.util.Shapes.Colour#RED"));
    }

    @Test
    void typesNestedTypesEnumConstantsAndRecords() {
        assertEquals("public interface Shapes<T> extends Iterable<T>\nShapes to draw.", shapes.get("java.util.Shapes").text());
        assertEquals("enum constant Colour.BLUE\nThe colour of the sky.", shapes.get("java.util.Shapes.Colour#BLUE").text());
        assertTrue(shapes.get("java.util.Shapes.Point").text().startsWith("record Point(int x, int y)"));
        assertTrue(shapes.get("java.util.Shapes.Colour").source().endsWith("java.base/java/util/Shapes.Colour.html"),
                shapes.get("java.util.Shapes.Colour").source());
        assertEquals(8, shapes.size(), shapes.keySet().toString());
    }

    @Test
    void theSampleIsSmallAndReadsRealJavadoc() {
        List<Document> sample = JdkApiCorpus.sample().documents();
        assertTrue(sample.size() > 300 && sample.size() < 700, "sample size " + sample.size());
        Map<String, Document> byId = sample.stream().collect(Collectors.toMap(Document::id, Function.identity()));
        assertEquals(sample.size(), byId.size(), "ids are unique");
        Document strip = byId.get("java.lang.String#strip()");
        assertTrue(strip.text().startsWith("public String strip()\nReturns a string whose value is this string, with all leading and trailing white space removed"),
                strip.text());
        assertTrue(byId.containsKey("java.util.List#add(E)"), "interface methods are public");
    }

    @Test
    void aMissingSrcZipSaysWhatToDo(@TempDir Path dir) {
        var e = assertThrows(IllegalStateException.class,
                () -> JdkApiCorpus.all().from(dir.resolve("src.zip")).documents());
        assertTrue(e.getMessage().contains("src.zip") && e.getMessage().contains("openjdk-25-source"), e.getMessage());
    }
}
