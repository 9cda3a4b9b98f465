/**
 * The Jupyter messaging protocol, independent of transport:
 * {@link dev.course.kernel.protocol.Message} and its {@link dev.course.kernel.protocol.Header},
 * the ZMQ wire format with its HMAC signature, the JSON-line form used over stdio, and connection
 * files.
 */
package dev.course.kernel.protocol;
