package dev.course.server.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain text file of cells for {@code course kernel run}: cells are separated by lines that
 * are exactly {@code //%%} (a Java comment, so the file still reads as Java).
 */
public final class CellFile {

    /** The separator line between cells. */
    public static final String SEPARATOR = "//%%";

    private CellFile() {
    }

    /** The non-blank cells of a file, in order. */
    public static List<String> cells(String text) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            if (line.strip().equals(SEPARATOR)) {
                add(cells, cell);
                cell.setLength(0);
            } else {
                cell.append(line).append('\n');
            }
        }
        add(cells, cell);
        return cells;
    }

    private static void add(List<String> cells, StringBuilder cell) {
        String source = cell.toString().strip();
        if (!source.isEmpty()) {
            cells.add(source);
        }
    }
}
