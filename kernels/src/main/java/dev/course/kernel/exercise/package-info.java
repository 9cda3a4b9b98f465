/**
 * Exercise checks: JUnit 5 tests, defined in a cell, run inside the kernel against the learner's
 * code, with the verdict published as one {@code application/vnd.course.check+json} bundle.
 */
package dev.course.kernel.exercise;
