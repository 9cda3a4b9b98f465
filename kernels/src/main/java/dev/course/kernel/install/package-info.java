/**
 * Installing the kernel for Jupyter: the kernelspec that starts
 * {@link dev.course.kernel.KernelMain} with the right JDK, flags and class path.
 */
package dev.course.kernel.install;
