package dev.soma.spark.train;

import dev.soma.SomaException;

/**
 * Turns a failed Spark job into Soma's one-line error. A task's {@link SomaException} (bad input, divergence)
 * reaches the driver inside a {@code SparkException} whose message carries the task's exception as
 * "dev.soma.SomaException: message" followed by the executor's stack trace; the message alone is what users need.
 */
public final class SparkFailures {
    private SparkFailures() {
    }

    /** The exception to throw on the driver: the task's SomaException message, or {@code e} itself. */
    public static RuntimeException oneLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SomaException se) {
                return new SomaException(se.getMessage(), e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            String marker = SomaException.class.getName() + ": ";
            int i = m == null ? -1 : m.indexOf(marker);
            if (i >= 0) {
                String rest = m.substring(i + marker.length());
                int nl = rest.indexOf('\n');
                return new SomaException((nl < 0 ? rest : rest.substring(0, nl)).trim(), e);
            }
        }
        return e instanceof RuntimeException re ? re : new RuntimeException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
}
