package dev.course.server.remote;

/**
 * A Jupyter Server (or Kernel/Enterprise Gateway) answered with an unexpected HTTP status, so the
 * caller sees the status and body instead of a JSON parse error further on.
 */
public final class JupyterServerException extends RuntimeException {

    private final int status;

    public JupyterServerException(String request, int status, String body) {
        super(request + " -> HTTP " + status + ": " + body);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
