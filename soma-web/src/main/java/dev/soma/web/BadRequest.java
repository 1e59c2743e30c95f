package dev.soma.web;

/**
 * A request the server refuses: its one-line message goes back to the client with the HTTP status (400 unless
 * said otherwise: 404 unknown session, 413 too large, 429 too many sessions).
 */
public final class BadRequest extends RuntimeException {
    private final int status;

    public BadRequest(String message) {
        this(400, message);
    }

    public BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
