/**
 * How messages travel: {@link dev.course.kernel.transport.ZmqTransport} for Jupyter,
 * {@link dev.course.kernel.transport.StdioTransport} for the course server, both behind
 * {@link dev.course.kernel.transport.Transport}, so the rest of the kernel never knows which one
 * it uses.
 */
package dev.course.kernel.transport;
