/**
 * Running Java cells with JShell's local execution engine: splitting a cell into snippets,
 * evaluating them, keeping the real value of the last expression, reporting errors by cell line,
 * and completion and documentation while typing.
 */
package dev.course.kernel.jshell;
