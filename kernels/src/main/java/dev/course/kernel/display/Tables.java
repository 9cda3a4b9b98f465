package dev.course.kernel.display;

import dev.course.engine.display.MimeBundle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table as a bundle: {@code text/html} (an HTML table, every cell escaped) and {@code text/plain}
 * (columns padded to their widest cell, numbers aligned right), so it reads well in a notebook, the
 * course page and a terminal alike.
 */
final class Tables {

    /** Most rows a table shows; the rest are counted in a last line. */
    static final int MAX_ROWS = 1000;

    private Tables() {
    }

    static MimeBundle bundle(List<String> header, List<? extends List<?>> rows) {
        if (header.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column name");
        }
        List<List<String>> shown = new ArrayList<>();
        for (List<?> row : rows.subList(0, Math.min(rows.size(), MAX_ROWS))) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("row " + (shown.size() + 1) + " has " + row.size() + " cells, the header "
                        + header.size() + ": " + row);
            }
            shown.add(row.stream().map(String::valueOf).toList());
        }
        int hidden = rows.size() - shown.size();
        Map<String, String> data = new LinkedHashMap<>();
        data.put(MimeBundle.HTML, html(header, shown, hidden));
        data.put(MimeBundle.TEXT, text(header, shown, hidden));
        return new MimeBundle(data);
    }

    private static String html(List<String> header, List<List<String>> rows, int hidden) {
        StringBuilder html = new StringBuilder("<table><thead><tr>");
        header.forEach(name -> html.append("<th>").append(escape(name)).append("</th>"));
        html.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(cell -> html.append(isNumber(cell) ? "<td style=\"text-align:right\">" : "<td>").append(escape(cell)).append("</td>"));
            html.append("</tr>");
        }
        html.append("</tbody></table>");
        if (hidden > 0) {
            html.append("<p>… and ").append(hidden).append(" more rows</p>");
        }
        return html.toString();
    }

    private static String text(List<String> header, List<List<String>> rows, int hidden) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, header, widths);
        for (int c = 0; c < widths.length; c++) {
            text.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
        }
        text.append('\n');
        rows.forEach(row -> line(text, row, widths));
        if (hidden > 0) {
            text.append("… and ").append(hidden).append(" more rows\n");
        }
        return text.toString().stripTrailing();
    }

    private static void line(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            String padding = " ".repeat(widths[c] - cell.length());
            line.append(c == 0 ? "" : "  ").append(isNumber(cell) ? padding + cell : cell + padding);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    private static boolean isNumber(String cell) {
        return cell.matches("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?%?");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
