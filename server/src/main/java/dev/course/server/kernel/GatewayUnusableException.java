package dev.course.server.kernel;

/**
 * The gateway given to {@code course serve --gateway} cannot be used: unreachable, token refused,
 * not a Jupyter kernel API, or without our kernelspec. The message says what to do; it is meant
 * for the operator's terminal, not a stack trace.
 */
public final class GatewayUnusableException extends Exception {

    public GatewayUnusableException(String whatToDo) {
        super(whatToDo);
    }
}
