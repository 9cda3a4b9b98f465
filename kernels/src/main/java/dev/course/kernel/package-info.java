/**
 * The course's Java kernel: JShell in its own JVM, speaking the Jupyter messaging protocol 5.3
 * over ZMQ (for Jupyter) or JSON lines over stdio (for the course server).
 * {@link dev.course.kernel.KernelMain} starts it; {@link dev.course.kernel.Kernel} wires the parts
 * together.
 */
package dev.course.kernel;
