package dev.course.kernel.protocol;

/** The Jupyter comm targets the kernel opens and the course server answers. */
public final class CommTargets {

    /**
     * The model service: the kernel sends its bundled encoders' forward passes to the server that
     * started it (the kernel's {@code ModelServiceClient}, the server's {@code ModelComm}).
     */
    public static final String MODELS = "course.models";

    private CommTargets() {
    }
}
