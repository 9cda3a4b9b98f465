package dev.course.kernel.handling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TracebackStyleTest {

    private static final List<String> RUNTIME = List.of(
            "java.lang.IllegalArgumentException: zero",
            "    at java.base/java.util.Objects.requireNonNull(Objects.java:259)",
            "    at half (cell [3], line 4)",
            "    at line 2",
            "Caused by: java.lang.NullPointerException");
    private static final List<String> COMPILE = List.of(
            "line 6: incompatible types",
            "  6 |   int b = \"two\";",
            "    |           ^^^^^");

    @Test
    void plainLeavesTheLinesAsTheyAre() {
        assertEquals(RUNTIME, TracebackStyle.PLAIN.apply(RUNTIME));
    }

    @Test
    void ansiColoursTheHeadlineCausesCellFramesAndTheOffendingLine() {
        assertEquals(List.of(
                "\u001b[1;31mjava.lang.IllegalArgumentException: zero\u001b[0m",
                "    at java.base/java.util.Objects.requireNonNull(Objects.java:259)",
                "\u001b[32m    at half (cell [3], line 4)\u001b[0m",
                "\u001b[32m    at line 2\u001b[0m",
                "\u001b[31mCaused by: java.lang.NullPointerException\u001b[0m"), TracebackStyle.ANSI.apply(RUNTIME));
        assertEquals(List.of(
                "\u001b[1;31mline 6: incompatible types\u001b[0m",
                "\u001b[1m  6 |   int b = \"two\";\u001b[0m",
                "\u001b[31m    |           ^^^^^\u001b[0m"), TracebackStyle.ANSI.apply(COMPILE));
    }
}
