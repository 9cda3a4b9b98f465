package dev.course.kernel.history;

/**
 * One executed cell as history remembers it.
 *
 * @param line  its execution count ({@code In [line]})
 * @param input its source
 */
public record HistoryEntry(int line, String input) {
}
