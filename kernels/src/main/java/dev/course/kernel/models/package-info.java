/**
 * The kernel's client of the course server's model service: with
 * {@code -Dcourse.kernel.modelService=true} the bundled embedding models run in the server, shared
 * by every kernel, instead of being loaded into each kernel's JVM.
 */
package dev.course.kernel.models;
