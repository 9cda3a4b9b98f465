package dev.course.kernel.jshell;

/**
 * The value a cell ended with, shown as its {@code execute_result}.
 *
 * @param text   JShell's own rendering: strings in quotes ({@code "hi"}), arrays with their elements
 *               ({@code int[2] { 1, 2 }}), everything else through {@code toString()}. Strings keep
 *               their quotes on purpose: as in JShell, {@code "42"} and {@code 42} must look different
 *               to someone learning types.
 * @param object the value itself, e.g. to render a {@link dev.course.engine.display.Renderable};
 *               {@code null} for a null value
 */
public record CellValue(String text, Object object) {
}
