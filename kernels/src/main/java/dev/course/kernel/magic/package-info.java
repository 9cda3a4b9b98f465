/**
 * Magics: lines {@code %name args} and cells {@code %%name args} that the kernel handles itself
 * before JShell sees the rest of the cell — adding jars and Maven dependencies to the class path,
 * loading a script, timing, the environment, help. A cell that does not start with {@code %} is
 * never touched: Java has no statement that starts with one.
 */
package dev.course.kernel.magic;
