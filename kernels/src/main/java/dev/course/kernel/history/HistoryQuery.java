package dev.course.kernel.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a {@code history_request} asks for, by its {@code hist_access_type}: the last {@code n}
 * cells ({@link Tail}), the cells numbered {@code start} (inclusive) to {@code stop} (exclusive) of
 * a session ({@link Range}), or the cells whose source matches a glob pattern ({@link Search}).
 *
 * <p>This kernel has one session, numbered {@value #SESSION}; as in IPython, session {@code 0} in a
 * request means the current one, and older sessions (negative numbers) have no history here.
 */
public sealed interface HistoryQuery {

    /** The number of this kernel's only session, as history replies report it. */
    int SESSION = 1;

    /** The number of cells a tail request without {@code n} gets, as in IPython. */
    int DEFAULT_TAIL = 10;

    /** The selected entries, oldest first, from all entries (oldest first). */
    List<HistoryEntry> select(List<HistoryEntry> all);

    /** The last {@code n} cells. */
    record Tail(int n) implements HistoryQuery {
        public Tail {
            if (n < 0) {
                throw new IllegalArgumentException("n must not be negative: " + n);
            }
        }

        @Override
        public List<HistoryEntry> select(List<HistoryEntry> all) {
            return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
        }
    }

    /** Cells numbered {@code start <= line < stop} of a session (a request without {@code stop} reads to the end). */
    record Range(int session, int start, int stop) implements HistoryQuery {
        @Override
        public List<HistoryEntry> select(List<HistoryEntry> all) {
            if (session != 0 && session != SESSION) {
                return List.of();
            }
            return all.stream().filter(entry -> entry.line() >= start && entry.line() < stop).toList();
        }
    }

    /**
     * Cells whose whole source matches a glob ({@code *} any text, {@code ?} one character, as
     * SQLite's GLOB that IPython uses; case-sensitive), the last {@code n} of them (all when
     * {@code n} is 0 or less); with {@code unique}, each source once, at its latest run.
     */
    record Search(String pattern, int n, boolean unique) implements HistoryQuery {
        @Override
        public List<HistoryEntry> select(List<HistoryEntry> all) {
            Pattern glob = globToRegex(pattern);
            List<HistoryEntry> matches = all.stream().filter(entry -> glob.matcher(entry.input()).matches()).toList();
            if (unique) {
                Map<String, HistoryEntry> latest = new LinkedHashMap<>();
                for (HistoryEntry entry : matches) {
                    latest.remove(entry.input());
                    latest.put(entry.input(), entry);
                }
                matches = new ArrayList<>(latest.values());
            }
            return n <= 0 ? matches : List.copyOf(matches.subList(Math.max(0, matches.size() - n), matches.size()));
        }

        private static Pattern globToRegex(String glob) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (char c : glob.toCharArray()) {
                if (c == '*' || c == '?') {
                    regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                    literal.setLength(0);
                } else {
                    literal.append(c);
                }
            }
            regex.append(Pattern.quote(literal.toString()));
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }
    }

    /**
     * Reads a request's content.
     *
     * @throws IllegalArgumentException with a message saying what is wrong, for an unknown
     *                                  {@code hist_access_type} or a search without a pattern
     */
    static HistoryQuery fromRequest(JsonNode content) {
        String type = content.path("hist_access_type").asText("");
        return switch (type) {
            case "tail" -> new Tail(Math.max(0, content.path("n").asInt(DEFAULT_TAIL)));
            case "range" -> new Range(content.path("session").asInt(0), content.path("start").asInt(0),
                    content.path("stop").isNumber() ? content.path("stop").asInt() : Integer.MAX_VALUE);
            case "search" -> {
                if (!content.path("pattern").isTextual()) {
                    throw new IllegalArgumentException("a search history_request needs a \"pattern\" (a glob such as \"*Scanner*\")");
                }
                yield new Search(content.path("pattern").asText(), content.path("n").asInt(0),
                        content.path("unique").asBoolean(false));
            }
            default -> throw new IllegalArgumentException("hist_access_type must be \"tail\", \"range\" or \"search\", not \""
                    + type + "\"");
        };
    }
}
