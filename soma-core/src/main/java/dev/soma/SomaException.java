package dev.soma;

/**
 * The one exception type Soma throws for bad input: shapes that do not fit, files that are broken or hostile,
 * arguments out of range. Its message is one line that says what was expected and what was found.
 */
public class SomaException extends RuntimeException {
    public SomaException(String message) {
        super(message);
    }

    public SomaException(String message, Throwable cause) {
        super(message, cause);
    }
}
