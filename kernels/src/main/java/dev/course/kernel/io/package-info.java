/**
 * Everything the kernel sends: replies and broadcasts through the
 * {@link dev.course.kernel.io.Outbox}, and cell output (printed text, displayed values) attributed
 * to the running cell by {@link dev.course.kernel.io.CellOutput}.
 */
package dev.course.kernel.io;
