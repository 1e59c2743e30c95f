package dev.soma.cli;

/**
 * Bad arguments or input found by the command line itself (an output that exists, a file that is missing). Reported
 * as one line {@code soma: error: MESSAGE} with exit code 2, like the library's own {@link dev.soma.SomaException}.
 */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
