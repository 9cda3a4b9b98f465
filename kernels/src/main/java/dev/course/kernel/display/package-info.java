/**
 * The display API cells use to show HTML, SVG, Markdown and
 * {@link dev.course.engine.display.Renderable} objects, identical in Jupyter and in the course
 * pages.
 */
package dev.course.kernel.display;
