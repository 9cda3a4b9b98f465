package dev.course.lessons;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives every lesson of a track the imports of the whole track.
 *
 * <p>A learner uses whatever earlier lessons taught: having met {@code VectorMath.dot} in the
 * embeddings lesson, they write it again in the reranking exercise three lessons later. If that
 * lesson never imported {@code VectorMath}, their correct code fails to compile with a message
 * about a variable that is not declared. So each lesson starts with one hidden setup cell
 * ({@link #CELL_ID}) that imports every type any cell of its track imports. The lesson's own setup
 * runs after it, so a lesson that means another class of the same simple name still gets its own;
 * and a simple name that two lessons of the track import from different packages is left out of
 * the shared cell (it would be ambiguous), so each of those lessons keeps its own import.
 */
final class TrackImports {

    /** The id of the added setup cell; lesson cells are {@code c1}, {@code c2}, …, so it never clashes. */
    static final String CELL_ID = "track-imports";

    private static final Pattern SINGLE_TYPE_IMPORT = Pattern.compile("^\\s*import\\s+((?:[a-zA-Z_$][\\w$]*\\.)+([A-Z][\\w$]*))\\s*;\\s*$");

    private TrackImports() {
    }

    /** The lessons of one track, each with the track's imports as its first setup cell (unless there are none). */
    static List<Lesson> apply(List<Lesson> track) {
        String imports = importsOf(track);
        if (imports.isEmpty()) {
            return track;
        }
        List<Lesson> withImports = new ArrayList<>();
        for (Lesson lesson : track) {
            List<Block> blocks = new ArrayList<>();
            blocks.add(new Block.Cell(CELL_ID, CellRole.SETUP, imports, List.of(), 1));
            blocks.addAll(lesson.blocks());
            withImports.add(new Lesson(lesson.slug(), lesson.sourceName(), lesson.meta(), blocks, lesson.markdown()));
        }
        return withImports;
    }

    /** Every single-type import of the track's cells and exercises, one a line, sorted; ambiguous simple names left out. */
    static String importsOf(List<Lesson> track) {
        Map<String, TreeSet<String>> bySimpleName = new LinkedHashMap<>();
        for (Lesson lesson : track) {
            for (Block block : lesson.blocks()) {
                switch (block) {
                    case Block.Cell cell -> collect(cell.source(), bySimpleName);
                    case Block.Exercise exercise -> {
                        collect(exercise.starter(), bySimpleName);
                        collect(exercise.solution(), bySimpleName);
                    }
                    default -> {
                    }
                }
            }
        }
        TreeSet<String> unambiguous = new TreeSet<>();
        bySimpleName.values().stream().filter(names -> names.size() == 1).forEach(unambiguous::addAll);
        StringBuilder cell = new StringBuilder();
        unambiguous.forEach(name -> cell.append("import ").append(name).append(";\n"));
        return cell.toString().strip();
    }

    private static void collect(String source, Map<String, TreeSet<String>> bySimpleName) {
        for (String line : source.split("\n")) {
            Matcher m = SINGLE_TYPE_IMPORT.matcher(line);
            if (m.matches()) {
                bySimpleName.computeIfAbsent(m.group(2), name -> new TreeSet<>()).add(m.group(1));
            }
        }
    }
}
