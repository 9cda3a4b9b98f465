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

                /**
                 * An old way to draw. Use something else.
                 *
                 * @deprecated replaced by {@link Shapes}
                 */
                @Deprecated
                class Legacy {
                    /** Draws the old way. */
                    public void draw() { }
                }
            }

            /** Package-private: not API. */
            class Hidden {
                /** Never seen. */
                public void run() { }
            }
            """;

    static Map<String, Document> shapes;
    static Map<String, ApiMember> members;
    static Path shapesZip;

    @BeforeAll
    static void parseShapes(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("src.zip");
        try (var out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("java.base/java/util/Shapes.java"));
            out.write(SHAPES.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        shapesZip = zip;
        shapes = JdkApiCorpus.ofTypes(List.of("java.util.Shapes")).from(zip).documents().stream()
                .collect(Collectors.toMap(Document::id, Function.identity()));
        members = JdkApiCorpus.ofTypes(List.of("java.util.Shapes")).from(zip).members(Progress.NONE).stream()
                .collect(Collectors.toMap(ApiMember::id, Function.identity()));
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
        assertEquals(10, shapes.size(), shapes.keySet().toString());
    }

    /** Members of a deprecated type are marked too: nobody should be sent to them (moved from DeprecatedApi's test). */
    @Test
    void deprecatedTypesAndTheirMembersAreMarked() {
        assertTrue(shapes.get("java.util.Shapes.Legacy").text().startsWith("@Deprecated class Legacy"),
                shapes.get("java.util.Shapes.Legacy").text());
        Document draw = shapes.get("java.util.Shapes.Legacy#draw()");
        assertTrue(draw.text().startsWith("@Deprecated public void draw()"), draw.text());
        assertTrue(ApiMember.isDeprecated(dev.course.engine.chunk.Chunk.whole(draw)));
        assertFalse(ApiMember.isDeprecated(dev.course.engine.chunk.Chunk.whole(shapes.get("java.util.Shapes#area(T)"))));
        assertTrue(members.get("java.util.Shapes.Legacy#draw()").deprecated());
    }

    /** One record, several views: the search document, the whole main description for training. */
    @Test
    void oneMemberRecordGivesEveryView() {
        ApiMember legacy = members.get("java.util.Shapes.Legacy");
        assertEquals("An old way to draw. Use something else.", legacy.description(), "block tags are not the main description");
        assertEquals("An old way to draw.", legacy.summary());
        assertEquals("An old way to draw. Use something else.\nclass Legacy", legacy.prose());
        assertEquals("Shapes to draw. More text.\npublic interface Shapes<T> extends Iterable<T>", members.get("java.util.Shapes").prose());
    }

    /** The whole JDK's documents end with their names in words; the sample's (which lessons print) do not. */
    @Test
    void theWholeJdkCarriesItsNamesInWords() {
        Document area = JdkApiCorpus.ofTypes(List.of("java.util.Shapes")).from(shapesZip).withWords().documents().stream()
                .filter(d -> d.id().equals("java.util.Shapes#area(T)")).findFirst().orElseThrow();
        assertEquals("double area(T shape)\nReturns the area of shape, see the perimeter.\nshapes area, in java util", area.text());
        assertEquals("jdk", JdkApiCorpus.all().name());
        assertTrue(JdkApiCorpus.all().isWholeJdk() && !JdkApiCorpus.sample().isWholeJdk());
    }

    @Test
    void namesAreSpelledOutInWords() {
        assertEquals("count down latch await long time unit, in java util concurrent",
                ApiMember.words("java.util.concurrent.CountDownLatch#await(long,TimeUnit)"));
        assertEquals("map entry get key, in java util", ApiMember.words("java.util.Map.Entry#getKey()"));
        assertEquals("integer max value, in java lang", ApiMember.words("java.lang.Integer#MAX_VALUE"));
        assertEquals("url encoder", ApiMember.split("URLEncoder"));
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
