/**
 * The one wire contract between the kernel and everyone who talks to it (the course server, the
 * gateway client, tests): the Jupyter messaging protocol, independent of transport —
 * {@link dev.course.kernel.protocol.Message} with its {@link dev.course.kernel.protocol.Header}, the
 * ZMQ wire format with its HMAC signature, the JSON-line form used over stdio and Jupyter's channels
 * WebSocket, {@link dev.course.kernel.protocol.Messages} for clients, and connection files — and
 * the course's own names on top of it: {@link dev.course.kernel.protocol.CommTargets comm targets},
 * {@link dev.course.kernel.protocol.MimeTypes MIME types}, and how a kernel is started
 * ({@link dev.course.kernel.protocol.KernelLaunch}, {@link dev.course.kernel.protocol.KernelClassPath}).
 *
 * <p>This package imports nothing else of the kernel, so a client depends on the contract only.
 */
package dev.course.kernel.protocol;
