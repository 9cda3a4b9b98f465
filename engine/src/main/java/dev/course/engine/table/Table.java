package dev.course.engine.table;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A small table of strings that shows itself as an HTML table in a lesson page and as aligned
 * columns in a terminal. Search results, evaluation reports and benchmark outputs all render
 * through it, so they look alike everywhere.
 *
 * @param caption optional title shown above the table (may be empty)
 * @param header  the column names
 * @param rows    the cells, each row as long as the header
 */
public record Table(String caption, List<String> header, List<List<String>> rows) implements Renderable {

    public Table {
        Objects.requireNonNull(caption, "caption");
        header = List.copyOf(header);
        var copy = new ArrayList<List<String>>(rows.size());
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("row has " + row.size() + " cells, header " + header.size());
            }
            copy.add(List.copyOf(row));
        }
        rows = List.copyOf(copy);
    }

    @Override
    public MimeBundle render() {
        return MimeBundle.html(toHtml(), toString());
    }

    public String toHtml() {
        var html = new StringBuilder("<table class=\"engine-table\">");
        if (!caption.isEmpty()) {
            html.append("<caption>").append(escape(caption)).append("</caption>");
        }
        html.append("<thead><tr>");
        header.forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(escape(cell)).append("</td>"));
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    /** Aligned plain-text columns; long cells are shortened to keep the table readable. */
    @Override
    public String toString() {
        int maxCell = 90;
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = Math.min(maxCell, header.get(c).length());
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], Math.min(maxCell, row.get(c).length()));
            }
        }
        var out = new StringBuilder();
        if (!caption.isEmpty()) {
            out.append(caption).append('\n');
        }
        appendRow(out, header, widths, maxCell);
        for (int c = 0; c < widths.length; c++) {
            out.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
        }
        out.append('\n');
        rows.forEach(row -> appendRow(out, row, widths, maxCell));
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] widths, int maxCell) {
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c).replace('\n', ' ');
            if (cell.length() > maxCell) {
                cell = cell.substring(0, maxCell - 1) + "…";
            }
            out.append(c == 0 ? "" : "  ").append(cell).append(" ".repeat(widths[c] - cell.length()));
        }
        out.append('\n');
    }

    /** Escapes the five characters that matter in HTML text and attributes. */
    public static String escape(String s) {
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
