package dev.course.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cell taken apart into its magics and its Java.
 *
 * <ul>
 *   <li>A cell whose first non-blank line is {@code %%name args} is a cell magic: the lines below are
 *       its body, and there is no Java.</li>
 *   <li>Otherwise the leading lines that start with {@code %} (blank lines between them allowed) are
 *       line magics, run in order; the rest of the cell is Java. The magic lines are kept as empty
 *       lines in {@link #java()}, so compiler errors still name the line of the cell.</li>
 * </ul>
 *
 * <p>Only leading lines count: further down, a line starting with {@code %} may continue a Java
 * expression ({@code a\n % b}).
 *
 * @param lineMagics the line magics, in order
 * @param cellMagic  the cell magic, if the cell is one
 * @param java       the Java of the cell, magic lines blanked; blank if there is none
 */
public record MagicCell(List<Call> lineMagics, Optional<Call> cellMagic, String java) {

    /**
     * One magic call.
     *
     * @param name the magic's name without percent signs
     * @param args the rest of its line, stripped
     * @param body the lines below a cell magic's first line; empty for a line magic
     * @param line the line of the cell it is on, from 1
     */
    public record Call(String name, String args, String body, int line) {
    }

    private static final Pattern MAGIC_LINE = Pattern.compile("\\s*(%%?)([A-Za-z][A-Za-z0-9_]*)?(.*)", Pattern.DOTALL);

    public MagicCell {
        lineMagics = List.copyOf(lineMagics);
    }

    /** Whether the cell starts with a magic: its first non-blank character is {@code %}. */
    public static boolean startsWithMagic(String code) {
        return code.stripLeading().startsWith("%");
    }

    /**
     * Takes a cell apart.
     *
     * @throws MagicException for a {@code %} with no name, or a cell magic below the first line
     */
    public static MagicCell parse(String code) throws MagicException {
        List<String> lines = code.lines().toList();
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first < lines.size() && lines.get(first).stripLeading().startsWith("%%")) {
            Call call = call(lines.get(first), first + 1);
            String body = String.join("\n", lines.subList(first + 1, lines.size()));
            return new MagicCell(List.of(), Optional.of(new Call(call.name(), call.args(), body, call.line())), "");
        }
        List<Call> calls = new ArrayList<>();
        StringBuilder java = new StringBuilder();
        int index = 0;
        for (; index < lines.size(); index++) {
            String line = lines.get(index);
            if (line.isBlank()) {
                java.append('\n');
                continue;
            }
            if (!line.stripLeading().startsWith("%")) {
                break;
            }
            if (line.stripLeading().startsWith("%%")) {
                throw new MagicException("line " + (index + 1) + ": a cell magic (" + line.strip()
                        + ") must be the first line of its cell");
            }
            calls.add(call(line, index + 1));
            java.append('\n');
        }
        for (int rest = index; rest < lines.size(); rest++) {
            java.append(lines.get(rest)).append('\n');
        }
        return new MagicCell(calls, Optional.empty(), java.toString());
    }

    private static Call call(String line, int lineNumber) throws MagicException {
        Matcher matcher = MAGIC_LINE.matcher(line);
        if (!matcher.matches() || matcher.group(2) == null) {
            throw new MagicException("line " + lineNumber + ": a magic needs a name, such as %lsmagic (which lists them)");
        }
        String args = matcher.group(3);
        if (!args.isEmpty() && !Character.isWhitespace(args.charAt(0))) {
            throw new MagicException("line " + lineNumber + ": put a space between the magic's name and its arguments: "
                    + line.strip());
        }
        return new Call(matcher.group(2), args.strip(), "", lineNumber);
    }
}
