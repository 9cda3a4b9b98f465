/**
 * Resolving Maven dependencies for {@code %maven} and {@code %%loadFromPOM} with Maven's own
 * resolver library: the local repository first, then Maven Central (or the repositories configured),
 * transitive dependencies and version conflicts as Maven decides them, under a deadline.
 */
package dev.course.kernel.dependencies;
