package dev.course.kernel.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The inputs of the cells this kernel ran (those stored in history, i.e. counted), oldest first.
 *
 * <p>Bounded in memory: at most {@code maxEntries} cells and {@code maxChars} characters of source;
 * the oldest entries are forgotten first, as a terminal's scroll-back does. A single cell larger than
 * the whole budget is not kept at all. Thread-safe: the shell thread adds, history requests read.
 */
public final class CellHistory {

    /** The default number of cells kept. */
    public static final int DEFAULT_MAX_ENTRIES = 1000;

    /** The default number of characters of source kept, over all cells. */
    public static final int DEFAULT_MAX_CHARS = 1_000_000;

    private final int maxEntries;
    private final long maxChars;
    private final Deque<HistoryEntry> entries = new ArrayDeque<>();
    private long chars;

    public CellHistory() {
        this(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_CHARS);
    }

    public CellHistory(int maxEntries, long maxChars) {
        if (maxEntries <= 0 || maxChars <= 0) {
            throw new IllegalArgumentException("history bounds must be positive: " + maxEntries + ", " + maxChars);
        }
        this.maxEntries = maxEntries;
        this.maxChars = maxChars;
    }

    /** Remembers a cell that ran with execution count {@code line}. */
    public synchronized void add(int line, String input) {
        if (input.length() > maxChars) {
            return;
        }
        entries.addLast(new HistoryEntry(line, input));
        chars += input.length();
        while (entries.size() > maxEntries || chars > maxChars) {
            chars -= entries.removeFirst().input().length();
        }
    }

    /** Every entry still kept, oldest first. */
    public synchronized List<HistoryEntry> entries() {
        return new ArrayList<>(entries);
    }

    /** The entries a query selects, oldest first. */
    public List<HistoryEntry> select(HistoryQuery query) {
        return query.select(entries());
    }
}
