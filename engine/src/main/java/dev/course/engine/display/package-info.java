/**
 * How engine objects show themselves: {@link dev.course.engine.display.MimeBundle} holds one value
 * in several MIME types and {@link dev.course.engine.display.Renderable} marks objects that can
 * produce one; {@link dev.course.engine.display.Svg} holds what the SVG figures share. Kernels turn these into Jupyter {@code display_data} messages.
 */
package dev.course.engine.display;
