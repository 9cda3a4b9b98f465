/**
 * What the kernel does with each request type, and on which thread: the
 * {@link dev.course.kernel.handling.Dispatcher} runs shell requests in order on one thread and
 * control requests on another, wrapping each in busy/idle status.
 */
package dev.course.kernel.handling;
