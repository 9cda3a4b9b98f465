/**
 * Exercise checks: JUnit 5 tests, defined in a cell, run inside the kernel against the learner's
 * code, with the verdict published as one {@value dev.course.kernel.protocol.MimeTypes#CHECK} bundle.
 */
package dev.course.kernel.exercise;
