package dev.soma.spark.train;

/**
 * A barrier task lost its connection to the driver's rendezvous or to another task (a task or executor died, the
 * stage was cancelled). Not a {@link dev.soma.SomaException}: the driver retries the epoch after it, whereas a Soma
 * error (bad input, divergence) ends training.
 */
final class LinkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LinkFailure(String message) {
        super(message);
    }

    LinkFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
